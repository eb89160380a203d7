/**
 * A per-subscription outlet filter (only / except these outlets) as SQL over `articles a`, compared
 * on the lower-cased source (names are lower-cased when saved). PostgreSQL's is in postgres/search.ts.
 */
import type { SourceFilter } from './store.js';

/** SQLite: with @sources_only and @sources_except JSON arrays (empty: no filter). */
export const SQLITE_SOURCE_FILTER = `(json_array_length(@sources_only) = 0 OR lower(coalesce(a.source, '')) IN (SELECT value FROM json_each(@sources_only)))
    AND (json_array_length(@sources_except) = 0 OR a.source IS NULL OR lower(a.source) NOT IN (SELECT value FROM json_each(@sources_except)))`;

export function sqliteSourceParameters(filter: SourceFilter | undefined): { sources_only: string; sources_except: string } {
  return { sources_only: JSON.stringify(filter?.only ?? []), sources_except: JSON.stringify(filter?.except ?? []) };
}
