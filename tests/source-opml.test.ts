/**
 * /source import (an attached OPML file, fetched from a loopback "CDN") and /source export (an OPML
 * 2.0 attachment) through real discord.js and the loopback Discord; OPML written and read back.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { renderText } from '../src/console/render.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { createLogger } from '../src/log.js';
import { MAX_FEEDS_PER_GUILD } from '../src/news/sources.js';
import { parseOpmlList, writeOpml } from '../src/sources/opml.js';
import { DiscordFake, type JsonObject } from './support/discord-fake.js';
import { HttpFake, respond } from './support/http-fake.js';

const IMPORTER = '500000000000000001';
const FULL = '500000000000000002';
const MANAGER = (1n << 5n).toString();
const log = createLogger('warn', new Writable({ write: (_c, _e, done) => done() }));
const TRICKY_TITLE = `Tom & "Jerry's" <News>\tdaily`;

let server: HttpFake;
let fake: DiscordFake;
let app: App;
let bot: Bot;

const outline = (url: string, title: string) => `<outline type="rss" text="${title}" xmlUrl="${url}"/>`;
const opmlFile = (...outlines: string[]) =>
  `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body><outline text="News">${outlines.join('')}</outline></body></opml>`;

beforeAll(async () => {
  delete process.env.SHARDS;
  delete process.env.SHARD_COUNT;
  server = await HttpFake.start();
  server
    .route(
      '/attachments/1/feeds.opml',
      respond(
        200,
        opmlFile(
          outline('https://one.example/rss', 'One'),
          outline('https://two.example/feed?a=1&amp;b=2', 'Two &amp; more'),
          outline('https://operator.example/rss', 'Already operator-wide'),
          outline('https://one.example/rss', 'One again'),
          outline('ftp://files.example/feed', 'Not the web'),
        ),
        { 'content-type': 'text/x-opml' },
      ),
    )
    .route(
      '/attachments/2/more.opml',
      respond(200, opmlFile(outline('https://three.example/rss', 'Three'), outline('https://four.example/rss', 'Four')), {
        'content-type': 'application/xml',
      }),
    )
    .route(
      '/attachments/3/huge.opml',
      respond(200, opmlFile(outline('https://x.example/rss', 'x'.repeat(2 * 1024 * 1024))), { 'content-type': 'text/x-opml' }),
    )
    .route('/attachments/4/not.opml', respond(200, '<html><body>a page</body></html>', { 'content-type': 'text/html' }));
  const base = parseConfig({});
  app = await openApp({
    ...base,
    dbPath: join(mkdtempSync(join(tmpdir(), 'nb-opml-')), 'o.db'),
    fetch: { ...base.fetch, allowLoopback: true },
  });
  fake = await DiscordFake.start({ guilds: [{ id: IMPORTER }, { id: FULL }] });
  bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
  await app.sourceDeps.feeds.addFeed(
    { guildId: null, url: 'https://operator.example/rss', origin: 'file', intervalMs: 600_000 },
    Date.now(),
  );
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await app?.close();
  await server?.close();
});

function shown(data: JsonObject | undefined): string {
  const embeds = (data?.embeds as JsonObject[] | undefined) ?? [];
  return [data?.content ?? '', ...embeds.flatMap((e) => [e.title, e.description])]
    .filter((p) => typeof p === 'string')
    .join('\n')
    .replace(/\\(.)/g, '$1');
}

/** /source SUBCOMMAND in a server; the request that carried its (deferred, private) answer. */
async function source(guildId: string, subcommand: string, options: JsonObject[] = [], resolved?: JsonObject) {
  const sent = fake.sendCommand('source', options, { subcommand, guildId, permissions: MANAGER, resolved });
  const first = await sent.firstCallback();
  expect(first.type).toBe(5);
  return fake.waitForRequest(`POST /webhooks/*/${sent.token}`);
}

/** /source import with the file at this loopback path attached, as Discord sends an attachment option. */
async function importAttached(guildId: string, path: string): Promise<string> {
  const id = String(5_100_000_000_000_000 + server.requests.length);
  const attachment = {
    id,
    filename: path.split('/').pop(),
    size: 100,
    url: server.url(path),
    proxy_url: server.url(path),
    content_type: 'text/x-opml',
  };
  const request = await source(guildId, 'import', [{ name: 'file', type: 11, value: id }], { attachments: { [id]: attachment } });
  return shown(request.body as JsonObject);
}

