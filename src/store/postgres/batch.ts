/**
 * A batch of new articles written in a few statements (bulk ingest): the copy look-up for all of
 * them at once, row ids taken in one call, then one multi-row insert per table. Articles already
 * stored, and batches naming an id twice, go one at a time through writes.ts, which this matches.
 */
import {
  bodySketch,
  encodeSketch,
  INDEXED_HASHES,
  isCopy,
  likelyCopy,
  likelyCopyOfStored,
  type Sketch,
  shingleSet,
} from '../../articles/fingerprint.js';
import type { Article } from '../../articles/model.js';
import type { UpsertOptions, UpsertOutcome } from '../store.js';
import type { Queryable } from './pool.js';
import type { PostgresStories } from './stories.js';
import { addName, PARAGRAPH_SEPARATOR, type PendingWrites, sortTimestamp, writeArticle } from './writes.js';

/** Stored articles whose sketches are compared with each new one's, as in writes.ts. */
const MAX_CANDIDATES = 16;

/** A new article on its way in. */
interface Incoming {
  index: number;
  article: Article;
  options: UpsertOptions;
  sketch: Sketch;
  rid?: number;
}

/** Another writer inserted one of the batch's ids since the transaction began: it is run again. */
export class ConcurrentInsert extends Error {}

/** Writes a batch inside the caller's transaction; outcomes in the order given. */
export async function writeBatch(
  db: Queryable,
  articles: readonly Article[],
  optionsOf: (a: Article) => UpsertOptions,
  pending: PendingWrites,
  stories: PostgresStories | null,
): Promise<UpsertOutcome[]> {
  const outcomes: UpsertOutcome[] = new Array(articles.length);
  const ids = articles.map((a) => a.id);
  const stored = new Set(
    (await db.query<{ id: string }>('SELECT id FROM articles WHERE id = ANY($1::text[]) ORDER BY rid FOR UPDATE', [ids])).rows.map(
      (r) => r.id,
    ),
  );
  const fresh: Incoming[] = [];
  for (const [index, article] of articles.entries()) {
    if (!stored.has(article.id)) {
      fresh.push({ index, article, options: optionsOf(article), sketch: article.sketch ?? bodySketch(article.paragraphs) });
      continue;
    }
    const outcome = await writeArticle(db, article, optionsOf(article), pending, stories);
    if (outcome === null) throw new ConcurrentInsert(article.id);
    outcomes[index] = outcome;
  }
  const kept = await dropCopies(db, fresh, pending);
  for (const item of fresh) if (!kept.includes(item)) outcomes[item.index] = 'unchanged';
  if (kept.length > 0) await insertAll(db, kept, pending, stories);
  for (const item of kept) outcomes[item.index] = 'added';
  return outcomes;
}

/** True when a batch can go through writeBatch: no id twice (the later must update the earlier, in order). */
export function batchable(articles: readonly Article[]): boolean {
  return new Set(articles.map((a) => a.id)).size === articles.length;
}

/**
 * The new articles that are not copies (articles/fingerprint.ts) of a stored article or of an
 * earlier one of the batch; each copy is reported (once the transaction commits) with its original.
 */
async function dropCopies(db: Queryable, fresh: Incoming[], pending: PendingWrites): Promise<Incoming[]> {
  const checked = fresh.filter((item) => item.options.onCopy && item.sketch.hashes.length > 0);
  const storedOriginals = await storedCopies(db, checked);
  const kept: Incoming[] = [];
  const byHash = new Map<number, Incoming[]>();
  for (const item of fresh) {
    const onCopy = item.options.onCopy;
    const original = onCopy ? (storedOriginals.get(item) ?? batchOriginal(item, byHash)) : null;
    if (onCopy && original) {
      pending.copies.push(() => onCopy(item.article, original));
      continue;
    }
    kept.push(item);
    for (const hash of item.sketch.hashes.slice(0, INDEXED_HASHES)) byHash.set(hash, [...(byHash.get(hash) ?? []), item]);
  }
  return kept;
}

