/**
 * /trend outside Discord: the chart as a PNG (a real picture of the counts) or, where the renderer
 * cannot load, as text; the use case's days and zeros; the console's sparkline; the CLI's --json,
 * text and --png.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderChartPng } from '../src/chart/png.js';
import { chartLines, sparkline } from '../src/chart/sparkline.js';
import { loadCommands } from '../src/command-registry.js';
import { renderText } from '../src/console/render.js';
import { answerLine } from '../src/console/repl.js';
import { chartAttachment } from '../src/discord/chart.js';
import { renderView } from '../src/discord/render.js';
import { News } from '../src/news/news.js';
import { trendDays } from '../src/news/trend.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { ExtractiveSummarizer } from '../src/summarize/index.js';
import { trendView, type ViewChart } from '../src/view.js';
import { makeArticle } from './support/articles.js';
import { runCli } from './support/cli.js';
import { pngSize } from './support/png.js';

const DAY_MS = 86_400_000;
const chart = (values: number[]): ViewChart => ({
  title: 'Stories per day: harbour',
  xLabel: 'Day (UTC)',
  yLabel: 'Stories',
  points: values.map((value, i) => ({ label: `2025-03-0${i + 1}`, value })),
  description: 'Bar chart of stories per day about "harbour".',
  fileName: 'trend.png',
});

/** The picture's pixels, read back from the PNG. */
async function pixels(png: Buffer): Promise<{ width: number; height: number; rgb: (x: number, y: number) => [number, number, number] }> {
  const image = await loadImage(png);
  const canvas = createCanvas(image.width, image.height);
  const ctx = canvas.getContext('2d');
  ctx.drawImage(image, 0, 0);
  const data = ctx.getImageData(0, 0, image.width, image.height).data;
  return {
    width: image.width,
    height: image.height,
    rgb: (x, y) => [data[(y * image.width + x) * 4]!, data[(y * image.width + x) * 4 + 1]!, data[(y * image.width + x) * 4 + 2]!],
  };
}

describe('the chart picture', () => {
  it('is a PNG of 800 x 400 whose bars stand in proportion to the counts, under a title', async () => {
    const drawn = await renderChartPng(chart([0, 0, 7, 0, 0, 2, 0]));
    if (!('png' in drawn)) throw new Error(drawn.unavailable);
    expect(pngSize(drawn.png)).toEqual({ width: 800, height: 400 });
    const picture = await pixels(drawn.png);
    const isBar = (x: number, y: number) => {
      const [r, g, b] = picture.rgb(x, y);
      return b > 180 && r < 90 && g > 80 && g < 150;
    };
    // Columns holding bar colour, as runs (one per bar), each with its height in pixels.
    const heights: number[] = [];
    let inBar = false;
    for (let x = 0; x < picture.width; x++) {
      let height = 0;
      for (let y = 0; y < picture.height; y++) if (isBar(x, y)) height++;
      if (height > 0 && !inBar) heights.push(height);
      else if (height > 0) heights[heights.length - 1] = Math.max(heights[heights.length - 1]!, height);
      inBar = height > 0;
    }
    expect(heights).toHaveLength(2);
    expect(heights[0]! / heights[1]!).toBeGreaterThan(3.3);
    expect(heights[0]! / heights[1]!).toBeLessThan(3.7);
    // The title is dark text across the top.
    let dark = 0;
    for (let x = 0; x < picture.width; x++) for (let y = 0; y < 40; y++) if (picture.rgb(x, y).every((c) => c < 100)) dark++;
    expect(dark).toBeGreaterThan(200);
  });

  it('is a reason, not an error, where the native renderer cannot load; Discord then shows the sparkline and says so', async () => {
    const missing = () => Promise.reject(new Error('Cannot find module @napi-rs/canvas-linux-x64-gnu'));
    const reason = 'the chart renderer (@napi-rs/canvas) could not be loaded: Error: Cannot find module @napi-rs/canvas-linux-x64-gnu';
    expect(await renderChartPng(chart([1, 2]), missing)).toEqual({ unavailable: reason });
    const warnings: string[] = [];
    const log = { debug() {}, info() {}, warn: (m: string) => warnings.push(m), error() {} };
    expect(await chartAttachment(chart([1, 2]), log, missing)).toBeNull();
    expect(warnings).toEqual([`chart shown as text: ${reason}`]);
    const view = { title: 'Trend: harbour', chart: chart([0, 3, 6]), entries: [{ text: 'Harbour reopens' }] };
    const [message] = renderView(view);
    const description = message!.embeds[0]!.description!;
    expect(description.split('\n').slice(0, 3)).toEqual([
      '*The chart picture is unavailable here; as text:*',
      '2025-03-01 ▁▅█ 2025-03-03',
      'Stories: lowest 0, highest 6',
    ]);
    expect(message!.embeds[0]!.image).toBeUndefined();
    const [withPicture] = renderView(view, { chartFile: 'trend.png' });
    expect(withPicture!.embeds[0]!.image).toEqual({ url: 'attachment://trend.png' });
    expect(withPicture!.embeds[0]!.description).not.toContain('unavailable');
  });
});

