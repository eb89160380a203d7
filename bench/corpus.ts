/**
 * The benchmark corpus: N plain-text page dumps recombined from the pool's real articles, dressed
 * the way scraped news pages come (menus, section label, byline, date, ad lines, teaser blocks,
 * footer), with the pool's real whole-page dumps mixed in verbatim. Page i is a pure function of i,
 * so the corpus is streamed, never held in memory.
 */
import type { RawPage } from '../src/articles/article.js';
import { prng } from './generator.js';
import type { SourceArticle, SourcePool } from './sources.js';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const SECTIONS = ['World', 'Politics', 'Business', 'Tipsheet', 'Opinion', 'Technology', 'Sport', 'Culture'];
const MENU = ['Home', 'News', 'World', 'Politics', 'Business', 'Opinion', 'Video', 'Podcasts', 'Subscribe', 'Sign In'];
const AUTHORS = ['Jane Porter', 'Luis Ortega', 'Mei Lin', 'Samuel Adeyemi', 'Claire Dubois', 'Ravi Menon', 'Anna Kowalski'];
/** Fixed clock for the corpus's dates, so ranking by recency is the same in every run. */
export const CORPUS_NOW = Date.UTC(2025, 5, 1);
const DAY_MS = 86_400_000;

function dateLine(day: Date, rand: () => number): string {
  const month = MONTHS[day.getUTCMonth()]!;
  const layouts = [
    `${month} ${day.getUTCDate()}, ${day.getUTCFullYear()}`,
    `Published ${day.getUTCDate()} ${month} ${day.getUTCFullYear()}`,
    `Updated ${month.slice(0, 3)}. ${day.getUTCDate()}, ${day.getUTCFullYear()} ${1 + Math.floor(rand() * 11)}:${rand() < 0.5 ? '15' : '45'} PM ET`,
  ];
  return layouts[Math.floor(rand() * layouts.length)]!;
}

/**
 * The article's body for page i: its own paragraphs on the first round; on later rounds its lead
 * and paragraphs borrowed from other articles, so pages are rarely copies of one page (ingest keeps
 * one article per page: articles/fingerprint.ts) while the text keeps the pool's make.
 */
function recombinedBody(pool: SourcePool, base: SourceArticle, i: number, round: number): string[] {
  if (round === 0 || pool.articles.length < 2) return [...base.paragraphs];
  // Each paragraph from an article picked by a hash of (page, paragraph): two pages never borrow in step.
  const borrow = (k: number) => {
    const pick = mix(i, k);
    const other = pool.articles[pick % pool.articles.length]!;
    return other.paragraphs[(pick >>> 12) % other.paragraphs.length];
  };
  // A short article gets as many borrowed paragraphs as its own, so its rounds differ too.
  const own = base.paragraphs.length >= 4 ? base.paragraphs : [...base.paragraphs, ...base.paragraphs.map(() => '')];
  return own.map((text, k) => (k === 0 ? text : (borrow(k) ?? text))).filter((text) => text.length > 0);
}

/** A well-spread non-negative hash of two integers (multiply-xorshift). */
function mix(a: number, b: number): number {
  let h = Math.imul(a + 1, 0x9e3779b1) ^ Math.imul(b + 1, 0x85ebca6b);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}

/** Paragraphs with an ad line after every few, as dumps of ad-supported pages show them. */
function withAds(paragraphs: string[], rand: () => number): string[] {
  const out: string[] = [];
  const every = 3 + Math.floor(rand() * 3);
  paragraphs.forEach((p, k) => {
    out.push(p);
    if (k % every === every - 1 && k < paragraphs.length - 1) out.push('Advertisement');
  });
  return out;
}

function teasers(pool: SourcePool, i: number, count: number): string[] {
  const out: string[] = [];
  for (let k = 1; k <= count; k++) out.push(pool.articles[(i * 31 + k * 389) % pool.articles.length]!.title);
  return out;
}

/** Page i as a dump: "Headline - Site" on top and a menu, or the seed's layout with teaser headlines first. */
function dressedDump(pool: SourcePool, i: number): string {
  const rand = prng(i + 1);
  const round = Math.floor(i / pool.articles.length);
  const base = pool.articles[i % pool.articles.length]!;
  const site = base.site ?? 'The Daily Ledger';
  const day = new Date(CORPUS_NOW - Math.floor(rand() * 730) * DAY_MS);
  const title = round > 0 ? `${base.title} (${round + 1})` : base.title;
  const body = withAds(recombinedBody(pool, base, i, round), rand);
  const author = AUTHORS[Math.floor(rand() * AUTHORS.length)]!;
  const section = SECTIONS[Math.floor(rand() * SECTIONS.length)]!;
  const lines =
    rand() < 0.5
      ? [`${title} - ${site}`, ...MENU, section, title, `By ${author}`, dateLine(day, rand), ...body]
      : [...teasers(pool, i, 8), section, title, dateLine(day, rand), 'Pool via AP', ...body, 'Join the conversation as a VIP Member'];
  lines.push('Recommended', ...teasers(pool, i + 1, 4), `© ${day.getUTCFullYear()} ${site}. All rights reserved.`);
  return lines.join('\n\n');
}

/** How many pages of every 1,000 are the pool's real dumps, kept in proportion to the material. */
function dumpShare(pool: SourcePool): number {
  const total = pool.dumps.length + pool.articles.length;
  return total === 0 ? 0 : Math.round((1000 * pool.dumps.length) / total);
}

/** Page i of the corpus, as the ingest path receives it. */
export function corpusPage(pool: SourcePool, i: number): RawPage {
  const share = dumpShare(pool);
  const real = pool.articles.length === 0 || (i * 7) % 1000 < share;
  const content = real && pool.dumps.length > 0 ? pool.dumps[i % pool.dumps.length]! : dressedDump(pool, i);
  return { origin: `bench://corpus/${i}.txt`, format: 'text', content };
}
