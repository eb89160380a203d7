/**
 * Whether a newest-first slice is read through the time index rather than GIN. A place's expansion
 * ("uk": london, british, britain, ...) matches half the index: its GIN scan decodes ~45,000
 * postings (~11 ms) to keep the few hundred that fall in a slice of ~1,000 articles, which the time
 * index lists at once and each row's vector answers in ~6 us. A rare topic is the other way round.
 * The planner cannot tell, since it does not count reading a row's vector; this does, from the
 * planner's own statistics (how common each common lexeme is, how articles spread over time), read
 * once every few minutes. Either way the rows and the answer are the same: only the path differs.
 */
import type { Queryable } from './pool.js';
import { Recent } from './recent.js';

/** Microseconds, measured on the 100,000-page bench database: a slice's row read and tested through the time index. */
const TIME_ROW_US = 6.3;
/** A matching row fetched and rechecked after a GIN scan. */
const GIN_ROW_US = 9.5;
/** One posting of one of the topic's lexemes decoded by a GIN scan (a place's expansion: ~131,000 postings, 11.3 ms). */
const GIN_POSTING_US = 0.085;
/** How long statistics are used before they are read again (ms, real clock). */
const STATISTICS_TTL_MS = 5 * 60_000;

/** What the planner's statistics say of the articles table. */
export interface SearchStatistics {
  rows: number;
  /** Share of articles holding each common lexeme. */
  lexemes: Map<string, number>;
  /** Share assumed for a lexeme not among the common ones (half the least common one's, as the planner does). */
  rare: number;
  /** sort_ts histogram bounds: equal shares of the dated articles lie between neighbours. */
  bounds: number[];
}

/** The statistics, read at most every few minutes; null before the table was ever analyzed. */
export function searchStatistics(db: Queryable): Recent<SearchStatistics | null> {
  return new Recent(STATISTICS_TTL_MS, () => readStatistics(db));
}

async function readStatistics(db: Queryable): Promise<SearchStatistics | null> {
  const result = await db.query<{ elems: string[] | null; freqs: number[] | null; bounds: string[] | null; rows: number }>(
    `SELECT (SELECT most_common_elems::text::text[] FROM pg_stats WHERE tablename = 'articles' AND attname = 'search' AND schemaname = current_schema()) AS elems,
            (SELECT most_common_elem_freqs FROM pg_stats WHERE tablename = 'articles' AND attname = 'search' AND schemaname = current_schema()) AS freqs,
            (SELECT histogram_bounds::text::text[] FROM pg_stats WHERE tablename = 'articles' AND attname = 'sort_ts' AND schemaname = current_schema()) AS bounds,
            (SELECT reltuples FROM pg_class WHERE oid = 'articles'::regclass)::float8 AS rows`,
  );
  const row = result.rows[0];
  if (!row?.elems || !row.freqs || !row.bounds || !(row.rows > 0)) return null;
  const lexemes = new Map<string, number>();
  row.elems.forEach((lexeme, i) => lexemes.set(lexeme, row.freqs![i]!));
  // after the elements' own: the least and the greatest share, then the share of empty vectors
  const least = row.freqs[row.elems.length] ?? 0;
  return { rows: row.rows, lexemes, rare: least / 2, bounds: row.bounds.map(Number) };
}

/** A tsquery text's lexemes ('a' <-> 'b': a and b). */
function lexemesOf(tsquery: string): string[] {
  return [...tsquery.matchAll(/'((?:[^']|'')*)'/g)].map((m) => m[1]!.replaceAll("''", "'"));
}

/** What the statistics tell of a topic: the share of articles it matches, and its lexemes' postings per article. */
export interface TopicDensity {
  /** A phrase matches at most its rarest word's share, a group any of its phrases (independent), the topic all its groups. */
  share: number;
  /** The sum of the shares of every lexeme the topic names: what its GIN scan decodes, per article. */
  postings: number;
}

export function topicDensity(groups: readonly (readonly string[])[], stats: SearchStatistics): TopicDensity {
  let share = 1;
  let postings = 0;
  for (const group of groups) {
    let none = 1;
    for (const tsquery of group) {
      const shares = lexemesOf(tsquery).map((word) => stats.lexemes.get(word) ?? stats.rare);
      if (shares.length === 0) continue;
      none *= 1 - Math.min(...shares);
      for (const one of shares) postings += one;
    }
    share *= 1 - none;
  }
  return { share, postings };
}

/** About how many articles were published in [cut, before), from the histogram of sort_ts. */
export function sliceRows(stats: SearchStatistics, cut: number, before: number | undefined): number {
  const { bounds, rows } = stats;
  const buckets = bounds.length - 1;
  if (buckets < 1) return rows;
  const below = (t: number): number => {
    if (t <= bounds[0]!) return 0;
    if (t >= bounds[buckets]!) return 1;
    let i = 0;
    while (bounds[i + 1]! < t) i++;
    const width = bounds[i + 1]! - bounds[i]!;
    return (i + (width > 0 ? (t - bounds[i]!) / width : 0)) / buckets;
  };
  return rows * Math.max(0, (before === undefined ? 1 : below(before)) - below(cut));
}

/** Whether reading every article of the slice costs less than the topic's GIN scan and its matches' fetch. */
export function readsByTime(density: TopicDensity, slice: number, rows: number): boolean {
  return slice * TIME_ROW_US < GIN_POSTING_US * density.postings * rows + GIN_ROW_US * density.share * slice;
}
