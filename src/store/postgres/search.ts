/**
 * Search and listing SQL for PostgreSQL: topic queries as tsquery, guild scope, and the ranking
 * that blends relevance with recency (docs/adr/0020-one-storage-seam.md says how it maps SQLite's).
 */
import { lowerWords } from '../../text.js';
import { SOURCE_SCOPE_PREFIX } from '../feeds.js';
import { UNDATED_SORT_TS } from '../sqlite.js';
import { filtersSources, type SearchOptions, type SourceFilter, type TopicQuery } from '../store.js';
import { distinctTsqueries } from './phrases.js';

/** Positional parameters collected while SQL is written: add() returns the placeholder. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** An ArticleRef's columns; a story is the founding article's row, or the article's own. */
export const REF_COLUMNS = 'a.id, a.title, a.url, a.source, a.published, a.image, coalesce(a.story, a.rid) AS story';

/**
 * ts_rank_cd's weights, {D, C, B, A}: a title word (A) counts ten times a body word (B), as FTS5's
 * bm25 weights (10, 1) do in sqlite.ts.
 */
const RANK_WEIGHTS = `'{0, 0, 0.1, 1}'`;

/**
 * Relevance saturates as bm25's term frequency does (k1 = 1.2, b = 0.75, weights 10 and 1 as in
 * sqlite.ts): each group's cover density r (ts_rank_cd, no normalization) counts r / (r + K), with
 * K = 0.12 x (1 - b + b x the body's length / a typical body's), written 1 - K / (r + K) so r is
 * computed once. In an article of typical length one title mention scores 0.89, one body mention
 * 0.45, three 0.71; a long article needs more mentions for the same score, as in bm25. A topic's
 * relevance is the mean over its groups (bm25 sums its phrases), so two words far apart in an
 * article still count each. Every relevance is below 1, which bounds what an older article can
 * score (newest-first.ts), and strong matches come near it, so the newest matches usually prove
 * the answer (docs/adr/0032-saturating-relevance.md).
 */
const RANK_SATURATION = 0.12;
const LENGTH_WEIGHT = 0.75;
/** A typical article body, in bytes (the bench corpus's mean is ~4,300); octet_length reads a stored body's size without reading the body. */
const TYPICAL_BODY_BYTES = 4000;

/** The blended relevance SQL of a topic's groups (tsquery SQL each), for the row `a`. */
function relevanceSql(groups: readonly string[]): string {
  const k = `(${RANK_SATURATION * (1 - LENGTH_WEIGHT)} + ${(RANK_SATURATION * LENGTH_WEIGHT) / TYPICAL_BODY_BYTES} * octet_length(a.body))`;
  const misses = groups.map((group) => `${k} / (ts_rank_cd(${RANK_WEIGHTS}, a.search, ${group}, 0) + ${k})`);
  return `(1.0 - (${misses.join(' + ')}) / ${groups.length})`;
}

/** A phrase as the words FTS5 would match (lowerWords, as toFtsQuery), or null when it holds none. */
function phraseWords(phrase: string): string | null {
  const words = lowerWords(phrase);
  return words.length ? words.join(' ') : null;
}

/**
 * An initialism's dotted form: "u s" -> "u.s". PostgreSQL's parser reads "U.S." as one token
 * (u.s), where FTS5 reads two letters, so "u s" alone would never find "U.S." on PostgreSQL; the
 * dotted form, parsed the same way, finds it. Null for any other phrase.
 */
function dottedInitialism(words: string): string | null {
  const letters = words.split(' ');
  return letters.length >= 2 && letters.every((letter) => /^\p{L}$/u.test(letter)) ? letters.join('.') : null;
}

/** The phrases a group asks PostgreSQL to parse: each as FTS5 would match it, and an initialism's dotted form too. */
function phraseForms(group: readonly string[]): string[] {
  const phrases = [...new Set(group.map(phraseWords).filter((p): p is string => p !== null))];
  return phrases.flatMap((phrase) => {
    const dotted = dottedInitialism(phrase);
    return dotted ? [phrase, dotted] : [phrase];
  });
}

/** Every phrase form a topic's SQL will name (for PhraseQueries.lookup). */
export function topicPhraseForms(query: TopicQuery): string[] {
  return [...query.groups, query.exclude ?? []].flatMap(phraseForms);
}

/** Each required group's distinct tsquery texts (distinctTsqueries), with the phrases' tsqueries known; groups of no word left out. */
export function groupTsqueries(query: TopicQuery, known: ReadonlyMap<string, string>): string[][] {
  return query.groups
    .map(phraseForms)
    .filter((forms) => forms.length > 0)
    .map((forms) => distinctTsqueries(forms.map((form) => known.get(form) ?? '')));
}