/** An earlier article of the batch that this one copies, found through a shared indexed hash. */
function batchOriginal(item: Incoming, byHash: Map<number, Incoming[]>): string | null {
  const seen = new Set<Incoming>();
  let mine: Set<number> | null = null;
  for (const hash of item.sketch.hashes.slice(0, INDEXED_HASHES)) {
    for (const other of byHash.get(hash) ?? []) {
      if (seen.has(other)) continue;
      seen.add(other);
      if (!likelyCopy(item.sketch, other.sketch)) continue;
      mine ??= shingleSet(item.article.paragraphs);
      if (isCopy(mine, shingleSet(other.article.paragraphs))) return other.article.id;
    }
  }
  return null;
}

/** For each article, a stored article it copies: one candidate look-up for the batch, one read of the likely bodies. */
async function storedCopies(db: Queryable, items: Incoming[]): Promise<Map<Incoming, string>> {
  const found = new Map<Incoming, string>();
  if (items.length === 0) return found;
  // Each article's indexed hashes at a stride of INDEXED_HASHES (a short sketch repeats its first hash).
  const hashes = items.flatMap((item) => {
    const own = item.sketch.hashes.slice(0, INDEXED_HASHES);
    return Array.from({ length: INDEXED_HASHES }, (_, i) => own[i] ?? own[0]!);
  });
  // Per article, one scan of the hash index (no DISTINCT: it made the planner walk every sketch in article order).
  // A stored article sharing several hashes counts more than once toward the limit, and is compared once.
  const candidates = await db.query<{ n: number; rid: number; sketch: Buffer }>(
    `SELECT DISTINCT k.n, c.rid, g.sketch FROM unnest($2::int[]) AS k (n)
     CROSS JOIN LATERAL (
       SELECT s.article_rid AS rid FROM article_sketches s
       WHERE s.hash = ANY(($1::int[])[k.n * ${INDEXED_HASHES} + 1 : k.n * ${INDEXED_HASHES} + ${INDEXED_HASHES}])
       LIMIT ${MAX_CANDIDATES}
     ) c
     JOIN article_signatures g ON g.article_rid = c.rid`,
    [hashes, items.map((_, n) => n)],
  );
  const likely = candidates.rows.filter((c) => likelyCopyOfStored(items[c.n]!.sketch, c.sketch));
  if (likely.length === 0) return found;
  const bodies = await db.query<{ rid: number; id: string; body: string }>(
    'SELECT rid, id, body FROM articles WHERE rid = ANY($1::bigint[])',
    [[...new Set(likely.map((c) => c.rid))]],
  );
  const byRid = new Map(bodies.rows.map((row) => [row.rid, row]));
  for (const c of likely) {
    const item = items[c.n]!;
    const row = byRid.get(c.rid);
    if (found.has(item) || !row) continue;
    if (isCopy(shingleSet(item.article.paragraphs), shingleSet(row.body.split(PARAGRAPH_SEPARATOR)))) found.set(item, row.id);
  }
  return found;
}

/** Groups the new articles into stories (in order), takes their row ids, and inserts them with their rows. */
async function insertAll(db: Queryable, kept: Incoming[], pending: PendingWrites, stories: PostgresStories | null): Promise<void> {
  // Stories first: the lock they take comes before the ids, so ids rise in the order writers commit.
  const first = stories ? await stories.storyOf(db, kept[0]!.article, pending.stories) : null;
  const rids = await db.query<{ rid: number }>(
    `SELECT nextval(pg_get_serial_sequence('articles', 'rid')) AS rid FROM generate_series(1, $1::int)`,
    [kept.length],
  );
  const story: (number | null)[] = [];
  kept.forEach((item, i) => {
    item.rid = rids.rows[i]!.rid;
    story.push(i === 0 ? first : stories ? stories.joinNext(item.article) : null);
    stories?.written(item.rid, story[i] ?? null);
  });
  await insertArticles(db, kept, story);
  await insertRows(db, kept, pending);
}

