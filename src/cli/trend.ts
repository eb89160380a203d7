/** `newsbrief trend TOPIC [--days N] [--png FILE]`: stories per day on a topic, as JSON, text with a sparkline, and a PNG. */
import { writeFile } from 'node:fs/promises';
import { renderChartPng } from '../chart/png.js';
import type { Config } from '../config.js';
import { renderText } from '../console/render.js';
import { DEFAULT_TREND_DAYS, MAX_TREND_DAYS, type TrendResult } from '../news/trend.js';
import { trendChart, trendView } from '../view.js';
import { CliError, type CliIo, type Flags, positiveInt, requireDatabase, withReadingApp, writeLine } from './shared.js';

/** Writes the trend's chart as a PNG; a renderer that cannot load, or a file that cannot be written, is one line. */
async function writeChart(result: TrendResult, file: string): Promise<void> {
  const drawn = await renderChartPng(trendChart(result));
  if ('unavailable' in drawn) throw new CliError(`--png: ${drawn.unavailable}`);
  try {
    await writeFile(file, drawn.png);
  } catch (error) {
    throw new CliError(`--png: cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

export async function commandTrend(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const topic = args.join(' ').trim();
  if (!topic) throw new CliError('trend needs a TOPIC, e.g. newsbrief trend iran --days 30');
  const days = positiveInt('days', flags.days, DEFAULT_TREND_DAYS, MAX_TREND_DAYS);
  if (flags.png !== undefined && flags.png.trim() === '') throw new CliError('--png expects a file name, got an empty value');
  requireDatabase(config);
  const result = await withReadingApp(config, (app) => app.news.trend({ topic, days }), { commands: false });
  // The answer comes first: a chart that cannot be drawn still leaves it (and exits 1).
  writeLine(io.stdout, flags.json ? JSON.stringify(result) : renderText(trendView(result)));
  if (flags.png !== undefined) {
    await writeChart(result, flags.png);
    if (!flags.json) writeLine(io.stdout, `Chart written to ${flags.png}`);
  }
  return 0;
}
