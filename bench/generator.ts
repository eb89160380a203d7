/**
 * The built-in article generator: news-shaped English (people, places, quotes with their speakers)
 * for when the shared corpus is absent. Deterministic, so two runs build the same corpus.
 */
import type { SourceArticle } from './sources.js';

/** A small seeded PRNG (mulberry32): the same seed gives the same corpus. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PEOPLE = [
  'Maria Alvarez',
  'James Okafor',
  'Helen Park',
  'David Lindqvist',
  'Amira Haddad',
  'Thomas Becker',
  'Sarah Nguyen',
  'Robert Mensah',
  'Laura Rossi',
  'Daniel Cohen',
  'Olivia Grant',
  'Ali Rezaei',
  'Kevin Brooks',
  'Nicole Tanaka',
];
const ROLES = [
  'the finance minister',
  'the mayor',
  'a spokeswoman for the ministry',
  'the company chief executive',
  'the senator',
  'the union leader',
];
const PLACES = [
  'Iran',
  'Ukraine',
  'China',
  'Brazil',
  'Germany',
  'Kenya',
  'Japan',
  'Mexico',
  'Canada',
  'India',
  'France',
  'Egypt',
  'Israel',
  'Russia',
];
const SUBJECTS = [
  'the budget',
  'the ceasefire talks',
  'fuel prices',
  'the election',
  'the trade deal',
  'the new rail line',
  'interest rates',
  'the drought',
  'the strike',
  'nuclear talks',
  'the housing plan',
  'the vaccine rollout',
  'tariffs',
  'the climate summit',
];
const VERBS = ['announced', 'rejected', 'defended', 'criticised', 'welcomed', 'delayed', 'approved', 'questioned'];
const OPENERS = [
  'Officials in {place} {verb} {subject} on {day}, saying the decision would take effect within weeks.',
  'The government of {place} {verb} {subject} after months of negotiation with regional partners.',
  'Lawmakers {verb} {subject} in a late vote, a move that analysts in {place} had not expected.',
];
const BODY = [
  'The plan, which has been debated since last year, would cost about {num} million dollars and affect thousands of households across the region.',
  '{person}, {role}, said the changes were necessary because the previous arrangement had failed to keep pace with demand.',
  'Critics argued that {subject} had been rushed through without enough scrutiny, and several opposition groups promised to challenge it in court.',
  'Markets reacted calmly to the news, with the main index closing {num} points higher by the end of trading on {day}.',
  'Talks between the two sides are expected to resume next month in {place}, according to people familiar with the negotiations.',
  'The announcement follows a similar decision in {place} earlier this year, which economists said had reduced costs by about a tenth.',
  'Residents interviewed on {day} were divided, with some welcoming the move and others saying it came far too late to help them.',
];
const QUOTES = [
  '“We cannot wait any longer for a solution that works for everyone,” {person} said.',
  '“This is a decision that will shape {subject} for a generation,” said {person}, {role}.',
  '{person} told reporters: “We have listened carefully, and we believe this is the right approach for the country.”',
  '“The evidence is clear and the public deserves better than delay,” {person} said in a statement on {day}.',
];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday'];

function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

function fill(template: string, rand: () => number, fixed: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (fixed[key]) return fixed[key]!;
    if (key === 'num') return String(10 + Math.floor(rand() * 900));
    if (key === 'day') return pick(rand, DAYS);
    if (key === 'verb') return pick(rand, VERBS);
    if (key === 'role') return pick(rand, ROLES);
    return key;
  });
}

/** `count` distinct articles, each about one place and subject, with a speaker quoted. */
export function generatedArticles(count: number, seed = 7): SourceArticle[] {
  const rand = prng(seed);
  const out: SourceArticle[] = [];
  for (let i = 0; i < count; i++) {
    const place = pick(rand, PLACES);
    const subject = pick(rand, SUBJECTS);
    const person = pick(rand, PEOPLE);
    const fixed = { place, subject, person };
    const paragraphs = [fill(pick(rand, OPENERS), rand, fixed)];
    const length = 5 + Math.floor(rand() * 6);
    for (let p = 0; p < length; p++) {
      const template = p % 3 === 1 ? pick(rand, QUOTES) : pick(rand, BODY);
      paragraphs.push(`${fill(template, rand, fixed)} ${fill(pick(rand, BODY), rand, fixed)}`);
    }
    const title = `${place} ${pick(rand, VERBS)} ${subject.replace(/^the /, '')} as ${person.split(' ')[1]} ${pick(rand, ['warns', 'urges calm', 'defends plan'])}`;
    out.push({
      title: title.charAt(0).toUpperCase() + title.slice(1),
      paragraphs,
      site: pick(rand, ['Daily Ledger', 'Northern Post', 'Global Wire']),
    });
  }
  return out;
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The article as a news site's HTML page: header, menus, article, related links, footer. */
export function generatedHtmlPage(article: SourceArticle, index: number): string {
  const nav = ['Home', 'World', 'Business', 'Sport', 'Opinion'].map((n) => `<li><a href="/${n.toLowerCase()}">${n}</a></li>`).join('');
  const body = article.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('\n<div class="ad">Advertisement</div>\n');
  return `<!doctype html><html><head><title>${escapeHtml(article.title)} - ${article.site ?? 'News'}</title>
<meta property="og:title" content="${escapeHtml(article.title)}"><meta name="author" content="Staff ${index}">
<meta property="article:published_time" content="2024-0${(index % 9) + 1}-1${index % 10}T08:00:00Z"></head>
<body><header><nav><ul>${nav}</ul></nav></header><main><article><h1>${escapeHtml(article.title)}</h1>
<p class="byline">By Staff ${index}</p>${body}</article>
<aside class="related"><h2>Related</h2><ul><li><a href="/a">Another story about ${escapeHtml(article.title)}</a></li></ul></aside></main>
<footer><p>© 2024 ${article.site ?? 'News'}. All rights reserved.</p></footer></body></html>`;
}