describe('the sparkline', () => {
  it('gives a zero the lowest block and scales the rest to the highest, so a quiet day never looks empty', () => {
    expect(sparkline([0, 1, 7, 3])).toBe('▁▂█▄');
    expect(sparkline([0, 0])).toBe('▁▁');
    expect(sparkline([100, 1])).toBe('█▂');
    expect(chartLines(chart([2]))).toEqual(['2025-03-01 █', 'Stories: lowest 2, highest 2']);
  });
});

describe('the trend of a topic', () => {
  const now = Date.parse('2025-03-07T15:00:00Z');
  let store: SqliteStore;
  let news: News;
  beforeAll(async () => {
    store = new SqliteStore(':memory:', { now: () => now });
    news = new News({ store, summarizer: new ExtractiveSummarizer(), now: () => now });
    const note = (title: string, body: string, published: string | null) =>
      store.upsert(makeArticle({ title, paragraphs: [body], published }));
    await note('Harbour cranes idle', 'Dock workers left the harbour cranes idle.', '2025-03-02T08:00:00Z');
    await note('Harbour fees rise', 'The harbour board raised mooring fees by a tenth.', '2025-03-05T09:00:00Z');
    await note('Harbour seals counted', 'Volunteers counted forty seals in the harbour.', '2025-03-05T17:00:00Z');
    await note('Harbour history', 'An old harbour map was found in a cellar.', null);
    await note('Harbour tomorrow', 'Tomorrow the harbour ferry runs late.', '2025-03-08T01:00:00Z');
  });
  afterAll(() => store.close());

  it('counts every day of the window, today included and zeros filled in, and lists the busiest days first', async () => {
    const result = await news.trend({ topic: 'harbour', days: 7 });
    expect(result.counts).toEqual([
      { day: '2025-03-01', stories: 0 },
      { day: '2025-03-02', stories: 1 },
      { day: '2025-03-03', stories: 0 },
      { day: '2025-03-04', stories: 0 },
      { day: '2025-03-05', stories: 2 },
      { day: '2025-03-06', stories: 0 },
      { day: '2025-03-07', stories: 0 },
    ]);
    expect(result).toMatchObject({ topic: 'harbour', days: 7, from: '2025-03-01', to: '2025-03-07' });
    expect(result.busiest.map((b) => [b.day, b.stories, b.headlines.map((h) => h.title)])).toEqual([
      ['2025-03-05', 2, ['Harbour seals counted', 'Harbour fees rise']],
      ['2025-03-02', 1, ['Harbour cranes idle']],
    ]);
    expect((await news.trend({ topic: 'harbour' })).counts).toHaveLength(30);
  });

  it('refuses days outside 1 to 365 and a topic the syntax does not allow, each with one line', async () => {
    expect(trendDays(undefined)).toBe(30);
    for (const bad of [0, 366, 2.5, 'many']) {
      await expect(news.trend({ topic: 'harbour', days: bad as number })).rejects.toThrow(
        `days: expected a whole number from 1 to 365, got ${bad}`,
      );
    }
    await expect(news.trend({ topic: '"harbour', days: 7 })).rejects.toThrow('topic: expected a closing " after "harbour');
    await expect(news.trend({ topic: '  ', days: 7 })).rejects.toThrow('topic: expected something to look for');
  });

  it('shows in the console as a sparkline over the busiest days and their stories', async () => {
    const text = renderText(trendView(await news.trend({ topic: 'harbour -seals', days: 7 })));
    expect(text.split('\n').slice(0, 4)).toEqual([
      'Trend: harbour -seals',
      '=====================',
      '2025-03-01 ▁█▁▁█▁▁ 2025-03-07',
      'Stories: lowest 0, highest 1',
    ]);
    expect(text).toContain('## 2025-03-05: 1 story');
    expect(text).toContain(' 1. Harbour fees rise');
    // Typed at the console prompt as in Discord: the same answer.
    const typed = await answerLine('/trend topic:harbour -seals days:7', await loadCommands(), { news });
    expect(typed).toBe(text);
    expect(await answerLine('/trend topic:harbour days:0', await loadCommands(), { news })).toBe('Error: option days must be at least 1');
    const none = renderText(trendView(await news.trend({ topic: 'lighthouse', days: 3 })));
    expect(none).toContain('No stories about "lighthouse" in the last 3 days.');
    expect(none).not.toContain('▁');
  });
});

