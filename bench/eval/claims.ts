// biome-ignore-all format: tables of word pairs, kept in rows as written
/**
 * The claim check (ADR 18), measured: from development articles, sentences are rewritten the ways a
 * faithful summary rewrites them (shortened, two fused, reordered, an everyday word changed) and the ways a wrong one does (a name
 * swapped for one elsewhere in the article or for one the article never names, a number changed, the
 * actor swapped with another name in the sentence, a negation added or removed, a word replaced by its
 * opposite). Each variant is checked against its article as the one it cites; the table is the share accepted.
 * The edits are plain text operations on capitalised runs, digits and a list of everyday opposites; they
 * know nothing of how the check reads a sentence.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { splitSentences } from '../../src/articles/sentences.js';
import { createClaimChecker } from '../../src/summarize/citations/index.js';
import type { SummarizableArticle } from '../../src/summarize/index.js';
import type { EvalSection } from './table.js';

const PER_KIND = 1500;
const MULTINEWS_SETS = 400;

type Kind =
  | 'faithful: shortened'
  | 'faithful: two fused'
  | 'faithful: reordered'
  | 'faithful: a word changed'
  | 'name swapped (elsewhere in article)'
  | 'name not in article'
  | 'number changed'
  | 'actor swapped'
  | 'negation added'
  | 'negation removed'
  | 'verb replaced by its opposite';

const KINDS: Kind[] = [
  'faithful: shortened',
  'faithful: two fused',
  'faithful: reordered',
  'faithful: a word changed',
  'name swapped (elsewhere in article)',
  'name not in article',
  'number changed',
  'actor swapped',
  'negation added',
  'negation removed',
  'verb replaced by its opposite',
];

// Everyday opposites, inflected as news writes them (each direction).
const OPPOSITE_PAIRS: [string, string][] = [
  ['rose', 'fell'], ['rise', 'fall'], ['rises', 'falls'], ['rising', 'falling'], ['increased', 'decreased'],
  ['increase', 'decrease'], ['won', 'lost'], ['win', 'lose'], ['wins', 'loses'], ['agreed', 'refused'],
  ['accepted', 'rejected'], ['approved', 'rejected'], ['higher', 'lower'], ['gained', 'lost'], ['more', 'less'],
  ['up', 'down'], ['opened', 'closed'], ['confirmed', 'denied'], ['raised', 'lowered'], ['supported', 'opposed'],
  ['allowed', 'banned'], ['started', 'stopped'], ['bought', 'sold'], ['hired', 'fired'], ['joined', 'left'],
  ['strong', 'weak'], ['stronger', 'weaker'], ['best', 'worst'], ['above', 'below'], ['before', 'after'],
  ['profit', 'loss'], ['profits', 'losses'], ['success', 'failure'], ['succeeded', 'failed'], ['grew', 'shrank'],
  ['growth', 'decline'], ['boosted', 'cut'], ['biggest', 'smallest'], ['largest', 'smallest'], ['beat', 'lost to'],
];
const OPPOSITE = new Map<string, string>(OPPOSITE_PAIRS.flatMap(([a, b]) => [[a, b], [b, a]] as [string, string][]));

// Everyday words a summary rewrites without changing the claim (each direction).
const SYNONYM_PAIRS: [string, string][] = [
  ['said', 'stated'], ['says', 'states'], ['big', 'large'], ['began', 'started'], ['begin', 'start'], ['bought', 'purchased'],
  ['buy', 'purchase'], ['showed', 'revealed'], ['shows', 'reveals'], ['help', 'assist'], ['helped', 'assisted'],
  ['company', 'firm'], ['companies', 'firms'], ['people', 'individuals'], ['children', 'kids'], ['car', 'vehicle'],
  ['cars', 'vehicles'], ['job', 'post'], ['quickly', 'rapidly'], ['almost', 'nearly'], ['about', 'around'],
  ['expected', 'anticipated'], ['plans', 'intends'], ['tried', 'attempted'], ['try', 'attempt'], ['got', 'received'],
  ['told', 'informed'], ['asked', 'requested'], ['enough', 'sufficient'], ['main', 'principal'], ['chief', 'head'],
  ['film', 'movie'], ['films', 'movies'], ['town', 'municipality'], ['shop', 'store'], ['shops', 'stores'],
];
const SYNONYM = new Map<string, string>(SYNONYM_PAIRS.flatMap(([a, b]) => [[a, b], [b, a]] as [string, string][]));

const AUXILIARY = /\b(is|are|was|were|will|would|can|could|should|has|have|had|did|does|do|may|might|must)\b (?!not\b|n't)/;
const NEGATION = /\b(?:not|never) |n't\b/;
// A capitalised run: "Time Warner", "AOL", "Ms. Alcorn", "Masoud Pezeshkian".
// Hyphens and "&" stay inside a name ("All-Star", "Anheuser-Busch", "Young & Rubicam"); a title goes with it.
const NAME_WORD = "(?:[A-Z][a-z]{1,2}\\.(?= [A-Z])|[A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z]{2,}|[A-Z]\\.?(?= [A-Z]))";
const NAME_RUN = new RegExp(`(?<![\\w.&-])(?:(?:Mr|Mrs|Ms|Dr|Rep|Sen|Gov|Gen|St)\\.?\\s)?${NAME_WORD}(?:(?:\\s|\\s&\\s)${NAME_WORD})*(?![\\w&-])`, 'g');
// Capitalised only because they open the sentence.
const OPENERS = new Set(
  'The A An In On At But And For As If When After Before Neither Both Last This That It He She They We I His Her Their Its Our There So Yet While Although However Now Then With By From To Of Some Many Most Other Such'.split(' '),
);
const NUMBER = /\d+(?:[.,]\d+)*/g;

