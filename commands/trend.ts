import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, suggestTopics } from '../src/command.js';
import { MAX_TREND_DAYS, trendDays } from '../src/news/trend.js';
import { trendView, type View } from '../src/view.js';

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('trend')
    .setDescription('A chart of how many stories on a topic were reported each day')
    .addStringOption((o) =>
      o.setName('topic').setDescription('What the stories should be about').setRequired(true).setMaxLength(80).setAutocomplete(true),
    )
    .addIntegerOption((o) =>
      o.setName('days').setDescription('How many days back, today included (default 30)').setMinValue(1).setMaxValue(MAX_TREND_DAYS),
    ),

  autocomplete: { topic: suggestTopics },

  async handle(options, { news, caller }): Promise<View> {
    const topic = typeof options.topic === 'string' ? options.topic : '';
    const days = trendDays(options.days);
    return trendView(await news.trend({ topic, days, guildId: caller?.guildId }));
  },
};
