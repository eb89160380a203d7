/**
 * 6. Story grouping (issue 19): B-cubed precision, recall and F1 of the stories found in BASIL (100
 * events, three outlets each, rewritten) against its labels, beside every article alone and the
 * title-word baseline; the spread over shuffled arrival orders; and what grouping costs per article.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildArticle, buildArticles, type RawPage } from '../../src/articles/article.js';
import { STOP_WORDS } from '../../src/articles/clean/index.js';
import type { Article } from '../../src/articles/model.js';
import { SqliteStore } from '../../src/store/sqlite.js';
import { groupArticles } from '../../src/stories/group.js';
import { StoryIndex } from '../../src/stories/story-index.js';
import { corpusPage } from '../corpus.js';
import { prng } from '../generator.js';
import { loadCorpusPool } from '../sources.js';
import type { EvalSection } from './table.js';

interface BasilRecord {
  doc_id: string;
  cluster: string;
  title: string;
  text: string;
  date: string | null;
}

/** Arrival orders tried besides the file's own. */
const SHUFFLES = 10;
/** Passes over BASIL for the cost per article. */
const COST_PASSES = 20;
/** Bench pages for the cost per article at a larger index. */
const BENCH_PAGES = 20_000;

/** A BASIL record as a file would give it: a text dump of headline, date line and paragraphs, built like any page. */
function asArticle(record: BasilRecord): Article {
  const content = [record.title, record.date ?? '', ...record.text.split('\n')].join('\n\n');
  return buildArticle({ origin: `basil/${record.doc_id}.txt`, format: 'text', content });
}

/** B-cubed precision, recall and F1 of an assignment (story per article) against the labels. */
function bCubed(assigned: readonly number[], labels: readonly string[]): [number, number, number] {
  let precision = 0;
  let recall = 0;
  for (let i = 0; i < labels.length; i++) {
    let same = 0;
    let story = 0;
    let label = 0;
    for (let k = 0; k < labels.length; k++) {
      const inStory = assigned[k] === assigned[i];
      const inLabel = labels[k] === labels[i];
      if (inStory) story++;
      if (inLabel) label++;
      if (inStory && inLabel) same++;
    }
    precision += same / story;
    recall += same / label;
  }
  precision /= labels.length;
  recall /= labels.length;
  return [precision, recall, (2 * precision * recall) / (precision + recall)];
}

/** Single link over all pairs: connected parts of the "alike" graph. */
function singleLink(n: number, alike: (i: number, k: number) => boolean): number[] {
  const parent = Array.from({ length: n }, (_, i) => i);
  const root = (i: number): number => (parent[i] === i ? i : (parent[i] = root(parent[i]!)));
  for (let i = 0; i < n; i++) for (let k = 0; k < i; k++) if (alike(i, k)) parent[root(i)] = root(k);
  return parent.map((_, i) => root(i));
}

/** The baseline: title words (lower-cased, English stop words out) with Jaccard >= 0.3, single link. */
function titleJaccardBaseline(articles: readonly Article[]): number[] {
  const stop = STOP_WORDS.get('en')!;
  const words = articles.map((a) => new Set((a.title.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => !stop.has(w))));
  return singleLink(articles.length, (i, k) => {
    const a = words[i]!;
    const b = words[k]!;
    let shared = 0;
    for (const w of a) if (b.has(w)) shared++;
    const union = a.size + b.size - shared;
    return union > 0 && shared / union >= 0.3;
  });
}

/** Articles per transaction when the store takes them as one bulk load (grouped on a thread of its own). */
const BULK_BATCH = 25;

/**
 * The stories the SQLite store gives the articles written in file order: one transaction each (as a
 * feed brings them), or in batches of one bulk load (as an ingest of many files does).
 */
