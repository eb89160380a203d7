/**
 * The backends every store contract test runs against: SQLite on a temp file, PostgreSQL on a
 * database the test creates and drops. PostgreSQL is skipped, with one line, when unreachable.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type OpenStoresOptions, openStores, type Stores } from '../../src/store/open.js';
import { createTestDatabase, postgresUnavailable } from './postgres.js';

export interface Backend {
  name: 'sqlite' | 'postgres';
  /** Why this backend's tests are skipped; null when they run. */
  skipped: string | null;
  /** A new, empty database: its location, and how to remove it. */
  create(): Promise<{ location: string; drop: () => Promise<void> }>;
}

const pgSkip = await postgresUnavailable();
// CI sets NEWSBRIEF_REQUIRE_POSTGRES=1: there a missing server fails the run instead of skipping half of it.
if (pgSkip && process.env.NEWSBRIEF_REQUIRE_POSTGRES === '1')
  throw new Error(`PostgreSQL is required (NEWSBRIEF_REQUIRE_POSTGRES=1) but unreachable: ${pgSkip}`);
if (pgSkip) console.warn(`PostgreSQL store tests skipped: no server (${pgSkip}); start one on 127.0.0.1:5432 to run them`);

export const BACKENDS: Backend[] = [
  {
    name: 'sqlite',
    skipped: null,
    create: async () => ({ location: join(mkdtempSync(join(tmpdir(), 'nb-contract-')), 'store.db'), drop: async () => {} }),
  },
  {
    name: 'postgres',
    skipped: pgSkip,
    create: async () => {
      const db = await createTestDatabase();
      return { location: db.url, drop: db.drop };
    },
  },
];

/** Opens fresh stores per test and closes and drops them after it. */
export function storeFixture(backend: Backend, options: OpenStoresOptions = {}) {
  const opened: Stores[] = [];
  const databases: (() => Promise<void>)[] = [];
  let location = '';
  return {
    /** A new empty database, opened. */
    async open(extra: OpenStoresOptions = {}): Promise<Stores> {
      const db = await backend.create();
      databases.push(db.drop);
      location = db.location;
      return this.reopen(extra);
    },
    /** The last database opened again (another process would). */
    async reopen(extra: OpenStoresOptions = {}): Promise<Stores> {
      const stores = await openStores(location, { ...options, ...extra });
      opened.push(stores);
      return stores;
    },
    get location() {
      return location;
    },
    async cleanup(): Promise<void> {
      for (const stores of opened.splice(0)) await stores.close();
      for (const drop of databases.splice(0)) await drop();
    },
  };
}
