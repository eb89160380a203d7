/**
 * A PostgreSQL database of a test's own: created on the local server (trust auth, 127.0.0.1:5432, or
 * NEWSBRIEF_TEST_PG_ADMIN) and dropped afterwards. Unreachable, the PostgreSQL tests are skipped
 * with one line saying why.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';

// Tests may read the environment directly (src/ reads it only through config.ts).
export const ADMIN_URL = process.env.NEWSBRIEF_TEST_PG_ADMIN ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Why the server cannot be used, or null when it can. */
export async function postgresUnavailable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: ADMIN_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return `${(error as Error).message || String(error)}`;
  } finally {
    await client.end().catch(() => {});
  }
}

async function admin<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** Creates nb_test_<random>; returns its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `nb_test_${randomBytes(6).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}