async function storedStories(articles: readonly Article[], bulk = false): Promise<number[]> {
  const dir = mkdtempSync(join(tmpdir(), 'nb-eval-stories-'));
  const store = new SqliteStore(join(dir, 'stories.db'));
  try {
    // BASIL repeats a few ids: each record is written under its own.
    const unique = articles.map((a, i) => ({ ...a, id: `basil-${i}` }));
    if (bulk) {
      await store.bulkLoad(async () => {
        for (let i = 0; i < unique.length; i += BULK_BATCH) await store.upsertMany(unique.slice(i, i + BULK_BATCH));
      });
    } else for (const article of unique) await store.upsert(article);
    const storyOf = new Map((await store.latest({ limit: articles.length })).map((ref) => [ref.id, ref.story ?? -1]));
    return unique.map((a) => storyOf.get(a.id)!);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** newsbrief's stories for the articles taken in the given order, as a story number per article (by position in `articles`). */
function newsbriefStories(articles: readonly Article[], order: readonly number[]): number[] {
  const assigned: number[] = [];
  groupArticles(order.map((i) => articles[i]!)).forEach((story, s) => {
    for (const at of story.articles) assigned[order[at]!] = s;
  });
  return assigned;
}

function shuffled(n: number, seed: number): number[] {
  const random = prng(seed);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const k = Math.floor(random() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  return order;
}

/** CPU microseconds per call of `add`, over the given articles into one growing index. */
function cpuPerArticle(articles: readonly Article[], passes: number): number {
  const index = new StoryIndex();
  for (const a of articles.slice(0, 50)) new StoryIndex().add(a); // warm-up, untimed
  const started = process.cpuUsage();
  for (let pass = 0; pass < passes; pass++) for (const a of articles) index.add(a);
  const used = process.cpuUsage(started);
  return (used.user + used.system) / (passes * articles.length);
}

/** Bench pages built (timed, CPU), then grouped into one index (timed): microseconds per article for each. */
function benchPageCosts(corpusDir: string): { pages: number; build: number; group: number; stories: number } | null {
  const pool = loadCorpusPool(corpusDir);
  if (!pool) return null;
  const built: Article[] = [];
  const started = process.cpuUsage();
  for (let from = 0; from < BENCH_PAGES; from += 500) {
    const pages = Array.from({ length: Math.min(500, BENCH_PAGES - from) }, (_, i) => corpusPage(pool, from + i));
    for (const result of buildArticles(pages)) if (result.ok) built.push(result.article);
  }
  const building = process.cpuUsage(started);
  const index = new StoryIndex();
  const grouping = process.cpuUsage();
  for (const article of built) index.add(article);
  const grouped = process.cpuUsage(grouping);
  return {
    pages: built.length,
    build: (building.user + building.system) / built.length,
    group: (grouped.user + grouped.system) / built.length,
    stories: index.stories().length,
  };
}

/**
 * Multi-News sets (multidoc/, 1-9 articles about one story each) as a second labelled set of another
 * make, nothing tuned on it: page-grab text, no dates, so all stories share one window.
 */
async function multiNewsSection(corpusDir: string): Promise<EvalSection | null> {
  const file = join(corpusDir, 'multidoc', 'multinews-val.jsonl');
  if (!existsSync(file)) return null;
  const pages: RawPage[] = [];
  const setOf: string[] = [];
  for (const line of (await readFile(file, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const set = JSON.parse(line) as { set_id: string; documents: string[] };
    set.documents.forEach((document, i) => {
      pages.push({ origin: `multinews/${set.set_id}-${i}.txt`, format: 'text', content: document.split(/\s*\n\s*\n\s*/).join('\n\n') });
      setOf.push(set.set_id);
    });
  }
  const articles: Article[] = [];
  const labels: string[] = [];
  buildArticles(pages).forEach((built, i) => {
    if (!built.ok) return;
    articles.push(built.article);
    labels.push(setOf[i]!);
  });
  const row = (name: string, assigned: number[]) => [name, new Set(assigned).size, ...bCubed(assigned, labels)];
  return {
    title: `6b. Story grouping on another make (multidoc/multinews-val.jsonl: ${articles.length} articles, ${new Set(labels).size} sets; B-cubed; untuned)`,
    columns: ['grouping', 'stories', 'precision', 'recall', 'F1'],
    rows: [
      row(
        'every article alone',
        articles.map((_, i) => i),
      ),
      row('baseline: title-word Jaccard >= 0.3, single link', titleJaccardBaseline(articles)),
      row(
        'newsbrief (file order)',
        newsbriefStories(
          articles,
          articles.map((_, i) => i),
        ),
      ),
    ],
    notes: ['A page-grab’s first line stands for its title; its debris (“Tweet with a location”) is kept as the corpus gives it.'],
  };
}

export async function evaluateStories(corpusDir: string): Promise<EvalSection[] | null> {
  const file = join(corpusDir, 'stories', 'basil.jsonl');
  if (!existsSync(file)) return null;
  const records = (await readFile(file, 'utf8'))
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => JSON.parse(line) as BasilRecord);
  const articles = records.map(asArticle);
  const labels = records.map((r) => r.cluster);
  const inFileOrder = articles.map((_, i) => i);
  const row = (name: string, assigned: number[], spread = '') => {
    const [p, r, f] = bCubed(assigned, labels);
    return [name, new Set(assigned).size, p, r, f, spread];
  };
  const shuffledF1 = Array.from(
    { length: SHUFFLES },
    (_, s) => bCubed(newsbriefStories(articles, shuffled(articles.length, s + 1)), labels)[2],
  );
  const undated = articles.map((a) => ({ ...a, published: null }));
  const undatedF1 = Array.from(
    { length: SHUFFLES },
    (_, s) => bCubed(newsbriefStories(undated, shuffled(articles.length, s + 1)), labels)[2],
  );
  const spread = (f1: number[]) =>
    `${(f1.reduce((a, b) => a + b, 0) / f1.length).toFixed(3)} (${Math.min(...f1).toFixed(3)}-${Math.max(...f1).toFixed(3)})`;
  const basilCost = cpuPerArticle(articles, COST_PASSES);
  const bench = benchPageCosts(corpusDir);
  const basilSection: EvalSection = {
    title: `6. Story grouping (stories/basil.jsonl: ${articles.length} articles, ${new Set(labels).size} events; B-cubed)`,
    columns: ['grouping', 'stories', 'precision', 'recall', 'F1', `F1 over ${SHUFFLES} shuffled orders: mean (min-max)`],
    rows: [
      row('every article alone', inFileOrder),
      row('baseline: title-word Jaccard >= 0.3, single link', titleJaccardBaseline(articles)),
      row('newsbrief (file order)', newsbriefStories(articles, inFileOrder), spread(shuffledF1)),
      row('newsbrief through the SQLite store (file order, one write each)', await storedStories(articles)),
      row(
        `newsbrief through the SQLite store (file order, one bulk load of ${BULK_BATCH}-article transactions)`,
        await storedStories(articles, true),
      ),
      row('newsbrief, dates withheld (one window)', newsbriefStories(undated, inFileOrder), spread(undatedF1)),
    ],
    notes: [
      'Baseline: 0.689 here with the project’s English stop words and Unicode word runs (quality.md’s 0.655 came from another tokenizer).',
      'newsbrief: cosine of title + lead words (rare words weigh more) >= 0.2 with a story’s article, each naming what the other leads with, within 7 days (docs/adr/0019-story-grouping.md).',
      `Cost, CPU per article added: ${basilCost.toFixed(0)} us (BASIL x ${COST_PASSES} passes into one index)` +
        (bench
          ? `; ${bench.group.toFixed(0)} us over ${bench.pages} bench pages (${bench.stories} stories), where building each cost ${bench.build.toFixed(0)} us (+${((100 * bench.group) / bench.build).toFixed(1)}%).`
          : '.'),
    ],
  };
  const other = await multiNewsSection(corpusDir);
  return other ? [basilSection, other] : [basilSection];
}
