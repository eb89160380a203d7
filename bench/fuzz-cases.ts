/**
 * Hostile inputs for `npm run fuzz`, generated from a seed: page dumps and HTML pages, RSS/Atom feeds
 * and file names built from the tricks an attacker (or a broken scraper) would use. Nothing here is
 * aimed at one rule of the code: each case is a random mix of the pieces below.
 */
import { prng } from './generator.js';

/** Pieces that break terminals, Discord markdown, mentions, bidi order and parsers. */
const HOSTILE = [
  '\x1b[2J',
  '\x1b]0;pwned\x07',
  '\x1b[31mred\x1b[0m',
  '\x07',
  '\x00',
  '\x08\x08\x08',
  '\r',
  '\u0085',
  '\x9b31m',
  '\u202e',
  '\u2066',
  '\u2069',
  '\u200b',
  '\u2060',
  '\ufeff',
  '\u200c',
  '\u200d',
  '\u061c',
  '\u180e',
  '## ',
  '### ',
  '-# ',
  '> ',
  '>>> ',
  '- ',
  '1. ',
  '```',
  '`',
  '**',
  '__',
  '~~',
  '||',
  '[link](https://evil.example/x)',
  '@everyone',
  '@here',
  '<@123456789012345678>',
  '<@&123456789012345678>',
  '<#123456789012345678>',
  '&#27;[2J',
  '&amp;',
  '&lt;script&gt;',
  '<script>alert(1)</script>',
  ']]>',
  '<![CDATA[',
  '&#x202E;',
  '"',
  '“',
  '”',
  '‘',
  '’',
  '«',
  '»',
  '"He said," he said.',
  '“Unclosed quote runs on',
  'Advertisement',
  'Recommended',
  'By ',
  'Updated 0001-01-01',
  '9999-12-31',
  'March 32, 2025',
  '🇺🇦',
  '👩‍👩‍👧',
  'مِّ‌ی',
  'x'.repeat(3000),
  '.'.repeat(500),
  'word '.repeat(400),
];

const WORDS = [
  'Iran',
  'Tehran',
  'talks',
  'said',
  'minister',
  'Trump',
  'election',
  'the',
  'port',
  'oil',
  'He',
  'She',
  'Board',
  'Consider',
  'TV',
  'Monday',
];

export interface FuzzPage {
  name: string;
  format: 'text' | 'html';
  content: string;
}

/** A random generator with the helpers the cases share. */
export class Dice {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = prng(seed);
  }
  int(max: number): number {
    return Math.floor(this.next() * max);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }
  /** A run of words with hostile pieces mixed in. */
  text(words: number): string {
    const out: string[] = [];
    for (let i = 0; i < words; i++) out.push(this.chance(0.15) ? this.pick(HOSTILE) : this.pick(WORDS));
    return out.join(this.chance(0.1) ? '' : ' ');
  }
}

/** A page as a text dump or HTML, with hostile titles, lines and quotes. */
export function fuzzPage(dice: Dice, i: number): FuzzPage {
  const title = dice.text(2 + dice.int(30));
  const paragraphs = Array.from({ length: dice.int(12) }, () =>
    dice.chance(0.3) ? `“${dice.text(5 + dice.int(30))},” ${dice.pick(WORDS)} ${dice.pick(WORDS)} said.` : dice.text(5 + dice.int(80)),
  );
  const name = fuzzFileName(dice, i);
  if (dice.chance(0.5)) {
    const lines = [
      `${title} - ${dice.text(2)}`,
      ...Array.from({ length: dice.int(6) }, () => dice.text(1 + dice.int(3))),
      title,
      ...paragraphs,
    ];
    return { name: `${name}.txt`, format: 'text', content: lines.join(dice.chance(0.5) ? '\n\n' : '\n') };
  }
  const meta = dice.chance(0.5)
    ? `<meta property="article:published_time" content="${dice.pick(['0001-01-01', '2025-03-30', 'garbage', '2999-01-01T00:00:00Z'])}">`
    : '';
  const body = paragraphs.map((p) => `<p>${dice.chance(0.3) ? p : p.replace(/</g, '&lt;')}</p>`).join(dice.chance(0.2) ? '' : '\n');
  const unclosed = dice.chance(0.1) ? '<div><div><div><p>' : '';
  return {
    name: `${name}.html`,
    format: 'html',
    content: `<html><head><title>${title}</title>${meta}</head><body><article><h1>${title}</h1>${unclosed}${body}</article></body></html>`,
  };
}

/** A file name holding newlines, escapes, bidi controls or plain oddities (never a slash). */
export function fuzzFileName(dice: Dice, i: number): string {
  const parts = ['page', String(i)];
  if (dice.chance(0.3))
    parts.push(dice.pick(['\n', '\x1b[2J', '\u202e', ' failed: forged', '\r', '\t', 'ü', '..', '-rf', '$(id)', '%s%n']));
  return parts.join('-').replace(/\//g, '_').replace(/\0/g, '');
}

/** An RSS or Atom feed whose fields carry hostile text, broken markup and odd dates. */
export function fuzzFeed(dice: Dice): string {
  const item = () => {
    const title = dice.text(1 + dice.int(20));
    const link = dice.pick([
      'https://news.example/a',
      'javascript:alert(1)',
      'http://user:pw@news.example/x?api-key=s3cret',
      '',
      'not a url',
      'https://news.example/' + 'a'.repeat(3000),
    ]);
    const date = dice.pick(['Mon, 30 Mar 2025 10:00:00 GMT', '0001-01-01', 'yesterday', '2999-12-31T00:00:00Z', '']);
    const cdata = dice.chance(0.5);
    const content = cdata ? `<![CDATA[${dice.text(20 + dice.int(200))}]]>` : dice.text(10).replace(/[<&]/g, ' ');
    return dice.chance(0.5)
      ? `<item><title>${title.replace(/[<&]/g, ' ')}</title><link>${link}</link><pubDate>${date}</pubDate><description>${content}</description></item>`
      : `<entry><title>${title.replace(/[<&]/g, ' ')}</title><link href="${link.replace(/"/g, '')}"/><updated>${date}</updated><content type="html">${content}</content></entry>`;
  };
  const items = Array.from({ length: dice.int(20) }, item).join('\n');
  const broken = dice.chance(0.15) ? items.slice(0, dice.int(items.length + 1)) : items;
  return dice.chance(0.5)
    ? `<?xml version="1.0"?><rss version="2.0"><channel><title>${dice.text(3).replace(/[<&]/g, ' ')}</title>${broken}</channel></rss>`
    : `<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>${broken}</feed>`;
}