describe('/source import', () => {
  it('fetches the attached file and reports added, already present and failed outlines in one answer', async () => {
    const answer = await importAttached(IMPORTER, '/attachments/1/feeds.opml');
    expect(server.hits('/attachments/1/feeds.opml')).toBe(1);
    expect(answer).toContain('2 added, 1 already here, 1 failed');
    expect(answer).toContain('Not the web: not an http(s) address');
    const feeds = await app.sourceDeps.feeds.listFeeds(IMPORTER);
    expect(feeds.map((f) => [f.url, f.title, f.origin])).toEqual([
      ['https://one.example/rss', 'One', 'opml'],
      ['https://two.example/feed?a=1&b=2', 'Two & more', 'opml'],
    ]);
    // Again: everything is already here.
    expect(await importAttached(IMPORTER, '/attachments/1/feeds.opml')).toContain('0 added, 3 already here, 1 failed');
  });

  it("stops at the server's feed limit and names each feed left out", async () => {
    const now = Date.now();
    for (let i = 0; i < MAX_FEEDS_PER_GUILD - 1; i++) {
      await app.sourceDeps.feeds.addFeed(
        { guildId: FULL, url: `https://filler.example/${i}`, origin: 'command', intervalMs: 600_000 },
        now,
      );
    }
    const answer = await importAttached(FULL, '/attachments/2/more.opml');
    expect(answer).toContain('1 added, 0 already here, 1 failed');
    expect(answer).toContain(`Four: this server already has ${MAX_FEEDS_PER_GUILD} feeds`);
    expect(await app.sourceDeps.feeds.countFeeds(FULL)).toBe(MAX_FEEDS_PER_GUILD);
  });

  it('refuses a file over the size cap and one that is not OPML, in one line each', async () => {
    const huge = await importAttached(IMPORTER, '/attachments/3/huge.opml');
    expect(huge).toContain('the attached file could not be read: body over the 1.0 MB limit');
    expect(huge).not.toContain('127.0.0.1'); // the attachment's address is not repeated to the user
    expect(await importAttached(IMPORTER, '/attachments/4/not.opml')).toContain('is not an OPML file');
    expect(await app.sourceDeps.feeds.countFeeds(IMPORTER)).toBe(2);
  });
});

describe('/source export', () => {
  it("attaches the server's feeds as OPML 2.0 that reads back to the same feeds, titles escaped", async () => {
    await app.sourceDeps.feeds.addFeed(
      { guildId: IMPORTER, url: 'https://tricky.example/rss?x=1&y="2"', origin: 'command', title: TRICKY_TITLE, intervalMs: 600_000 },
      Date.now(),
    );
    const request = await source(IMPORTER, 'export');
    expect(shown(request.body as JsonObject)).toContain('The 3 feeds of this server');
    expect(request.files).toHaveLength(1);
    const [file] = request.files ?? [];
    expect(file!.filename).toBe('newsbrief-feeds.opml');
    expect(file!.content).toContain('<opml version="2.0">');
    const read = parseOpmlList(file!.content, 'export');
    const stored = await app.sourceDeps.feeds.listFeeds(IMPORTER);
    expect(read.feeds.map((f) => f.url)).toEqual(stored.map((f) => new URL(f.url).href));
    expect(read.feeds.find((f) => f.url.startsWith('https://tricky.example'))?.title).toBe(TRICKY_TITLE);
    expect(read.rejected).toEqual([]);
  });

  it('shows the same file as text in the console', async () => {
    const view = await app.commands.get('source')!.handle({ subcommand: 'export' }, app);
    const text = renderText(view);
    expect(text).toContain('--- newsbrief-feeds.opml ---');
    expect(text).toContain('xmlUrl="https://operator.example/rss"');
  });
});

describe('writeOpml', () => {
  it('escapes every attribute so any reader gets the titles and addresses back', () => {
    const feeds = [
      { url: 'https://a.example/?q=<b>&c="d"', title: `<script>&'"` },
      { url: 'https://b.example/', title: null },
    ];
    const read = parseOpmlList(writeOpml('A & B', feeds, new Date(0)), 'x');
    expect(read.feeds).toEqual([
      { url: 'https://a.example/?q=%3Cb%3E&c=%22d%22', title: `<script>&'"` },
      { url: 'https://b.example/', title: 'https://b.example/' },
    ]);
  });
});
