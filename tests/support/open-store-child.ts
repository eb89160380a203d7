/**
 * A child process for tests/store-concurrency.test.ts: waits until the given moment (so several
 * children open at once), opens the store at the given path, prints its schema version and closes.
 * Run as: node bin/run.js tests/support/open-store-child.ts DB_PATH START_MS
 */
import { SqliteStore } from '../../src/store/sqlite.js';

const [path, startAt] = process.argv.slice(2);
if (!path || !startAt) throw new Error('usage: open-store-child.ts DB_PATH START_MS');
while (Date.now() < Number(startAt)); // every child leaves this line at the same moment
const store = new SqliteStore(path);
process.stdout.write(`${store.schemaVersion()}\n`);
await store.close();