export interface ClaimSample {
  kind: Kind;
  text: string;
  /** The sentence it was made from. */
  source: string;
  article: SummarizableArticle;
}

function words(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

function nameRuns(sentence: string): { text: string; at: number }[] {
  const out: { text: string; at: number }[] = [];
  for (const m of sentence.matchAll(NAME_RUN)) {
    let text = m[0];
    let at = m.index;
    const opening = at === 0 || /["“‘'(:;—–-]\s*$/.test(sentence.slice(0, at));
    if (opening) {
      const [first, ...rest] = text.split(' ');
      // A lone capitalised opener may be an ordinary word ("Analysts"); "The Labor Department" is a name after "The".
      if (OPENERS.has(first!)) {
        if (rest.length === 0) continue;
        text = rest.join(' ');
        at += first!.length + 1;
      } else if (rest.length === 0) continue;
    }
    if (OPENERS.has(text)) continue;
    out.push({ text, at });
  }
  return out;
}

/** Two names that share a word (or a word's beginning: "Friday", "Fridays") may be one name. */
function sharesWord(a: string, b: string): boolean {
  const words = (t: string) => t.toLowerCase().replace(/\./g, '').split(/\s+/);
  const bw = words(b);
  return words(a).some((w) => bw.some((x) => x.startsWith(w) || w.startsWith(x)));
}

function replaceAt(text: string, at: number, length: number, by: string): string {
  return text.slice(0, at) + by + text.slice(at + length);
}

function lowerFirst(text: string): string {
  // Keep a capital that starts a name or an acronym ("AOL", "Mr Smith").
  return /^(?:[A-Z][a-z]+\s[A-Z]|[A-Z]{2}|I\b)/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function stripEnd(text: string): string {
  return text.replace(/[.!?]+["”’]?$/, '').trim();
}

/** Drops one comma-delimited part after the first; the rest must keep six words. */
function shorten(sentence: string, pick: number): string | null {
  const parts = stripEnd(sentence).split(', ');
  if (parts.length < 2) return null;
  const drop = 1 + (pick % (parts.length - 1));
  const kept = parts.filter((_, i) => i !== drop).join(', ');
  return words(kept) >= 6 ? `${kept}.` : null;
}

/** Moves a short opening phrase to the end, or a closing "X said" to the front. */
function reorder(sentence: string): string | null {
  const body = stripEnd(sentence);
  const first = body.indexOf(', ');
  const last = body.lastIndexOf(', ');
  if (first > 0 && words(body.slice(0, first)) <= 6 && words(body.slice(first + 2)) >= 5) {
    return `${upperFirst(body.slice(first + 2))}, ${lowerFirst(body.slice(0, first))}.`;
  }
  const tail = last > 0 ? body.slice(last + 2) : '';
  if (tail && words(tail) <= 6 && /\b(said|says|told|added)\b/.test(tail)) {
    return `${upperFirst(tail)} that ${lowerFirst(body.slice(0, last))}.`;
  }
  return null;
}

function fuse(a: string, b: string): string {
  return `${stripEnd(a)}, and ${lowerFirst(b)}`;
}

function changeNumber(sentence: string, pick: number): string | null {
  const numbers = [...sentence.matchAll(NUMBER)];
  if (numbers.length === 0) return null;
  const m = numbers[pick % numbers.length]!;
  const value = Number(m[0].replace(/,/g, ''));
  const digits = m[0].replace(/[.,]/g, '');
  const changed = value >= 1900 && value <= 2100 ? String(value + 1 + (pick % 3)) : digits.length > 1 ? `${m[0].slice(0, -1)}${(Number(m[0].slice(-1)) + 3) % 10}` : String(value + 2 + (pick % 5));
  if (sentence.includes(changed)) return null;
  return replaceAt(sentence, m.index, m[0].length, changed);
}

function swapActors(sentence: string): string | null {
  const runs = nameRuns(sentence);
  for (let i = 0; i < runs.length; i++) {
    for (let j = i + 1; j < runs.length; j++) {
      const a = runs[i]!;
      const b = runs[j]!;
      if (sharesWord(a.text, b.text)) continue;
      // "X and Y", "X, Y", "neither X nor Y" name a group, "X (Y)" one thing twice: swapping them says the same.
      const between = sentence.slice(a.at + a.text.length, b.at);
      // Names in one list ("Manang, Langtang, Ghorka and Solukhumbu"; "Moll, 21, Callahan, 21"; "the X, the Y and the Z") are alike too.
      const rest = runs.slice(i + 1, j).reduce((t, r) => t.replace(r.text, ''), between).replace(/\d+/g, '');
      if (/^(?:\s*(?:,|and|or|nor|&|the|\(|\[|\/)\s*)+$/.test(rest)) continue;
      return sentence.slice(0, a.at) + b.text + between + a.text + sentence.slice(b.at + b.text.length);
    }
  }
  return null;
}

function addNegation(sentence: string): string | null {
  const m = AUXILIARY.exec(sentence);
  return m ? replaceAt(sentence, m.index, m[0].length, `${m[1]} not `) : null;
}

function removeNegation(sentence: string): string | null {
  const m = NEGATION.exec(sentence);
  if (!m) return null;
  if (m[0] === "n't") {
    const before = sentence.slice(0, m.index);
    const fixed = before.endsWith('wo') ? `${before.slice(0, -2)}will` : before.endsWith('ca') ? `${before}n` : before;
    return fixed + sentence.slice(m.index + 3);
  }
  return replaceAt(sentence, m.index, m[0].length, '');
}

function replaceWithSynonym(sentence: string, pick: number): string | null {
  const found = [...sentence.matchAll(/\b[a-z]+\b/g)].filter((m) => SYNONYM.has(m[0]));
  if (found.length === 0) return null;
  const m = found[pick % found.length]!;
  return replaceAt(sentence, m.index, m[0].length, SYNONYM.get(m[0])!);
}

function replaceWithOpposite(sentence: string, pick: number): string | null {
  const found = [...sentence.matchAll(/\b[a-z]+\b/g)].filter((m) => OPPOSITE.has(m[0]));
  if (found.length === 0) return null;
  const m = found[pick % found.length]!;
  return replaceAt(sentence, m.index, m[0].length, OPPOSITE.get(m[0])!);
}

/** A sentence of prose: most words in lower case (not a headline, caption, table row or list of names), no markup or handles. */
function isProse(sentence: string): boolean {
  const all = sentence.split(/\s+/).filter((w) => /^[A-Za-z]/.test(w));
  const capitalised = all.filter((w) => /^[A-Z]/.test(w)).length;
  return capitalised <= 0.35 * all.length && !/[#@|/]|\.\.\.|-{2,}/.test(sentence);
}

/** Sentences of an article that make a claim: prose, long enough, not a fragment. */
function claimSentences(article: SummarizableArticle): string[][] {
  return article.paragraphs.map((p) => splitSentences(p).filter((s) => words(s) >= 8 && words(s) <= 45 && /[.!?]["”’]?$/.test(s) && isProse(s)));
}

/** Builds every kind of variant the article's sentences allow, round-robin over its sentences. */
function variantsOf(article: SummarizableArticle, index: number, foreignNames: string[], counts: Map<Kind, number>): ClaimSample[] {
  const out: ClaimSample[] = [];
  const add = (kind: Kind, text: string | null, source: string) => {
    if (!text || text === source || (counts.get(kind) ?? 0) >= PER_KIND) return;
    counts.set(kind, (counts.get(kind) ?? 0) + 1);
    out.push({ kind, text, source, article });
  };
  const paragraphs = claimSentences(article);
  const all = paragraphs.flat();
  const body = [article.title, ...article.paragraphs].join('\n').toLowerCase();
  const articleNames = all.flatMap((s) => nameRuns(s).map((r) => r.text)).filter((n) => !OPENERS.has(n));
  paragraphs.forEach((sentences, p) => {
    sentences.forEach((s, i) => {
      const pick = index * 31 + p * 7 + i;
      add('faithful: shortened', shorten(s, pick), s);
      add('faithful: reordered', reorder(s), s);
      add('faithful: a word changed', replaceWithSynonym(s, pick), s);
      const next = sentences[i + 1];
      if (next && words(s) + words(next) <= 60) add('faithful: two fused', fuse(s, next), s);
      const runs = nameRuns(s);
      if (runs.length > 0) {
        const run = runs[pick % runs.length]!;
        const elsewhere = articleNames.filter((n) => !runs.some((r) => sharesWord(r.text, n)));
        if (elsewhere.length > 0) add('name swapped (elsewhere in article)', replaceAt(s, run.at, run.text.length, elsewhere[pick % elsewhere.length]!), s);
        const stranger = foreignNames.find((n, k) => k >= pick % foreignNames.length && !n.toLowerCase().split(/\s+/).some((w) => body.includes(w)));
        if (stranger) add('name not in article', replaceAt(s, run.at, run.text.length, stranger), s);
      }
      add('number changed', changeNumber(s, pick), s);
      add('actor swapped', swapActors(s), s);
      add('negation added', addNegation(s), s);
      add('negation removed', removeNegation(s), s);
      add('verb replaced by its opposite', replaceWithOpposite(s, pick), s);
    });
  });
  return out;
}

async function bbcArticles(dir: string): Promise<SummarizableArticle[]> {
  const out: SummarizableArticle[] = [];
  for (const category of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort()) {
    for (const file of (await readdir(join(dir, category))).filter((f) => f.endsWith('.article.txt')).sort()) {
      const [title = '', ...rest] = (await readFile(join(dir, category, file), 'utf8')).split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim());
      out.push({ id: `${category}/${file}`, title, published: null, paragraphs: rest.filter(Boolean) });
    }
  }
  return out;
}

async function multiNewsArticles(path: string): Promise<SummarizableArticle[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim()).slice(0, MULTINEWS_SETS);
  return lines.flatMap((line) => {
    const set = JSON.parse(line) as { set_id: string; documents: string[] };
    return set.documents.map((text, i) => ({
      id: `${set.set_id}#${i + 1}`,
      title: '',
      published: null,
      paragraphs: text.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter(Boolean),
    }));
  });
}

/** Interleaves two lists, so both corpora feed every kind before either runs out of quota. */
function interleave<T>(a: T[], b: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (i < a.length) out.push(a[i]!);
    if (i < b.length) out.push(b[i]!);
  }
  return out;
}

/** The variants, article by article, up to PER_KIND of each kind. */
export async function claimSamples(corpus: string): Promise<ClaimSample[] | null> {
  const bbc = join(corpus, 'summaries', 'bbc');
  const multi = join(corpus, 'multidoc', 'multinews-val.jsonl');
  if (!existsSync(bbc) && !existsSync(multi)) return null;
  const articles = interleave(existsSync(bbc) ? await bbcArticles(bbc) : [], existsSync(multi) ? await multiNewsArticles(multi) : []);
  // Names for "not in the article": runs from other articles, taken from every 7th article.
  const foreignNames = [
    ...new Set(articles.filter((_, i) => i % 7 === 3).flatMap((a) => claimSentences(a).flat().flatMap((s) => nameRuns(s).map((r) => r.text)))),
  ].filter((n) => !OPENERS.has(n));
  const counts = new Map<Kind, number>();
  const out: ClaimSample[] = [];
  for (let i = 0; i < articles.length && !KINDS.every((k) => (counts.get(k) ?? 0) >= PER_KIND); i++) {
    if (articles[i]!.paragraphs.length > 0) out.push(...variantsOf(articles[i]!, i, foreignNames, counts));
  }
  return out;
}

/** Whether the claim check accepts each sample, its article as the one it cites. */
export function judgeClaimSamples(samples: readonly ClaimSample[]): boolean[] {
  const checkers = new Map<SummarizableArticle, ReturnType<typeof createClaimChecker>>();
  return samples.map((sample) => {
    let checker = checkers.get(sample.article);
    if (!checker) checkers.set(sample.article, (checker = createClaimChecker([sample.article])));
    return checker.check(sample.text, [sample.article.id]).holding.length > 0;
  });
}

export async function evaluateClaims(corpus: string): Promise<EvalSection | null> {
  const samples = await claimSamples(corpus);
  if (!samples) return null;
  const verdicts = judgeClaimSamples(samples);
  const counts = new Map<Kind, number>();
  const accepted = new Map<Kind, number>();
  const examples = new Map<Kind, string>();
  samples.forEach((sample, i) => {
    const held = verdicts[i]!;
    counts.set(sample.kind, (counts.get(sample.kind) ?? 0) + 1);
    if (held) accepted.set(sample.kind, (accepted.get(sample.kind) ?? 0) + 1);
    if (held === !sample.kind.startsWith('faithful') && !examples.has(sample.kind)) examples.set(sample.kind, sample.text);
  });
  const faithfulKinds = KINDS.filter((k) => k.startsWith('faithful'));
  const faithfulN = faithfulKinds.reduce((s, k) => s + (counts.get(k) ?? 0), 0);
  const faithfulA = faithfulKinds.reduce((s, k) => s + (accepted.get(k) ?? 0), 0);
  const rows: (string | number)[][] = KINDS.map((k) => [k, counts.get(k) ?? 0, (accepted.get(k) ?? 0) / Math.max(1, counts.get(k) ?? 0), k.startsWith('faithful') ? '>= 0.90' : '<= 0.01']);
  rows.splice(4, 0, ['faithful, all', faithfulN, faithfulA / Math.max(1, faithfulN), '>= 0.90']);
  return {
    title: '5c. LLM claim check: share of generated variants accepted (BBC + Multi-News dev articles)',
    columns: ['variant', 'n', 'accepted', 'target'],
    rows,
    notes: [...examples].map(([k, t]) => `  e.g. ${k.startsWith('faithful') ? 'rejected' : 'accepted'} (${k}): ${t.slice(0, 160)}`),
  };
}
