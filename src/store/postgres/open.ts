/** Opening the PostgreSQL stores: one pool shared by articles, feeds and schedules; migrated unless read-only. */
import { StoreOpenError } from '../errors.js';
import { describeLocation, type OpenStoresOptions, type Stores } from '../open.js';
import { PostgresFeeds } from './feeds.js';
import { PostgresFollowStore } from './follows.js';
import { checkReadable, migrate } from './migrations.js';
import { createPool, safeMessage } from './pool.js';
import { PostgresScheduleStore } from './schedules.js';
import { PostgresStore } from './store.js';

export async function openPostgresStores(url: string, options: OpenStoresOptions = {}): Promise<Stores> {
  const where = describeLocation(url);
  const pool = createPool(url, { readonly: options.readonly });
  try {
    if (options.readonly) await checkReadable(pool, where);
    else await migrate(pool);
  } catch (error) {
    await pool.end().catch(() => {});
    if (error instanceof StoreOpenError) throw error;
    // The driver's message may name the server; the URL's password never reaches it or this line.
    throw new StoreOpenError(`cannot open the PostgreSQL database ${where}: ${safeMessage(error)}`);
  }
  const store = new PostgresStore(pool, options);
  return {
    kind: 'postgres',
    store,
    feeds: new PostgresFeeds(pool),
    schedules: new PostgresScheduleStore(pool),
    follows: new PostgresFollowStore(pool),
    where,
    close: () => store.close(),
  };
}