async function insertArticles(db: Queryable, kept: Incoming[], story: (number | null)[]): Promise<void> {
  const column = <T>(pick: (item: Incoming) => T): T[] => kept.map(pick);
  const inserted = await db.query(
    `INSERT INTO articles (rid, id, origin, url, source, title, section, byline, published, published_from, sort_ts, body,
       content_hash, ingested_at, canonical_url, body_hash, guild_id, story, image)
     OVERRIDING SYSTEM VALUE
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[],
       $9::text[], $10::text[], $11::bigint[], $12::text[], $13::text[], $14::text[], $15::text[], $16::text[], $17::text[], $18::bigint[], $19::text[])
     ON CONFLICT (id) DO NOTHING`,
    [
      column((i) => i.rid),
      column((i) => i.article.id),
      column((i) => i.article.origin),
      column((i) => i.article.url),
      column((i) => i.article.source),
      column((i) => i.article.title),
      column((i) => i.article.section),
      column((i) => i.article.byline),
      column((i) => i.article.published),
      column((i) => (i.article.published ? i.article.publishedFrom : null)),
      column((i) => sortTimestamp(i.article)),
      column((i) => i.article.paragraphs.join(PARAGRAPH_SEPARATOR)),
      column((i) => i.article.contentHash),
      column((i) => i.article.ingestedAt),
      column((i) => i.options.canonicalUrl ?? null),
      column((i) => i.options.bodyHash ?? null),
      column((i) => i.options.guildId ?? null),
      story,
      column((i) => i.article.image ?? null),
    ],
  );
  if ((inserted.rowCount ?? 0) < kept.length) throw new ConcurrentInsert('a batch article was inserted meanwhile');
}

/** Quotes, sketches, signatures, guild scopes and names of the inserted articles: one statement per table. */
async function insertRows(db: Queryable, kept: Incoming[], pending: PendingWrites): Promise<void> {
  const quotes = kept.flatMap((item) => item.article.quotes.map((q, position) => ({ rid: item.rid!, position, q })));
  if (quotes.length > 0) {
    await db.query(
      `INSERT INTO quotes (article_rid, position, text, speaker, paragraph)
       SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], $5::int[])`,
      [
        quotes.map((x) => x.rid),
        quotes.map((x) => x.position),
        quotes.map((x) => x.q.text),
        quotes.map((x) => x.q.speaker),
        quotes.map((x) => x.q.paragraph),
      ],
    );
  }
  const hashes = kept.flatMap((item) =>
    [...new Set(item.sketch.hashes.slice(0, INDEXED_HASHES))].map((hash) => ({ rid: item.rid!, hash })),
  );
  await db.query(
    `WITH hashed AS (
       INSERT INTO article_sketches (hash, article_rid) SELECT * FROM unnest($1::int[], $2::bigint[])
     )
     INSERT INTO article_signatures (article_rid, sketch) SELECT * FROM unnest($3::bigint[], $4::bytea[])`,
    [hashes.map((x) => x.hash), hashes.map((x) => x.rid), kept.map((item) => item.rid), kept.map((item) => encodeSketch(item.sketch))],
  );
  const scoped = kept.filter((item) => item.options.guildId);
  if (scoped.length > 0) {
    await db.query(
      'INSERT INTO article_guilds (article_rid, guild_id) SELECT * FROM unnest($1::bigint[], $2::text[]) ON CONFLICT DO NOTHING',
      [scoped.map((item) => item.rid), scoped.map((item) => item.options.guildId)],
    );
  }
  const names = kept.flatMap((item) =>
    (item.article.entities ?? []).map((name, position) => ({ rid: item.rid!, name, position, ts: sortTimestamp(item.article) })),
  );
  if (names.length === 0) return;
  const written = await db.query<{ name: string; sort_ts: number }>(
    `INSERT INTO article_entities (article_rid, name, sort_ts, position)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[], $4::int[]) ON CONFLICT DO NOTHING RETURNING name, sort_ts`,
    [names.map((x) => x.rid), names.map((x) => x.name), names.map((x) => x.ts), names.map((x) => x.position)],
  );
  for (const row of written.rows) addName(pending.names, row.name, 1, row.sort_ts);
}
