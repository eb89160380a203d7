/**
 * Any view, however hostile its text, renders within every Discord limit and in at most two messages:
 * generated views (long markdown titles, bidi controls, long footers and URLs, 25 headlines of 300
 * characters) through renderView, and /headlines limit:25 end to end through the loopback Discord.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import { parseConfig } from '../src/config.js';
import { type Bot, startBot } from '../src/discord/bot.js';
import { LIMITS, limitProblems, truncate } from '../src/discord/limits.js';
import { type DiscordMessage, MAX_MESSAGES, renderView } from '../src/discord/render.js';
import { createLogger } from '../src/log.js';
import type { View, ViewEntry } from '../src/view.js';
import { makeArticle } from './support/articles.js';
import { DEFAULT_IDS, DiscordFake, type JsonObject, type PostedMessage } from './support/discord-fake.js';

// Bidi controls and invisible format characters that must never reach a message.
const HIDDEN =
  /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\u2060-\u2064\uFEFF\u180E\u00AD\u{E0000}-\u{E007F}\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/u;
// A subdivision flag: the one sequence tag characters may form.
const FLAG = /\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}/gu;
// A line start Discord renders as a heading, subtext, quote or list item.
const MARKDOWN_LINE_START = /^\s*(#{1,3} |-# |>|[-*+] |\d+\. )/;

/** A small seeded generator, so a failing case can be replayed. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * (max + 1));
  const pick = <T>(items: readonly T[]) => items[int(items.length - 1)]!;
  return { next, int, pick };
}

const HOSTILE_PIECES = [
  '**bold**',
  '__under__',
  '~~strike~~',
  '`code`',
  '```block```',
  '||spoiler||',
  '[click](https://evil.example)',
  '## ',
  '### ',
  '# ',
  '-# ',
  '> ',
  '>>> ',
  '- ',
  '* ',
  '+ ',
  '1. ',
  '\\',
  '\\\\',
  '\\*',
  '\n## Heading\n',
  '\n- item\n',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<#123456789012345678>',
  '<t:0:R>',
  '\u202E',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '\u200E',
  '\u200F',
  '\u061C',
  '\u200B',
  '\u2060',
  '\uFEFF',
  '\u180E',
  '\u00AD',
  '\u001b[2J',
  '\u001b]0;title\u0007',
  '\u009b31m',
  '\u{E0041}',
  'می\u200Cخواهم',
  '👩\u200D💻',
  '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}',
  '😀',
  'é',
  'word',
  'Iran',
  ' ',
  '  ',
  '\t',
];

function hostileText(g: ReturnType<typeof generator>, maxLength: number): string {
  let text = '';
  const length = g.int(maxLength);
  while (text.length < length) text += g.next() < 0.7 ? g.pick(HOSTILE_PIECES) : 'x'.repeat(g.int(40));
  return text;
}

function hostileUrl(g: ReturnType<typeof generator>): string | null {
  const roll = g.next();
  if (roll < 0.2) return null;
  if (roll < 0.3) return 'javascript:alert(1)';
  return `https://news.example/${'a(b)<c> '.repeat(g.int(roll < 0.9 ? 20 : 400))}`;
}

function hostileEntry(g: ReturnType<typeof generator>, sources: number): ViewEntry {
  const text = hostileText(g, g.pick([40, 300, 2000, 5000]));
  const roll = g.next();
  if (roll < 0.1) return { text, kind: 'heading' };
  if (roll < 0.2) return { text, kind: 'note' };
  if (roll < 0.45 && sources > 0) return { text, cites: Array.from({ length: 1 + g.int(4) }, () => 1 + g.int(sources - 1)) };
  if (roll < 0.7) return { text, quoted: true, detail: hostileText(g, 400), url: hostileUrl(g) };
  return { text, detail: hostileText(g, 400), url: hostileUrl(g) };
}

function hostileView(seed: number): View {
  const g = generator(seed);
  const sourceCount = g.pick([0, 0, 3, 30]);
  const sources = Array.from({ length: sourceCount }, () => ({
    label: hostileText(g, 600),
    url: hostileUrl(g),
    detail: hostileText(g, 200),
  }));
  const entryCount = g.pick([0, 1, 5, 25, 60, 200]);
  return {
    title: hostileText(g, g.pick([10, 300, 2000])),
    entries: Array.from({ length: entryCount }, () => hostileEntry(g, sourceCount)),
    sources,
    empty: hostileText(g, 5000),
    footer: g.next() < 0.5 ? hostileText(g, g.pick([20, 3000, 9000])) : undefined,
    buttons:
      g.next() < 0.3
        ? Array.from({ length: g.int(30) }, (_, i) => ({ id: `b${i}:${'x'.repeat(g.int(200))}`, label: hostileText(g, 200) }))
        : undefined,
    ephemeral: g.next() < 0.2,
  };
}

/** Every string a message shows where Discord renders markdown and mentions. */
function markdownParts(message: DiscordMessage): string[] {
  return [message.content ?? '', ...message.embeds.flatMap((e) => [e.title ?? '', e.description ?? ''])];
}

