/**
 * The one place that picks a backend: `--db`/NEWSBRIEF_DB's value is a file path (SQLite, the
 * embedded default) or a postgres:// URL (PostgreSQL, many processes on one database). Everything
 * else in newsbrief sees only the interfaces (docs/adr/0020-one-storage-seam.md).
 */
import { redactUrl } from '../redact.js';
import type { FeedStore } from './feeds.js';
import type { FollowStore } from './follows.js';
import type { ScheduleStore } from './schedules.js';
import { SqliteStore } from './sqlite.js';
import { SqliteFeeds } from './sqlite-feeds.js';
import { SqliteFollowStore } from './sqlite-follows.js';
import { SqliteScheduleStore } from './sqlite-schedules.js';
import type { Store } from './store.js';

export type StoreKind = 'sqlite' | 'postgres';

/** Every store of one database: articles and search (with the summary cache), feeds, schedules, follows. */
export interface Stores {
  kind: StoreKind;
  store: Store;
  feeds: FeedStore;
  schedules: ScheduleStore;
  follows: FollowStore;
  /** Where it is, as it may be shown in a log line or an error: a URL's password never is. */
  where: string;
  close(): Promise<void>;
}

export interface OpenStoresOptions {
  /** Age in days at which a search score is halved. */
  recencyHalfLifeDays?: number;
  /** Clock for recency ranking and suggestions (tests pin it). */
  now?: () => number;
  /** For the reading commands: nothing is migrated or written, the summary cache is not kept. */
  readonly?: boolean;
  /** Group new articles into stories as they are written (default); off, each is its own story (the bench compares). */
  stories?: boolean;
  /** Rank the newest matches first when that provably gives the same answer (default); off, rank every match (tests compare). */
  newestFirst?: boolean;
}

const POSTGRES_URL = /^postgres(?:ql)?:\/\//i;

/** True for a postgres:// or postgresql:// URL; anything else is a SQLite file path. */
export function isPostgresLocation(location: string): boolean {
  return POSTGRES_URL.test(location.trim());
}

/** The location as it may be shown: credentials in a URL replaced (src/redact.ts). */
export function describeLocation(location: string): string {
  return isPostgresLocation(location) ? redactUrl(location.trim()) : location;
}

/** Opens (and migrates, unless read-only) the stores at a location. */
export async function openStores(location: string, options: OpenStoresOptions = {}): Promise<Stores> {
  if (isPostgresLocation(location)) {
    // Loaded only when asked for: the embedded default never pays for pg at start.
    const { openPostgresStores } = await import('./postgres/open.js');
    return openPostgresStores(location.trim(), options);
  }
  return openSqliteStores(location, options);
}

function openSqliteStores(path: string, options: OpenStoresOptions): Stores {
  const store = new SqliteStore(path, options);
  return {
    kind: 'sqlite',
    store,
    feeds: new SqliteFeeds(store.database),
    schedules: new SqliteScheduleStore(store.database),
    follows: new SqliteFollowStore(store.database),
    where: path,
    close: () => store.close(),
  };
}