/**
 * A group's phrases OR-ed as tsquery SQL, each once; null when none holds a word. With the phrases'
 * tsqueries known (phrases.ts), each distinct one is named once, as a parameter.
 */
function anyPhrase(group: readonly string[], params: Params, known?: ReadonlyMap<string, string>): string | null {
  const forms = phraseForms(group);
  if (forms.length === 0) return null;
  const tsqueries = known && forms.every((form) => known.has(form)) ? distinctTsqueries(forms.map((form) => known.get(form)!)) : [];
  if (tsqueries.length > 0) return `(${tsqueries.map((tsquery) => `${params.add(tsquery)}::tsquery`).join(' || ')})`;
  return `(${forms.map((form) => `phraseto_tsquery('english', ${params.add(form)})`).join(' || ')})`;
}

/** A topic as tsquery SQL: what a row must match, and each required group alone (ranked one by one). */
interface TopicTsqueries {
  match: string;
  groups: string[];
}

/**
 * The tsquery SQL of a topic: phrases within a group OR-ed, groups AND-ed, excluded phrases
 * negated (toFtsQuery's meaning); a phrase is phraseto_tsquery (its words adjacent, in order: <->).
 * A matching row holds no excluded phrase, so they add nothing to its relevance. Null when no
 * required phrase has a word.
 */
function topicTsqueries(query: TopicQuery, params: Params, known?: ReadonlyMap<string, string>): TopicTsqueries | null {
  const groups = query.groups.map((group) => anyPhrase(group, params, known)).filter((g): g is string => g !== null);
  if (groups.length === 0) return null;
  const excluded = anyPhrase(query.exclude ?? [], params, known);
  return { match: excluded ? `(${groups.join(' && ')}) && !!${excluded}` : groups.join(' && '), groups };
}

/** What a row must match for the topic (topicTsqueries), or null. */
export function topicTsquery(query: TopicQuery, params: Params): string | null {
  return topicTsqueries(query, params)?.match ?? null;
}

/**
 * Everything (no guild given), operator-wide only (null), or operator-wide plus one guild's: those
 * stored for it, and those of every shared source it subscribes to (their scope, sourceScope).
 */
export function scopeFilter(options: Pick<SearchOptions, 'guildId'>, params: Params): string {
  if (options.guildId === undefined) return 'TRUE';
  if (options.guildId === null) return 'a.guild_id IS NULL';
  const guild = params.add(options.guildId);
  return `(a.guild_id IS NULL OR EXISTS (SELECT 1 FROM article_guilds g WHERE g.article_rid = a.rid AND (g.guild_id = ${guild}
    OR g.guild_id IN (SELECT ${params.add(SOURCE_SCOPE_PREFIX)} || sub.source_id FROM subscriptions sub WHERE sub.guild_id = ${guild}))))`;
}

/** Only (or all but) some outlets, by lower-cased source (as SQLite's SQLITE_SOURCE_FILTER); TRUE without a filter. */
export function sourceFilter(filter: SourceFilter | undefined, params: Params): string {
  if (!filtersSources(filter)) return 'TRUE';
  const only = filter.only.length ? `lower(coalesce(a.source, '')) = ANY(${params.add(filter.only)}::text[])` : 'TRUE';
  const except = filter.except.length ? `(a.source IS NULL OR NOT lower(a.source) = ANY(${params.add(filter.except)}::text[]))` : 'TRUE';
  return `(${only} AND ${except})`;
}

/** Published since `since`, or undated and ingested since (as sqlite.ts's SINCE_OR_UNDATED); TRUE without one. */
export function sinceFilter(since: string | undefined, params: Params): string {
  const at = since ? Date.parse(since) : Number.NaN;
  if (!Number.isFinite(at)) return 'TRUE';
  return `(a.sort_ts >= ${params.add(at)} OR (a.sort_ts = ${params.add(UNDATED_SORT_TS)} AND a.ingested_at >= ${params.add(new Date(at).toISOString())}))`;
}

/** Where a search reads and how much: a whole match set, or (newest-first) only what was published since `cut`. */
export interface SearchWindow {
  now: number;
  halfLifeMs: number;
  /** Only matches published at or after this (ms); the first `limit + offset` of them, unpaged. */
  cut?: number;
  /** With `cut`: only matches published before this (ms), an older slice than the windows already ranked. */
  before?: number;
  /** With `cut`: read the slice's articles through the time index, not GIN (match-density.ts). */
  byTime?: boolean;
}

