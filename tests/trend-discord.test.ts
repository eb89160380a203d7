/** /trend through the real discord.js client and the loopback Discord: a PNG attachment with alt text, shown by the embed. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { createLogger } from '../src/log.js';
import { makeArticle } from './support/articles.js';
import { DiscordFake, type InteractionCallback, type JsonObject, type RecordedRequest } from './support/discord-fake.js';
import { pngSize } from './support/png.js';

const DAY_MS = 86_400_000;
/** Noon UTC `n` days ago: inside the window whatever the hour the test runs at. */
const daysAgo = (n: number): string => new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS - n * DAY_MS + 12 * 3_600_000).toISOString();

let fake: DiscordFake;
let app: App;
let bot: Bot;
const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  app = await openApp({ ...parseConfig({}), dbPath: join(mkdtempSync(join(tmpdir(), 'nb-trend-')), 't.db') });
  const notes = [
    ['Lighthouse keepers strike over pay', 'Keepers at the northern lighthouse walked out on Monday.', 2],
    ['Lighthouse lamp fails in fog', 'The lighthouse lamp failed for an hour during thick fog.', 2],
    ['Lighthouse museum opens @everyone', 'A museum about the lighthouse opened to visitors.', 5],
  ] as const;
  for (const [title, body, ago] of notes)
    await app.store.upsert(
      makeArticle({ title, paragraphs: [body], published: daysAgo(ago), url: `https://news.example/${ago}/${title.length}` }),
    );
  fake = await DiscordFake.start();
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
});

/** The request that carried the answer: the reply itself, or the edit after a deferral. */
async function answerOf(reply: InteractionCallback): Promise<RecordedRequest> {
  if (reply.type === 4) return reply.request;
  return fake.waitForRequest('PATCH /webhooks/*/*/messages/@original');
}

describe('/trend in Discord', () => {
  it('answers with the chart as a PNG attachment described for screen readers, shown in the embed, and the busiest days listed', async () => {
    const reply = await fake.sendCommand('trend', { topic: 'lighthouse', days: 7 }).firstCallback();
    const answer = await answerOf(reply);
    const body = (answer.body as JsonObject & { data?: JsonObject }).data ?? (answer.body as JsonObject);
    const attachments = body.attachments as JsonObject[];
    expect(attachments).toHaveLength(1);
    // The attachment's description is its alt text; its id names the uploaded part (files[0]) that holds the PNG.
    expect(attachments[0]!.id).toBe('0');
    expect(String(attachments[0]!.description)).toMatch(
      /^Bar chart of stories per day about "lighthouse" from \d{4}-\d\d-\d\d to \d{4}-\d\d-\d\d \(UTC\); the busiest day was \d{4}-\d\d-\d\d with 2 stories\.$/,
    );
    const [embed] = body.embeds as JsonObject[];
    expect(embed!.image).toEqual({ url: 'attachment://trend.png' });
    expect(embed!.title).toBe('Trend: lighthouse');
    const text = String(embed!.description);
    expect(text).toContain('Lighthouse keepers strike over pay');
    expect(text).toContain(`${daysAgo(2).slice(0, 10)}: 2 stories`);
    expect(text).not.toContain('unavailable');
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const [file] = answer.files ?? [];
    expect(file).toMatchObject({ name: 'files[0]', filename: 'trend.png' });
    expect(pngSize(file!.data)).toEqual({ width: 800, height: 400 });
  });

  it('answers a days value out of range with one line, privately, from the command itself', async () => {
    const reply = await fake.sendCommand('trend', { topic: 'lighthouse', days: 400 }).firstCallback();
    const answer = await answerOf(reply);
    const body = (answer.body as JsonObject & { data?: JsonObject }).data ?? (answer.body as JsonObject);
    const shown = JSON.stringify(body);
    expect(shown).toContain('days: expected a whole number from 1 to 365, got 400');
    expect(answer.files).toBeUndefined();
  });
});