describe('newsbrief trend', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nb-trend-cli-'));
  const db = join(dir, 'trend.db');
  const noonDaysAgo = (n: number) => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - n * DAY_MS + 12 * 3_600_000).toISOString();
  beforeAll(async () => {
    const store = new SqliteStore(db);
    await store.upsert(
      makeArticle({ title: 'Canal lock repaired', paragraphs: ['Engineers repaired the canal lock gates.'], published: noonDaysAgo(1) }),
    );
    await store.upsert(
      makeArticle({ title: 'Canal boats return', paragraphs: ['Narrow boats returned to the canal basin.'], published: noonDaysAgo(3) }),
    );
    await store.close();
  });

  it('prints the use case as JSON: every day, the busiest days with their stories', async () => {
    const { code, stdout } = await runCli(['trend', 'canal', '--days', '5', '--db', db, '--json']);
    expect(code).toBe(0);
    const result = JSON.parse(stdout) as {
      topic: string;
      days: number;
      from: string;
      to: string;
      counts: { day: string; stories: number }[];
      busiest: {
        day: string;
        stories: number;
        headlines: { id: string; title: string; url: string | null; source: string; published: string; story: number; reports: number }[];
      }[];
    };
    expect(Object.keys(result)).toEqual(['topic', 'days', 'from', 'to', 'counts', 'busiest']);
    expect(result.counts.map((c) => c.stories)).toEqual([0, 1, 0, 1, 0]);
    expect(result.to).toBe(new Date().toISOString().slice(0, 10));
    expect(result.busiest[0]!.headlines[0]).toMatchObject({ title: 'Canal lock repaired', source: 'Test Wire', reports: 1 });
    expect(Object.keys(result.busiest[0]!.headlines[0]!).sort()).toEqual([
      'id',
      'image',
      'published',
      'reports',
      'source',
      'story',
      'title',
      'url',
    ]);
  });

  it('prints the sparkline and writes the chart with --png; bad days and a missing topic are one line', async () => {
    const file = join(dir, 'canal.png');
    const { code, stdout } = await runCli(['trend', 'canal', '--days', '5', '--db', db, '--png', file]);
    expect(code).toBe(0);
    expect(stdout).toContain('▁█▁█▁');
    expect(stdout).toContain(`Chart written to ${file}`);
    expect(pngSize(readFileSync(file))).toEqual({ width: 800, height: 400 });
    const tooMany = await runCli(['trend', 'canal', '--days', '366', '--db', db]);
    expect([tooMany.code, tooMany.stderr]).toEqual([1, 'newsbrief: --days expects a whole number from 1 to 365, got "366"\n']);
    const none = await runCli(['trend', '--db', db]);
    expect([none.code, none.stderr]).toEqual([1, 'newsbrief: trend needs a TOPIC, e.g. newsbrief trend iran --days 30\n']);
  });
});