/** Every string a message shows as it is: footers and button labels. */
function plainParts(message: DiscordMessage): string[] {
  const labels = message.components.flatMap((row) => row.components.map((c) => ('label' in c ? (c.label ?? '') : '')));
  return [...message.embeds.map((e) => e.footer?.text ?? ''), ...labels];
}

function expectSafe(messages: DiscordMessage[], maxMessages: number, label: string): void {
  expect(messages.length, label).toBeGreaterThanOrEqual(1);
  expect(messages.length, label).toBeLessThanOrEqual(maxMessages);
  expect(messages[0]!.embeds.length, `${label}: the first message has an embed`).toBeGreaterThan(0);
  for (const message of messages) {
    expect(limitProblems(message), label).toEqual([]);
    expect(message.allowedMentions).toEqual({ parse: [] });
    for (const part of [...markdownParts(message), ...plainParts(message)]) {
      expect(part.replace(FLAG, ''), label).not.toMatch(HIDDEN);
      // The only zero-width space left is the one that breaks a mention.
      expect(part.replace(/[@<]\u200b/g, ''), label).not.toContain('\u200b');
    }
    for (const part of markdownParts(message)) {
      expect(part, label).not.toMatch(/@everyone|@here|<@\d|<#\d|<t:/);
      // Cut after escaping, never inside an escape: no backslash is left to escape the ellipsis.
      expect(part, label).not.toMatch(/(?<!\\)(\\\\)*\\…/);
    }
    for (const embed of message.embeds) {
      for (const line of (embed.description ?? '').split('\n')) {
        // Our own line starts: a heading entry, a quote, a numbered headline in bold.
        if (/^(### |> “)/.test(line)) continue;
        expect(line, label).not.toMatch(MARKDOWN_LINE_START);
      }
    }
  }
}

describe('rendering any view within Discord limits', () => {
  it('holds every limit, shows nothing hidden and answers in at most two messages, for 400 generated hostile views', () => {
    for (let seed = 1; seed <= 400; seed++) {
      const view = hostileView(seed);
      const max = view.buttons?.length ? 1 : MAX_MESSAGES;
      expectSafe(renderView(view), max, `seed ${seed}`);
      expectSafe(renderView(view, { maxMessages: 1 }), 1, `seed ${seed}, one message`);
    }
  });

  it('answers 25 headlines of 300 markdown-heavy characters in one page, every headline shown and linked', () => {
    const title = (i: number) => `${i} ${'**Breaking** __news__ [x](y) ||z|| ## '.repeat(10)}`.slice(0, 300);
    const view: View = {
      title: 'Latest headlines',
      entries: Array.from({ length: 25 }, (_, i) => ({
        text: title(i),
        detail: 'Harbor Daily · 2025-03-31',
        url: `https://harbordaily.example/2025/03/31/story-${i}`,
      })),
      footer: 'Page 1',
      buttons: [
        { id: 'headlines:0:25:', label: 'Prev', disabled: true },
        { id: 'headlines:2:25:', label: 'Next' },
      ],
    };
    const messages = renderView(view);
    expectSafe(messages, 1, 'headlines');
    const text = messages[0]!.embeds.map((e) => e.description).join('\n');
    for (let i = 0; i < 25; i++) {
      expect(text).toContain(`**${i + 1}.** [${i} \\*\\*Breaking`);
      expect(text).toContain(`](https://harbordaily.example/2025/03/31/story-${i})`);
    }
    expect(messages[0]!.embeds.at(-1)!.footer?.text).toBe('Page 1');
  });

  it('keeps whole headlines when they fit, using a second message before cutting any', () => {
    const entries = Array.from({ length: 25 }, (_, i) => ({
      text: `Headline ${i} `.padEnd(300, 'y'),
      detail: 'Wire · 2025-03-31',
      url: `https://wire.example/${i}`,
    }));
    const messages = renderView({ title: 'Latest headlines', entries });
    expectSafe(messages, 2, 'whole headlines');
    expect(messages).toHaveLength(2);
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n');
    for (const entry of entries) expect(text).toContain(`[${entry.text}](${entry.url})`);
  });

  it('cuts after escaping: a title of markdown never grows past its budget, nor ends on half an escape', () => {
    const stars = '*'.repeat(3000);
    const [message] = renderView({ title: stars, entries: [{ text: stars, kind: 'note' }] });
    expect(message!.embeds[0]!.title!.length).toBeLessThanOrEqual(LIMITS.title);
    expect(message!.embeds[0]!.title).toMatch(/^(\\\*)+…$/);
    expect(message!.embeds[0]!.description).toMatch(/^(\\\*)+…$/);
    expect(truncate('ab\\\\\\*cd', 6)).toBe('ab\\\\…');
    expect(truncate('ab\\*cd', 4)).toBe('ab…');
  });

  it('puts a very long footer on an embed of a message that holds it, never on an empty first message', () => {
    for (const footer of [5999, 6000, 9000].map((n) => 'f'.repeat(n))) {
      const view: View = {
        title: 'T'.repeat(300),
        entries: Array.from({ length: 8 }, (_, i) => ({ text: `${i} `.padEnd(3000, 'q'), quoted: true, detail: 'A Speaker' })),
        footer,
      };
      const messages = renderView(view);
      expectSafe(messages, 2, `footer ${footer.length}`);
      expect(messages.at(-1)!.embeds.at(-1)!.footer!.text.length).toBe(LIMITS.footer);
    }
  });

  it('says how many entries were left out when even short ones cannot all fit', () => {
    const entries = Array.from({ length: 1000 }, (_, i) => ({
      text: `Headline number ${i} about something`,
      detail: 'Wire',
      url: `https://wire.example/${i}`,
    }));
    const messages = renderView({ title: 'Many', entries });
    expectSafe(messages, 2, 'many');
    const text = messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n');
    expect(text).toContain('**1.** [Headline number 0 about something](https://wire.example/0)');
    expect(text).toMatch(/\*…and \d+ more not shown\.\*$/);
  });

  it('keeps ZWNJ and ZWJ (Persian words, emoji sequences) and drops bidi overrides and zero-width spaces', () => {
    const [message] = renderView({
      title: '\u202Eevil\u202C title',
      entries: [{ text: 'می\u200Cخواهم 👩\u200D💻 \u2066hidden\u2069 zero\u200Bwidth\uFEFF' }],
      footer: 'Summarized by \u202Eextractive',
    });
    const embed = message!.embeds[0]!;
    expect(embed.title).toBe('evil title');
    expect(embed.description).toContain('[می\u200Cخواهم 👩\u200D💻 hidden zerowidth]'.slice(1, -1));
    expect(embed.footer?.text).toBe('Summarized by extractive');
  });
});

describe('/headlines limit:25 through the loopback Discord', () => {
  let fake: DiscordFake;
  let app: App;
  let bot: Bot;
  const log = createLogger('warn', new Writable({ write: (_chunk, _e, done) => done() }));

  beforeAll(async () => {
    delete process.env.SHARDS;
    delete process.env.SHARD_COUNT;
    app = await openApp({ ...parseConfig({}), dbPath: join(mkdtempSync(join(tmpdir(), 'nb-limits-')), 'limits.db') });
    // 40 articles whose titles are 300 characters of markdown, mentions and bidi controls.
    for (let i = 0; i < 40; i++) {
      const title =
        `${String(i).padStart(2, '0')} ## Storm **warning** \u202Eflipped\u202C _for_ @everyone [the](https://evil.example) ||coast|| `
          .repeat(5)
          .slice(0, 300);
      // Eight days apart: alike as they are, each is its own story (a week is a story's window), so each is a line.
      const day = new Date(Date.UTC(2024, 0, 1) + i * 8 * 86_400_000).toISOString().slice(0, 10);
      await app.store.upsert(
        makeArticle({
          title,
          url: `https://coast.example/${day}/storm-${i}`,
          source: 'Coast Herald',
          published: day,
          paragraphs: [`Storm story number ${i} on the coast.`],
        }),
      );
    }
    fake = await DiscordFake.start({ heartbeatIntervalMs: 1000 });
    bot = await startBot({ token: fake.token, apiBase: fake.apiBase, commands: app.commands, context: app, log });
  });

  afterAll(async () => {
    await bot?.stop();
    await fake?.close();
    await app?.close();
  });

  /** What the channel shows for an interaction once its requests stop (follow-ups come after the first reply). */
  async function settledMessages(interactionId: string, token: string): Promise<PostedMessage[]> {
    const ofThis = () => fake.requests.filter((r) => r.path.includes(`/${interactionId}/`) || r.path.includes(`/${token}`));
    let count = -1;
    while (ofThis().length !== count) {
      count = ofThis().length;
      await new Promise((resolve) => setTimeout(resolve, 400));
    }
    // Discord accepted every request: none broke a limit (the fake answers 50035 as Discord does).
    for (const request of ofThis()) expect(request.status, `${request.method} ${request.path}`).toBeLessThan(300);
    return fake.messagesIn(DEFAULT_IDS.channel).filter((m) => m.interactionId === interactionId);
  }

  it('answers in one message within every limit, and its Next button edits that message in place', async () => {
    const sent = fake.sendCommand('headlines', { limit: 25 });
    expect([4, 5]).toContain((await sent.firstCallback(5000)).type);
    const messages = await settledMessages(sent.id, sent.token);
    expect(messages.length).toBeGreaterThanOrEqual(1);
    expect(messages.length).toBeLessThanOrEqual(MAX_MESSAGES);
    for (const message of messages) {
      const embeds = message.embeds;
      const size = embeds.reduce(
        (n, e) =>
          n +
          String(e.title ?? '').length +
          String(e.description ?? '').length +
          String((e.footer as JsonObject | undefined)?.text ?? '').length,
        0,
      );
      expect(size).toBeLessThanOrEqual(LIMITS.embedsTotal);
      const text = embeds.map((e) => `${e.title ?? ''}\n${e.description ?? ''}`).join('\n');
      expect(text).not.toMatch(HIDDEN);
      expect(text).not.toMatch(/^\s*#{1,3} /m);
      expect(text).not.toMatch(/@everyone/);
      expect(text).toMatch(/\*\*25\.\*\* \[\d\d ## Storm \\\*\\\*warning\\\*\\\* flipped/);
      expect(message.allowedMentions).toEqual({ parse: [] });
    }
    const row = messages[0]!.components[0] as JsonObject;
    const next = (row.components as JsonObject[]).find((c) => c.label === 'Next')!;
    expect(next.custom_id).toBe('headlines:2:25:');
    const clicked = fake.sendButton(String(next.custom_id), { message: messages[0]!.id });
    expect((await clicked.firstCallback(5000)).type).toBe(7);
    const after = fake.messagesIn(DEFAULT_IDS.channel).filter((m) => m.interactionId === sent.id);
    expect(after).toHaveLength(messages.length);
    expect(String((after[0]!.embeds.at(-1)!.footer as JsonObject).text)).toBe('Page 2');
  });

  it('strips bidi and invisible characters from autocomplete choices, keeping ZWNJ', async () => {
    const original = app.news.suggestTopics.bind(app.news);
    app.news.suggestTopics = async () => ['\u202Eevil\u202C', 'Teh\u200Bran', 'می\u200Cخواهم', '\u2066\u2069'];
    try {
      const callback = await fake.sendAutocomplete('summary', { topic: 'x' }, 'topic').firstCallback();
      const choices = (callback.data!.choices as JsonObject[]).map((c) => c.name);
      expect(choices).toEqual(['evil', 'Tehran', 'می\u200Cخواهم']);
    } finally {
      app.news.suggestTopics = original;
    }
  });
});
