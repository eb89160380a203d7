/** Errors every backend raises. StoreOpenError was written for SQLite (sqlite-open.ts) and is shared as is. */
export { StoreOpenError } from './sqlite-open.js';
