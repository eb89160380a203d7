/**
 * The PostgreSQL connection pool, and the transactions every PostgreSQL store runs its writes in.
 * Errors that leave here never hold the URL's password (src/redact.ts).
 */
import pg from 'pg';
import { redactUrl } from '../../redact.js';

/** int8 (count(*), BIGINT columns: milliseconds, row ids) read as a number: every value the store keeps is a safe integer. */
const INT8_OID = 20;
const TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID && format !== 'binary'
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface PoolOptions {
  /** Every transaction read-only (the reading commands): the server refuses any write. */
  readonly?: boolean;
  /** Connections at most (default 10). */
  max?: number;
}

/**
 * Every session's planner costs. A search's match test reads each row's tsvector, kept out of line
 * (TOAST), which the planner does not count: with the default random_page_cost (4, for disks that
 * seek) it scanned every article rather than use the GIN index, ~15x slower on 5,000 articles
 * (docs/performance.md). 1.1 is the usual value for SSDs and for a database that fits in memory.
 */
const SESSION_SETTINGS = ['-c random_page_cost=1.1'];

/** A pool on the URL; nothing is connected until the first query. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const settings = [...SESSION_SETTINGS, ...(options.readonly ? ['-c default_transaction_read_only=on'] : [])];
  const pool = new pg.Pool({
    connectionString: url,
    types: TYPES,
    max: options.max ?? 10,
    application_name: 'newsbrief',
    options: settings.join(' '),
  });
  // An idle connection the server drops (a restart) is an 'error' event: the pool discards it and
  // the next query connects anew. Unheard, the event would end the process.
  pool.on('error', () => {});
  return pool;
}

/** Runs work in one transaction on one connection: committed when it returns, rolled back when it throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}

/** An error's message with any URL in it redacted, for errors that may quote the connection string. */
export function safeMessage(error: unknown): string {
  return redactUrl(error instanceof Error ? error.message : String(error));
}
