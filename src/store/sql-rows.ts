/**
 * The rows both SQL backends keep feeds, subscriptions, schedules and briefing runs in (the same
 * columns in SQLite and PostgreSQL), and the records the store interfaces give for them: one mapping
 * for the stores and for `newsbrief copy`'s export.
 */
import type { Article, DateOrigin } from '../articles/model.js';
import type { FeedOrigin, FeedRecord, FeedStatus } from './feeds.js';
import type { Follow, FollowPost, FollowStatus } from './follows.js';
import type { BriefingRun, Schedule, ScheduleStatus } from './schedules.js';
import { type ArticleRecord, type ArticleRef, NO_SOURCE_FILTER, type SourceFilter } from './store.js';

/** How a stored body joins an article's paragraphs (and is split back into them), on both backends. */
export const PARAGRAPH_SEPARATOR = '\n\n';

/** An article's columns as both backends store them (each adds its row number and the rest it reads). */
export interface ArticleColumns {
  id: string;
  origin: string;
  url: string | null;
  source: string | null;
  title: string;
  section: string | null;
  byline: string | null;
  published: string | null;
  published_from: DateOrigin | null;
  image: string | null;
  body: string;
  content_hash: string;
  ingested_at: string;
}

/** A quote with its article's reference columns, from one query. */
export interface QuoteRow extends ArticleRef {
  text: string;
  speaker: string | null;
  paragraph: number;
}

/** The articles asked for, in the order asked (ids not found left out), each with its quotes. */
export function articlesInOrder(ids: readonly string[], rows: readonly ArticleColumns[], quoteRows: readonly QuoteRow[]): Article[] {
  const quotesById = new Map<string, Article['quotes']>();
  for (const q of quoteRows) {
    const list = quotesById.get(q.id) ?? [];
    list.push({ text: q.text, speaker: q.speaker, paragraph: q.paragraph });
    quotesById.set(q.id, list);
  }
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.flatMap((id) => {
    const row = byId.get(id);
    return row ? [toArticle(row, quotesById.get(id) ?? [])] : [];
  });
}

/** The columns an Article and an exported ArticleRecord both take as they are. */
function headerOf(row: ArticleColumns) {
  return {
    id: row.id,
    origin: row.origin,
    url: row.url,
    source: row.source,
    title: row.title,
    section: row.section,
    byline: row.byline,
    published: row.published,
    publishedFrom: row.published_from,
    contentHash: row.content_hash,
    ingestedAt: row.ingested_at,
  };
}

function toArticle(row: ArticleColumns, quotes: Article['quotes']): Article {
  return {
    ...headerOf(row),
    paragraphs: row.body === '' ? [] : row.body.split(PARAGRAPH_SEPARATOR),
    quotes,
    // Only when it has one, as articles are built (articles/html/metadata.ts).
    ...(row.image ? { image: row.image } : {}),
  };
}

/** How long a claimed feed stays away from other pollers: its poll records the real next poll well before; a poller that dies leaves it due again once the lease ends. */
export const FEED_CLAIM_LEASE_MS = 15 * 60_000;

/** A feed (source) with one subscription's side of it (`sub_guild` '' for the operator). */
export interface FeedRow {
  id: number;
  sub_guild: string;
  url: string;
  origin: FeedOrigin;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  body_hash: string | null;
  interval_ms: number;
  next_poll: number;
  last_polled: number | null;
  last_success: number | null;
  polls: number;
  failures: number;
  status: FeedStatus;
  status_reason: string | null;
  created_by: string | null;
  created_at: number;
}

/** The operator's subscriptions are kept under '' (a primary key holds no NULL). */
export function scopeKey(guildId: string | null): string {
  return guildId ?? '';
}

/** A subscription as FeedStore gives it, without the scope its articles go under (the stores add it, the copy maps it). */
export function subscriptionRecord(row: FeedRow): Omit<FeedRecord, 'articleScope'> {
  return {
    id: row.id,
    guildId: row.sub_guild === '' ? null : row.sub_guild,
    url: row.url,
    origin: row.origin,
    title: row.title,
    etag: row.etag,
    lastModified: row.last_modified,
    bodyHash: row.body_hash,
    intervalMs: row.interval_ms,
    nextPoll: row.next_poll,
    lastPolled: row.last_polled,
    lastSuccess: row.last_success,
    polls: row.polls,
    failures: row.failures,
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
  };
}

export interface ScheduleRow {
  id: number;
  guild_id: string;
  channel_id: string;
  topics: string;
  cron: string;
  timezone: string;
  status: ScheduleStatus;
  status_reason: string | null;
  created_by: string | null;
  created_at: number;
  last_slot: number | null;
  mention_role: string | null;
  /** JSON SourceFilter, or NULL for none. */
  sources: string | null;
}

