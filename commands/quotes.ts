import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, suggestTopics } from '../src/command.js';
import { describeArticle, type View } from '../src/view.js';

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('quotes')
    .setDescription('Direct quotes on a topic, with their speakers')
    .addStringOption((o) =>
      o.setName('topic').setDescription('What the quotes should be about').setRequired(true).setMaxLength(80).setAutocomplete(true),
    )
    .addStringOption((o) => o.setName('speaker').setDescription('Only quotes by this person').setMaxLength(80)),

  autocomplete: { topic: suggestTopics },

  async handle(options, { news, caller }): Promise<View> {
    const topic = String(options.topic);
    const speaker = typeof options.speaker === 'string' ? options.speaker : undefined;
    const quotes = await news.quotes({ topic, speaker, guildId: caller?.guildId });
    return {
      title: speaker ? `Quotes: ${topic} (${speaker})` : `Quotes: ${topic}`,
      entries: quotes.map((q) => ({
        text: q.text,
        quoted: true,
        detail: [q.speaker ?? 'unattributed', q.article.title, describeArticle(q.article)].filter(Boolean).join(' — '),
        url: q.article.url,
      })),
      empty: speaker ? `No quotes by ${speaker} about "${topic}" yet.` : `No quotes about "${topic}" yet.`,
    };
  },
};
