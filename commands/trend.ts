import { SlashCommandBuilder } from '@discordjs/builders';
import type { Command } from '../src/command.js';
import { MAX_TREND_DAYS, trendDays, type TrendResult } from '../src/news/trend.js';
import { describeArticle, type View, type ViewEntry } from '../src/view.js';

/** The name the picture is attached under; the embed shows `attachment://trend.png`. */
export const TREND_FILE = 'trend.png';

const stories = (n: number): string => (n === 1 ? '1 story' : `${n} stories`);

/** Alt text: the chart in one sentence, with its busiest day. */
function altText(result: TrendResult): string {
  const top = result.busiest[0];
  const peak = top ? `; the busiest day was ${top.day} with ${stories(top.stories)}` : '';
  return `Bar chart of stories per day about "${result.topic}" from ${result.from} to ${result.to} (UTC)${peak}.`;
}

/** Each busy day as a heading over its most-reported stories. */
function busyEntries(result: TrendResult): ViewEntry[] {
  return result.busiest.flatMap((busy) => [
    { text: `${busy.day}: ${stories(busy.stories)}`, kind: 'heading' as const },
    ...busy.headlines.map((h) => ({
      text: h.title,
      detail: [describeArticle(h), h.reports > 1 ? `${h.reports} reports that day` : ''].filter(Boolean).join(' · '),
      url: h.url,
    })),
  ]);
}

/** The trend as a view: the chart, then the busiest days' stories; nothing to chart when no day had a story. */
export function trendView(result: TrendResult): View {
  const any = result.busiest.length > 0;
  return {
    title: `Trend: ${result.topic}`,
    ...(any
      ? {
          chart: {
            title: `Stories per day: ${result.topic}`,
            xLabel: 'Day (UTC)',
            yLabel: 'Stories',
            points: result.counts.map((c) => ({ label: c.day, value: c.stories })),
            description: altText(result),
            fileName: TREND_FILE,
          },
        }
      : {}),
    entries: busyEntries(result),
    empty: `No stories about "${result.topic}" in the last ${result.days === 1 ? 'day' : `${result.days} days`}.`,
    footer: `${result.from} to ${result.to}, UTC days · busiest days first`,
  };
}

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

  async handle(options, { news, caller }): Promise<View> {
    const topic = typeof options.topic === 'string' ? options.topic : '';
    const days = trendDays(options.days);
    return trendView(await news.trend({ topic, days, guildId: caller?.guildId }));
  },
};
