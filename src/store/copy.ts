/**
 * newsbrief copy: everything one database holds into another, whichever backends they are
 * (SQLite or PostgreSQL either side). The source is opened read-only and read in batches
 * (Store.exportAll); the target writes each batch (Store.importRecords), keeping what it already
 * holds, so a second run copies nothing. Between the two, the scopes that name a shared source by
 * its row ('source:<id>') are given the target's row for the same URL.
 */

import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { OperatorError } from '../errors.js';
import { StoreOpenError } from './errors.js';
import { type FeedExport, type FeedStore, SOURCE_SCOPE_PREFIX, sourceScope } from './feeds.js';
import { describeLocation, isPostgresLocation, openStores, type Stores } from './open.js';
import type { ArticleRecord, CopyCounts, CopyKind, StoreRecords } from './store.js';

/** Records per batch: a batch of articles with their bodies is what the copy holds in memory. */
export const COPY_BATCH = 500;

export const COPY_KINDS: readonly CopyKind[] = ['articles', 'feeds', 'seenItems', 'schedules', 'runs', 'follows', 'cache'];

/** A copy that cannot be made as asked; its message is one line, with no password in it. */
export class CopyError extends OperatorError {
  override name = 'CopyError';
}

export interface CopyReport {
  /** Both locations as they may be shown (describeLocation). */
  from: string;
  to: string;
  /** What was new to the target, per kind (what it held already is not counted). */
  copied: CopyCounts;
}

export interface CopyOptions {
  batchSize?: number;
  /** After each batch written: its kind and the counts so far. */
  onBatch?: (kind: StoreRecords['kind'], copied: CopyCounts) => void;
}

/** Copies everything at `from` into `to` (made and migrated when new); see the file's comment. */
export async function copyStores(from: string, to: string, options: CopyOptions = {}): Promise<CopyReport> {
  if (databaseKey(from) === databaseKey(to)) throw new CopyError(`--from and --to name the same database (${describeLocation(to)})`);
  const source = await opened('from', from, () => openStores(from, { readonly: true }));
  try {
    const target = await opened('to', to, () => openStores(to, { stories: false }));
    try {
      const copied = await target.store.bulkLoad(() => copyRecords(source, target, options));
      return { from: source.where, to: target.where, copied };
    } finally {
      await target.close();
    }
  } finally {
    await source.close();
  }
}

/** Opens one side; a database that cannot be opened so is one line naming the side. */
async function opened(side: 'from' | 'to', location: string, open: () => Promise<Stores>): Promise<Stores> {
  try {
    return await open();
  } catch (error) {
    if (!(error instanceof StoreOpenError)) throw error;
    const where = describeLocation(location);
    throw new CopyError(error.message.includes(where) ? `${error.message} (--${side})` : `--${side} ${where}: ${error.message}`);
  }
}

/**
 * One database named one way: a file by its resolved path, a PostgreSQL database by host, port
 * and name (whoever connects). Two locations with the same key are the same database.
 */
export function databaseKey(location: string): string {
  const trimmed = location.trim();
  if (isPostgresLocation(trimmed)) {
    try {
      const url = new URL(trimmed);
      const name = decodeURIComponent(url.pathname.slice(1)) || decodeURIComponent(url.username);
      return `postgres://${url.hostname.toLowerCase()}:${url.port || '5432'}/${name}`;
    } catch {
      return trimmed;
    }
  }
  try {
    return realpathSync(resolve(trimmed));
  } catch {
    return resolve(trimmed); // not there yet: its path
  }
}

/** Streams every batch from source to target, scopes mapped once the feeds are in; returns the counts. */
async function copyRecords(source: Stores, target: Stores, options: CopyOptions): Promise<CopyCounts> {
  const copied = Object.fromEntries(COPY_KINDS.map((kind) => [kind, 0])) as CopyCounts;
  const scopes = new SourceScopes();
  for await (const batch of source.store.exportAll(options.batchSize ?? COPY_BATCH)) {
    if (batch.kind === 'feeds') scopes.note(batch.records);
    else await scopes.resolve(target.feeds);
    const mapped: StoreRecords =
      batch.kind === 'articles' ? { kind: 'articles', records: batch.records.map((r) => scopes.mapArticle(r)) } : batch;
    const written = await target.store.importRecords(mapped);
    for (const kind of COPY_KINDS) copied[kind] += written[kind] ?? 0;
    options.onBatch?.(batch.kind, copied);
  }
  return copied;
}

/** 'source:<digits>': a shared source's scope by its row (other scopes name guilds, and carry over as they are). */
const SOURCE_ROW_SCOPE = new RegExp(`^${SOURCE_SCOPE_PREFIX}(\\d+)$`);

/**
 * The source database's shared-source scopes and what they are in the target: the target's row for
 * the same URL. A scope whose source is gone (its last subscription removed: no guild sees its
 * articles) gets one no source can have, so it never lands on another source's row there.
 */
class SourceScopes {
  /** Exported source row -> its URL and one subscriber (guild id, or null for the operator). */
  private readonly exported = new Map<number, { url: string; subscriber: string | null }>();
  private readonly mapped = new Map<string, string>();
  private resolved = false;

  note(records: FeedExport[]): void {
    for (const { feed } of records) {
      if (!this.exported.has(feed.id)) this.exported.set(feed.id, { url: feed.url, subscriber: feed.guildId });
    }
  }

  /** Looks each exported source up in the target by URL, through a subscriber's listing (once). */
  async resolve(target: FeedStore): Promise<void> {
    if (this.resolved) return;
    this.resolved = true;
    const listings = new Map<string | null, Map<string, number>>();
    for (const [id, { url, subscriber }] of this.exported) {
      let listing = listings.get(subscriber);
      if (!listing) {
        listing = new Map((await target.listFeeds(subscriber)).map((feed) => [feed.url, feed.id]));
        listings.set(subscriber, listing);
      }
      const targetId = listing.get(url);
      if (targetId !== undefined) this.mapped.set(sourceScope(id), sourceScope(targetId));
    }
  }

  /** A scope as the target names it. */
  scope(scope: string): string {
    const row = SOURCE_ROW_SCOPE.exec(scope)?.[1];
    if (row === undefined) return scope;
    return this.mapped.get(scope) ?? `${SOURCE_SCOPE_PREFIX}removed-${row}`;
  }

  mapArticle(record: ArticleRecord): ArticleRecord {
    return {
      ...record,
      guildId: record.guildId === null ? null : this.scope(record.guildId),
      guilds: record.guilds.map((guild) => this.scope(guild)),
    };
  }
}