export interface RunRow {
  schedule_id: number;
  slot: number;
  state: BriefingRun['state'];
  claimed_by: string;
  claimed_at: number;
  finished_at: number | null;
  detail: string | null;
}

export function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    guildId: row.guild_id,
    channelId: row.channel_id,
    topics: JSON.parse(row.topics) as string[],
    cron: row.cron,
    timezone: row.timezone,
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAt: row.created_at,
    lastSlot: row.last_slot,
    mentionRole: row.mention_role ?? null,
    sources: sourcesOf(row.sources),
  };
}

/** A stored source filter column (JSON, or NULL for none). */
export function sourcesOf(column: string | null | undefined): SourceFilter {
  if (!column) return NO_SOURCE_FILTER;
  const parsed = JSON.parse(column) as Partial<SourceFilter>;
  return { only: parsed.only ?? [], except: parsed.except ?? [] };
}

/** A source filter as its column stores it: NULL when it filters nothing. */
export function sourcesColumn(filter: SourceFilter | undefined): string | null {
  return filter && (filter.only.length || filter.except.length) ? JSON.stringify({ only: filter.only, except: filter.except }) : null;
}

export interface FollowRow {
  id: number;
  guild_id: string;
  channel_id: string;
  topic: string;
  max_per_hour: number;
  quiet: string | null;
  timezone: string;
  mention_role: string | null;
  sources: string | null;
  status: FollowStatus;
  status_reason: string | null;
  created_by: string | null;
  created_at: number;
  start_row: number;
  last_row: number;
}

export interface FollowPostRow {
  follow_id: number;
  story: number;
  article_id: string;
  state: FollowPost['state'];
  claimed_by: string;
  claimed_at: number;
  finished_at: number | null;
  detail: string | null;
}

export function toFollow(row: FollowRow): Follow {
  return {
    id: Number(row.id),
    guildId: row.guild_id,
    channelId: row.channel_id,
    topic: row.topic,
    maxPerHour: Number(row.max_per_hour),
    quiet: row.quiet,
    timezone: row.timezone,
    mentionRole: row.mention_role,
    sources: sourcesOf(row.sources),
    status: row.status,
    statusReason: row.status_reason,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    startRow: Number(row.start_row),
    lastRow: Number(row.last_row),
  };
}

export function toFollowPost(row: FollowPostRow): FollowPost {
  return {
    followId: Number(row.follow_id),
    story: Number(row.story),
    articleId: row.article_id,
    state: row.state,
    claimedBy: row.claimed_by,
    claimedAt: Number(row.claimed_at),
    finishedAt: row.finished_at === null ? null : Number(row.finished_at),
    detail: row.detail,
  };
}

export function toRun(row: RunRow): BriefingRun {
  return {
    scheduleId: row.schedule_id,
    slot: row.slot,
    state: row.state,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    finishedAt: row.finished_at,
    detail: row.detail,
  };
}

/** Rows by the row (article or schedule) they belong to, in the order read. */
export function grouped<T extends { rid: number }>(rows: T[]): Map<number, T[]> {
  const byRid = new Map<number, T[]>();
  for (const row of rows) {
    const list = byRid.get(row.rid);
    if (list) list.push(row);
    else byRid.set(row.rid, [row]);
  }
  return byRid;
}

/** An article row as `newsbrief copy` exports it from either backend, with its story founder's id and sketch. */
export interface ArticleExportRow extends ArticleColumns {
  rid: number;
  sort_ts: number;
  canonical_url: string | null;
  body_hash: string | null;
  guild_id: string | null;
  founder: string | null;
  sketch: Buffer | null;
}

/** What an exported article's row carries in other tables, grouped by row (grouped). */
export interface ArticleRelated {
  quotes: Map<number, { text: string; speaker: string | null; paragraph: number }[]>;
  names: Map<number, { name: string }[]>;
  guilds: Map<number, { guild_id: string }[]>;
}

/** The backend-free record of an exported article row. */
export function articleRecord(row: ArticleExportRow, related: ArticleRelated): ArticleRecord {
  return {
    ...headerOf(row),
    image: row.image,
    sortTs: row.sort_ts,
    body: row.body,
    canonicalUrl: row.canonical_url,
    bodyHash: row.body_hash,
    guildId: row.guild_id,
    guilds: (related.guilds.get(row.rid) ?? []).map((g) => g.guild_id),
    storyFounder: row.founder === row.id ? null : row.founder,
    names: (related.names.get(row.rid) ?? []).map((n) => n.name),
    quotes: (related.quotes.get(row.rid) ?? []).map(({ text, speaker, paragraph }) => ({ text, speaker, paragraph })),
    sketch: row.sketch,
  };
}
