import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, suggestTopics } from '../src/command.js';
import { DEFAULT_HEADLINES } from '../src/news/news.js';
import { describeStory, type View, withImage } from '../src/view.js';

export const MAX_HEADLINES = 25;

/** Button ids carry the whole query ("headlines:<page>:<limit>:<topic>") so they work after a restart. */
export function headlinesButtonId(page: number, limit: number, topic: string | null): string {
  return `headlines:${page}:${limit}:${topic ?? ''}`.slice(0, 100);
}

/** Reads a button id back into its query, or null when it is not one of ours. */
export function parseHeadlinesButtonId(id: string): { page: number; limit: number; topic: string | null } | null {
  const match = /^headlines:(\d{1,3}):(\d{1,2}):(.*)$/s.exec(id);
  if (!match) return null;
  const page = Number(match[1]);
  const limit = Number(match[2]);
  if (page < 1 || limit < 1 || limit > MAX_HEADLINES) return null;
  return { page, limit, topic: match[3] || null };
}

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('headlines')
    .setDescription('The latest headlines, optionally on a topic')
    .addStringOption((o) => o.setName('topic').setDescription('What the headlines should be about').setMaxLength(80).setAutocomplete(true))
    .addIntegerOption((o) => o.setName('limit').setDescription('How many headlines per page').setMinValue(1).setMaxValue(MAX_HEADLINES))
    .addIntegerOption((o) => o.setName('page').setDescription('Which page of results').setMinValue(1).setMaxValue(100)),

  autocomplete: { topic: suggestTopics },

  async button(customId, context): Promise<View | null> {
    const query = parseHeadlinesButtonId(customId);
    if (!query) return null;
    const options = { page: query.page, limit: query.limit, ...(query.topic ? { topic: query.topic } : {}) };
    return command.handle(options, context);
  },

  async handle(options, { news, caller }): Promise<View> {
    const topic = typeof options.topic === 'string' ? options.topic : undefined;
    const limit = typeof options.limit === 'number' ? options.limit : DEFAULT_HEADLINES;
    const page = typeof options.page === 'number' ? options.page : 1;
    const result = await news.headlines({ topic, limit, offset: (page - 1) * limit, guildId: caller?.guildId });
    return {
      title: result.topic ? `Headlines: ${result.topic}` : 'Latest headlines',
      entries: result.headlines.map((h) => ({ text: h.title, detail: describeStory(h), url: h.url, ...withImage(h.image, 'thumbnail') })),
      empty: result.topic ? `No headlines about "${result.topic}" yet.` : 'No articles indexed yet.',
      footer: page > 1 || result.hasMore ? `Page ${page}` : undefined,
      buttons:
        page > 1 || result.hasMore
          ? [
              { id: headlinesButtonId(page - 1, limit, result.topic), label: 'Prev', disabled: page <= 1 },
              { id: headlinesButtonId(page + 1, limit, result.topic), label: 'Next', disabled: !result.hasMore },
            ]
          : undefined,
    };
  },
};
