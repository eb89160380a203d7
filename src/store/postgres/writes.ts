/**
 * Writing one article into PostgreSQL, inside the caller's transaction: its row (the tsvector is a
 * generated column), quotes, names, body sketch and guild scope; and the name counts a transaction
 * leaves to its end, written in key order so concurrent writers lock them in the same order.
 */
import {
  bodySketch,
  encodeSketch,
  INDEXED_HASHES,
  isCopy,
  likelyCopyOfStored,
  type Sketch,
  shingleSet,
} from '../../articles/fingerprint.js';
import type { Article } from '../../articles/model.js';
import { PARAGRAPH_SEPARATOR } from '../sql-rows.js';
import { UNDATED_SORT_TS } from '../sqlite.js';
import type { UpsertOptions, UpsertOutcome } from '../store.js';
import type { Queryable } from './pool.js';
import type { PostgresStories, StoryTurn } from './stories.js';

export { PARAGRAPH_SEPARATOR };

/** Stored articles whose sketches are compared with a new one's, as in SQLite (sqlite-copies.ts). */
const MAX_CANDIDATES = 16;
/** Below every time the store keeps: a pure uncount never moves a name's last time. */
const NO_TIME = -9e15;

/** Per name (case folded): articles added (or, negative, removed) in this transaction, and the latest time. */
export type NameDeltas = Map<string, { name: string; articles: number; lastTs: number }>;

/** What one transaction's articles leave for its end: name counts, copies to report once it commits; its story turn. */
export interface PendingWrites {
  names: NameDeltas;
  copies: (() => void)[];
  stories: StoryTurn;
}

export function newPendingWrites(): PendingWrites {
  return { names: new Map(), copies: [], stories: { caughtUp: false } };
}

/** Sort key of an article: its publication time, else the bottom (docs/adr/0012-undated-articles.md). */
export function sortTimestamp(article: Article): number {
  const published = article.published ? Date.parse(article.published) : Number.NaN;
  return Number.isFinite(published) ? published : UNDATED_SORT_TS;
}

export function addName(names: NameDeltas, name: string, articles: number, lastTs: number): void {
  const key = name.toLowerCase();
  const delta = names.get(key);
  if (delta) {
    delta.articles += articles;
    delta.lastTs = Math.max(delta.lastTs, lastTs);
  } else names.set(key, { name, articles, lastTs });
}

/**
 * Writes an article, or finds it unchanged (or a copy of a stored one). Null when another process
 * inserted the same id since this transaction began: the caller runs the transaction again.
 */
export async function writeArticle(
  db: Queryable,
  a: Article,
  o: UpsertOptions,
  pending: PendingWrites,
  stories: PostgresStories | null,
): Promise<UpsertOutcome | null> {
  const found = await db.query<{ rid: number; content_hash: string }>('SELECT rid, content_hash FROM articles WHERE id = $1 FOR UPDATE', [
    a.id,
  ]);
  const existing = found.rows[0];
  if (existing?.content_hash === a.contentHash) {
    await applyScope(db, existing.rid, o.guildId ?? null);
    return 'unchanged';
  }
  const sketch = a.sketch ?? bodySketch(a.paragraphs);
  if (!existing && o.onCopy) {
    const original = await findCopy(db, a, sketch);
    if (original !== null) {
      const onCopy = o.onCopy;
      pending.copies.push(() => onCopy(a, original));
      return 'unchanged';
    }
  }
  const sortTs = sortTimestamp(a);
  const values = [
    a.id,
    a.origin,
    a.url,
    a.source,
    a.title,
    a.section,
    a.byline,
    a.published,
    a.published ? a.publishedFrom : null,
    sortTs,
    a.paragraphs.join(PARAGRAPH_SEPARATOR),
    a.contentHash,
    a.ingestedAt,
    o.canonicalUrl ?? null,
    o.bodyHash ?? null,
    a.image ?? null,
  ];
  let rid: number;
  if (existing) {
    rid = existing.rid;
    await db.query(
      `UPDATE articles SET id = $1, origin = $2, url = $3, source = $4, title = $5, section = $6, byline = $7, published = $8,
         published_from = $9, sort_ts = $10, body = $11, content_hash = $12, ingested_at = $13,
         canonical_url = coalesce($14, canonical_url), body_hash = coalesce($15, body_hash), image = $16
       WHERE rid = $17`,
      [...values, rid],
    );
    await db.query('DELETE FROM quotes WHERE article_rid = $1', [rid]);
    await uncountNames(db, [rid], pending.names);
    await db.query('DELETE FROM article_entities WHERE article_rid = $1', [rid]);
    await db.query('DELETE FROM article_sketches WHERE article_rid = $1', [rid]);
  } else {
    const story = stories ? await stories.storyOf(db, a, pending.stories) : null;
    const inserted = await db.query<{ rid: number }>(
      `INSERT INTO articles (id, origin, url, source, title, section, byline, published, published_from, sort_ts, body,
         content_hash, ingested_at, canonical_url, body_hash, image, guild_id, story)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       ON CONFLICT (id) DO NOTHING RETURNING rid`,
      [...values, o.guildId ?? null, story],
    );
    if (inserted.rows.length === 0) return null;
    rid = inserted.rows[0]!.rid;
    stories?.written(rid, story);
  }
  const names = await writeRows(db, rid, a, sortTs, sketch);
  for (const name of names) addName(pending.names, name, 1, sortTs);
  // A new article was inserted with its scope; only a guild's feed adds a row for the guild.
  if (existing || o.guildId) await applyScope(db, rid, o.guildId ?? null);
  return existing ? 'updated' : 'added';
}

