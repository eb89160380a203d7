/**
 * Topic phrases as the tsqueries PostgreSQL makes of them, asked once per phrase and kept: a
 * search then names each of a group's distinct tsqueries once. Plural demonyms stem as the singular
 * ("afghans", "afghan"), and a phrase may hold another ("great britain" holds "britain"); a group's
 * OR finds no article more with them, and ranks every article the same (a cover of the longer
 * phrase is never minimal, so ts_rank_cd never counts it), but each costs the GIN scan a posting
 * list and ts_rank_cd a pass. On the bench's 300 topics, 125 of 863 phrases are such.
 */
import type { Queryable } from './pool.js';

/** Phrases kept at most; past this the table starts again (a topic's phrases are few, and asked again soon). */
const MAX_KNOWN = 20_000;

export class PhraseQueries {
  /** Phrase -> the text of phraseto_tsquery('english', phrase); '' for stop words alone. */
  private readonly known = new Map<string, string>();

  constructor(private readonly db: Queryable) {}

  /** The tsquery text of each phrase, asking the server only for those not yet known. */
  async lookup(phrases: Iterable<string>): Promise<ReadonlyMap<string, string>> {
    const unknown = [...new Set(phrases)].filter((phrase) => !this.known.has(phrase));
    if (unknown.length > 0) {
      const result = await this.db.query<{ phrase: string; tsquery: string }>(
        `SELECT p AS phrase, phraseto_tsquery('english', p)::text AS tsquery FROM unnest($1::text[]) p`,
        [unknown],
      );
      if (this.known.size + unknown.length > MAX_KNOWN) this.known.clear();
      for (const row of result.rows) this.known.set(row.phrase, row.tsquery);
    }
    return this.known;
  }
}

/** A tsquery text's lexemes when it is a plain run of them ('a' <-> 'b' <-> 'c', or one); else null. */
function lexemeRun(tsquery: string): string[] | null {
  const parts = tsquery.split(' <-> ');
  return parts.every((part) => /^'(?:[^']|'')*'$/.test(part)) ? parts : null;
}

/** Whether `outer` holds `inner` as consecutive lexemes. */
function holdsRun(outer: readonly string[], inner: readonly string[]): boolean {
  for (let start = 0; start + inner.length <= outer.length; start++) {
    if (inner.every((lexeme, i) => outer[start + i] === lexeme)) return true;
  }
  return false;
}

/**
 * A group's tsquery texts, each once, without the empty ones (stop words alone) and without any
 * run of lexemes that holds another of the group's runs: the OR of the rest matches and ranks the same.
 */
export function distinctTsqueries(tsqueries: readonly string[]): string[] {
  const distinct = [...new Set(tsqueries.filter((tsquery) => tsquery !== ''))];
  const runs = distinct.map(lexemeRun);
  return distinct.filter((_, i) => {
    const run = runs[i];
    return !run || !runs.some((other, j) => j !== i && other !== null && other.length < run.length && holdsRun(run, other));
  });
}