/** The ranked search: best blended score first, then newest, then the later written; each row with its score. */
export function searchSql(
  query: TopicQuery,
  options: SearchOptions,
  window: SearchWindow,
  known?: ReadonlyMap<string, string>,
): { text: string; values: unknown[] } | null {
  const params = new Params();
  const topic = topicTsqueries(query, params, known);
  if (!topic) return null;
  const recency = `(1.0 + greatest(0, ${params.add(window.now)}::bigint - a.sort_ts)::float8 / ${params.add(window.halfLifeMs)}::float8)`;
  const cut =
    window.cut === undefined
      ? ''
      : `AND a.sort_ts >= ${params.add(Math.floor(window.cut))}` +
        (window.before === undefined ? '' : ` AND a.sort_ts < ${params.add(Math.floor(window.before))}`);
  const page =
    window.cut === undefined
      ? `LIMIT ${params.add(options.limit)} OFFSET ${params.add(options.offset ?? 0)}`
      : `LIMIT ${params.add(options.limit + (options.offset ?? 0))}`;
  const groups = topic.groups.map((_, i) => `q.g${i}`);
  const text = `WITH q AS (SELECT ${topic.match} AS query, ${topic.groups.map((group, i) => `${group} AS g${i}`).join(', ')})
    SELECT ${REF_COLUMNS}, a.sort_ts AS rank_ts, a.rid AS rank_rid, ${relevanceSql(groups)} / ${recency} AS rank_score
    FROM articles a, q
    WHERE ${window.byTime && window.cut !== undefined ? `coalesce(a.search, ''::tsvector)` : 'a.search'} @@ q.query AND ${sinceFilter(options.since, params)} AND ${scopeFilter(options, params)} AND ${sourceFilter(options.sources, params)} ${cut}
      ${options.withQuotes ? 'AND EXISTS (SELECT 1 FROM quotes qt WHERE qt.article_rid = a.rid)' : ''}
    ORDER BY rank_score DESC, a.sort_ts DESC, a.rid DESC
    ${page}`;
  return { text, values: params.values };
}

/** The newest articles; undated ones (at the bottom) last, the latest written first. */
export function latestSql(options: SearchOptions): { text: string; values: unknown[] } {
  const params = new Params();
  const text = `SELECT ${REF_COLUMNS} FROM articles a
    WHERE ${sinceFilter(options.since, params)} AND ${scopeFilter(options, params)}
    ORDER BY a.sort_ts DESC, a.rid DESC LIMIT ${params.add(options.limit)} OFFSET ${params.add(options.offset ?? 0)}`;
  return { text, values: params.values };
}

/** The articles of some stories the scope may see, newest first, at most perStory of each. */
export function storyArticlesSql(
  stories: number[],
  options: { guildId?: string | null; perStory: number },
): { text: string; values: unknown[] } {
  const params = new Params();
  const list = params.add(stories);
  const text = `SELECT id, title, url, source, published, image, story FROM (
      SELECT ${REF_COLUMNS}, a.sort_ts, a.rid,
        row_number() OVER (PARTITION BY coalesce(a.story, a.rid) ORDER BY a.sort_ts DESC, a.rid DESC) AS nth
      FROM articles a
      WHERE (a.story = ANY(${list}::bigint[]) OR (a.story IS NULL AND a.rid = ANY(${list}::bigint[]))) AND ${scopeFilter(options, params)}
    ) s WHERE nth <= ${params.add(options.perStory)} ORDER BY sort_ts DESC, rid DESC`;
  return { text, values: params.values };
}

/** Topic suggestions for a guild count names over this many of its newest articles (as sqlite.ts). */
const SUGGESTION_WINDOW = 5000;

/** Names starting with the word (any word of them), frequent and recent first; see SqliteStore.suggestTopics. */
export function suggestSql(
  word: string,
  limit: number,
  guildId: string | null | undefined,
  now: number,
  halfLifeMs: number,
): { text: string; values: unknown[] } {
  const params = new Params();
  const w = params.add(word);
  const matches = (column: string) => `(${w} = '' OR ${column} ILIKE ${w} || '%' OR ${column} ILIKE '% ' || ${w} || '%')`;
  const age = (ts: string) => `(1.0 + greatest(0, ${params.add(now)}::bigint - ${ts})::float8 / ${params.add(halfLifeMs)}::float8)`;
  if (guildId === undefined) {
    const text = `SELECT name FROM entity_stats WHERE ${matches('name')}
      ORDER BY articles / ${age('last_ts')} DESC, key LIMIT ${params.add(limit)}`;
    return { text, values: params.values };
  }
  const text = `SELECT min(e.name) AS name
    FROM (SELECT a.rid FROM articles a WHERE ${scopeFilter({ guildId }, params)} ORDER BY a.sort_ts DESC LIMIT ${SUGGESTION_WINDOW}) r
    JOIN article_entities e ON e.article_rid = r.rid
    WHERE ${matches('e.name')}
    GROUP BY lower(e.name)
    ORDER BY count(*) / ${age('max(e.sort_ts)')} DESC, lower(e.name) COLLATE "C" LIMIT ${params.add(limit)}`;
  return { text, values: params.values };
}