/** An operator source makes an article operator-wide (for good); a guild's feed adds that guild. */
async function applyScope(db: Queryable, rid: number, guildId: string | null): Promise<void> {
  if (guildId === null) await db.query('UPDATE articles SET guild_id = NULL WHERE rid = $1 AND guild_id IS NOT NULL', [rid]);
  else await db.query('INSERT INTO article_guilds (article_rid, guild_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [rid, guildId]);
}

/**
 * An article's quotes, body sketch and names in one statement (one round trip instead of four);
 * returns the names written (the same name twice in an article counts once).
 */
async function writeRows(db: Queryable, rid: number, a: Article, sortTs: number, sketch: Sketch): Promise<string[]> {
  const entities = a.entities ?? [];
  const written = await db.query<{ name: string }>(
    `WITH quoted AS (
       INSERT INTO quotes (article_rid, position, text, speaker, paragraph)
       SELECT $1::bigint, q.position - 1, q.text, q.speaker, q.paragraph
       FROM unnest($2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS q (text, speaker, paragraph, position)
     ), hashed AS (
       INSERT INTO article_sketches (hash, article_rid) SELECT DISTINCT unnest($5::int[]), $1::bigint ON CONFLICT DO NOTHING
     ), signed AS (
       INSERT INTO article_signatures (article_rid, sketch) VALUES ($1::bigint, $6)
       ON CONFLICT (article_rid) DO UPDATE SET sketch = excluded.sketch
     )
     INSERT INTO article_entities (article_rid, name, sort_ts, position)
     SELECT $1::bigint, e.name, $7::bigint, e.position - 1 FROM unnest($8::text[]) WITH ORDINALITY AS e (name, position)
     ON CONFLICT DO NOTHING RETURNING name`,
    [
      rid,
      a.quotes.map((q) => q.text),
      a.quotes.map((q) => q.speaker),
      a.quotes.map((q) => q.paragraph),
      sketch.hashes.slice(0, INDEXED_HASHES),
      encodeSketch(sketch),
      sortTs,
      entities,
    ],
  );
  return written.rows.map((row) => row.name);
}

/** Uncounts the names of articles about to lose them (rewritten or deleted). */
export async function uncountNames(db: Queryable, rids: readonly number[], names: NameDeltas): Promise<void> {
  const rows = await db.query<{ name: string }>('SELECT name FROM article_entities WHERE article_rid = ANY($1::bigint[])', [rids]);
  for (const row of rows.rows) addName(names, row.name, -1, NO_TIME);
}

/** Applies a transaction's name counts in key order (so two writers lock rows in one order), dropping names no article holds. */
export async function finishWrites(db: Queryable, pending: PendingWrites): Promise<void> {
  const keys = [...pending.names.keys()].sort();
  if (keys.length === 0) return;
  const deltas = keys.map((key) => pending.names.get(key)!);
  await db.query(
    `INSERT INTO entity_stats (key, name, articles, last_ts)
     SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::bigint[])
     ON CONFLICT (key) DO UPDATE SET articles = entity_stats.articles + excluded.articles,
       last_ts = greatest(entity_stats.last_ts, excluded.last_ts)`,
    [keys, deltas.map((d) => d.name), deltas.map((d) => d.articles), deltas.map((d) => d.lastTs)],
  );
  await db.query('DELETE FROM entity_stats WHERE key = ANY($1::text[]) AND articles <= 0', [keys]);
  pending.names.clear();
}

/** The id of a stored article whose body the given one copies (articles/fingerprint.ts), or null: as sqlite-copies.ts. */
async function findCopy(db: Queryable, article: Article, sketch: Sketch): Promise<string | null> {
  const indexed = sketch.hashes.slice(0, INDEXED_HASHES);
  if (indexed.length === 0) return null;
  // The hash index first, then the signatures of what it found (as a semi-join, the planner may read every signature).
  const candidates = await db.query<{ rid: number; sketch: Buffer }>(
    `SELECT DISTINCT c.rid, g.sketch
     FROM (SELECT article_rid AS rid FROM article_sketches WHERE hash = ANY($1::int[]) LIMIT ${MAX_CANDIDATES}) c
     JOIN article_signatures g ON g.article_rid = c.rid`,
    [indexed],
  );
  const likely = candidates.rows.filter((c) => likelyCopyOfStored(sketch, c.sketch)).map((c) => c.rid);
  if (likely.length === 0) return null;
  const bodies = await db.query<{ rid: number; id: string; body: string }>(
    'SELECT rid, id, body FROM articles WHERE rid = ANY($1::bigint[])',
    [likely],
  );
  const mine = shingleSet(article.paragraphs);
  for (const rid of likely) {
    const row = bodies.rows.find((r) => r.rid === rid);
    if (row && isCopy(mine, shingleSet(row.body.split(PARAGRAPH_SEPARATOR)))) return row.id;
  }
  return null;
}
