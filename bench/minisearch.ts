/**
 * The search peer, in its own process so its memory is measured alone: MiniSearch built over the
 * same articles the store holds (title boosted as the store weighs it), queried with the same topic
 * expansion (phrases OR-ed within a group, groups AND-ed), top 12 as /summary asks.
 *
 * usage: node bin/run.js bench/minisearch.ts DB TOPICS_JSON
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import MiniSearch, { type Query } from 'minisearch';
import { expandTopic } from '../src/news/topics.js';

export interface PeerSearchResult {
  articles: number;
  buildMs: number;
  /** Heap held by the built index (after a full GC), and the process's resident set after building. */
  indexHeapMb: number;
  rssMb: number;
  queryMs: number[];
  empty: number;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMb(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/** The store's topic query as a MiniSearch query tree. */
function toQuery(topic: string): Query {
  const groups = expandTopic(topic).groups.filter((g) => g.length > 0);
  return {
    combineWith: 'AND',
    queries: groups.map((group) => ({ combineWith: 'OR', queries: group.map((phrase) => ({ combineWith: 'AND', queries: [phrase] })) })),
  };
}

export function benchMiniSearch(dbPath: string, topics: string[]): PeerSearchResult {
  const db = new Database(dbPath, { readonly: true });
  const before = heapMb();
  const started = performance.now();
  const index = new MiniSearch<{ rowid: number; title: string; body: string }>({ idField: 'rowid', fields: ['title', 'body'] });
  let articles = 0;
  for (const row of db.prepare('SELECT rowid, title, body FROM articles').iterate() as Iterable<{
    rowid: number;
    title: string;
    body: string;
  }>) {
    index.add(row);
    articles++;
  }
  const buildMs = performance.now() - started;
  db.close();
  const indexHeapMb = heapMb() - before;
  const queryMs: number[] = [];
  let empty = 0;
  for (const topic of topics) {
    const t = performance.now();
    const hits = index.search(toQuery(topic), { boost: { title: 10 } }).slice(0, 12);
    queryMs.push(performance.now() - t);
    if (hits.length === 0) empty++;
  }
  return { articles, buildMs, indexHeapMb, rssMb: process.memoryUsage.rss() / 2 ** 20, queryMs, empty };
}

const [dbPath, topicsPath] = process.argv.slice(2);
if (dbPath && topicsPath && process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const topics = JSON.parse(readFileSync(topicsPath, 'utf8')) as string[];
  process.stdout.write(`${JSON.stringify(benchMiniSearch(dbPath, topics))}\n`);
}
