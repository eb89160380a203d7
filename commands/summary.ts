import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, suggestTopics } from '../src/command.js';
import { DEFAULT_SUMMARY_SENTENCES } from '../src/news/news.js';
import { describeArticle, type View } from '../src/view.js';

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('summary')
    .setDescription('A short summary of what the articles say about a topic, every sentence cited')
    .addStringOption((o) => o.setName('topic').setDescription('What to summarise').setRequired(true).setMaxLength(80).setAutocomplete(true))
    .addIntegerOption((o) => o.setName('sentences').setDescription('How many sentences').setMinValue(1).setMaxValue(10)),

  autocomplete: { topic: suggestTopics },

  defer: true,

  async handle(options, { news, caller }): Promise<View> {
    const topic = String(options.topic);
    const sentences = typeof options.sentences === 'number' ? options.sentences : DEFAULT_SUMMARY_SENTENCES;
    const summary = await news.summary(topic, sentences, undefined, caller?.guildId);
    const number = new Map(summary.sources.map((s, index) => [s.id, index + 1]));
    return {
      title: `Summary: ${summary.topic}`,
      entries: summary.sentences.map((s) => ({ text: s.text, cites: s.sources.map((id) => number.get(id)!) })),
      sources: summary.sources.map((s) => ({ label: s.title, url: s.url, detail: describeArticle(s) })),
      empty: `Nothing indexed about "${summary.topic}" yet.`,
      footer: [`Summarized by ${summary.summarizer}`, ...(summary.notes ?? [])].join(' · '),
    };
  },
};
