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
    oid === INT8_OID && format !== 'binary' ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
};

export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface PoolOptions {
  /** Every transaction read-only (the reading commands): the server refuses any write. */
  readonly?: boolean;
  /** Connections at most (default 10). */
  max?: number;
}

/** A pool on the URL; nothing is connected until the first query. */
export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({
    connectionString: url,
    types: TYPES,
    max: options.max ?? 10,
    application_name: 'newsbrief',
    ...(options.readonly ? { options: '-c default_transaction_read_only=on' } : {}),
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
