/**
 * The PostgreSQL schema, versioned: migration N brings a database from version N-1 to N, each in a
 * transaction of its own, recorded in schema_migrations. Processes that start at once take turns
 * under an advisory lock, and only the first applies what is missing. Never edit a shipped one.
 */
import type pg from 'pg';
import { StoreOpenError } from '../errors.js';

export const PG_MIGRATIONS: readonly string[] = [
  // 1: articles with a stored, weighted tsvector (title A, body B) under a GIN index; their quotes,
  // names, guild scope and body sketches; the summary cache. Columns as in SQLite (src/store/migrations.ts).
  `
  CREATE TABLE articles (
    rid BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    origin TEXT COLLATE "C" NOT NULL, -- "C": prefix look-ups (articlesUnder) and byte order, as in SQLite
    url TEXT,
    source TEXT,
    title TEXT NOT NULL,
    section TEXT,
    byline TEXT,
    published TEXT COLLATE "C",
    published_from TEXT,
    sort_ts BIGINT NOT NULL,          -- publication time in ms; undated: -8e12 (UNDATED_SORT_TS)
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ingested_at TEXT COLLATE "C" NOT NULL,  -- ISO date-times compare as strings
    guild_id TEXT,                    -- NULL: operator-wide; else the guild whose feed brought it
    canonical_url TEXT,
    body_hash TEXT,
    story BIGINT,                     -- the founding article's rid; NULL: its own story
    search tsvector GENERATED ALWAYS AS (
      setweight(to_tsvector('english'::regconfig, title), 'A') || setweight(to_tsvector('english'::regconfig, body), 'B')
    ) STORED
  );
  CREATE INDEX articles_search ON articles USING gin (search);
  CREATE INDEX articles_latest ON articles (sort_ts DESC, rid DESC);
  CREATE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
  CREATE INDEX articles_body_hash ON articles (body_hash) WHERE body_hash IS NOT NULL;
  CREATE INDEX articles_guild ON articles (guild_id) WHERE guild_id IS NOT NULL;
  CREATE INDEX articles_story ON articles (story) WHERE story IS NOT NULL;
  CREATE INDEX articles_origin ON articles (origin);

  CREATE TABLE article_guilds (
    article_rid BIGINT NOT NULL REFERENCES articles (rid) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,
    PRIMARY KEY (guild_id, article_rid)
  );
  CREATE INDEX article_guilds_article ON article_guilds (article_rid);

  CREATE TABLE quotes (
    article_rid BIGINT NOT NULL REFERENCES articles (rid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    paragraph INTEGER NOT NULL,
    PRIMARY KEY (article_rid, position)
  );

  CREATE TABLE article_entities (
    article_rid BIGINT NOT NULL REFERENCES articles (rid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sort_ts BIGINT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (article_rid, name)
  );
  -- Per name (case folded), how many articles hold it and the latest one's time: kept by the store.
  CREATE TABLE entity_stats (
    key TEXT COLLATE "C" PRIMARY KEY, -- lower(name)
    name TEXT NOT NULL,               -- as first written
    articles INTEGER NOT NULL,
    last_ts BIGINT NOT NULL
  );

  CREATE TABLE article_sketches (
    hash INTEGER NOT NULL,
    article_rid BIGINT NOT NULL REFERENCES articles (rid) ON DELETE CASCADE,
    PRIMARY KEY (hash, article_rid)
  );
  CREATE INDEX article_sketches_article ON article_sketches (article_rid);
  CREATE TABLE article_signatures (
    article_rid BIGINT PRIMARY KEY REFERENCES articles (rid) ON DELETE CASCADE,
    sketch BYTEA NOT NULL
  );

  CREATE TABLE summary_cache (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL,
    created_at BIGINT NOT NULL
  );
  `,
  // 2: shared sources: a feed URL is one row, fetched once however many servers subscribe; a
  // subscription per server ('' for the operator); the items each source has seen.
  `
  CREATE TABLE sources (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,
    interval_ms BIGINT NOT NULL,
    next_poll BIGINT NOT NULL,        -- ms; a poller's claim moves it a lease ahead
    last_polled BIGINT,
    last_success BIGINT,
    polls INTEGER NOT NULL DEFAULT 0,
    failures INTEGER NOT NULL DEFAULT 0,
    status TEXT NOT NULL DEFAULT 'active',
    status_reason TEXT,
    created_at BIGINT NOT NULL
  );
  CREATE INDEX sources_due ON sources (status, next_poll);

  CREATE TABLE subscriptions (
    source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,           -- '': the operator's (its articles are operator-wide)
    origin TEXT NOT NULL,             -- file | opml | command | cli
    created_by TEXT,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (guild_id, source_id)
  );
  CREATE INDEX subscriptions_source ON subscriptions (source_id);

  CREATE TABLE source_items (
    source_id BIGINT NOT NULL REFERENCES sources (id) ON DELETE CASCADE,
    guid TEXT NOT NULL,
    url TEXT,
    article_id TEXT,
    seen_at BIGINT NOT NULL,
    PRIMARY KEY (source_id, guid)
  );
  CREATE INDEX source_items_guid ON source_items (guid);
  CREATE INDEX source_items_url ON source_items (url) WHERE url IS NOT NULL;
  `,
  // 3: briefing schedules and their runs: one row per (schedule, slot), so a slot is claimed once.
  `
  CREATE TABLE schedules (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topics TEXT NOT NULL,             -- JSON array of strings
    cron TEXT NOT NULL,
    timezone TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',
    status_reason TEXT,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    last_slot BIGINT
  );
  CREATE INDEX schedules_guild ON schedules (guild_id);

  CREATE TABLE briefing_runs (
    schedule_id BIGINT NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    slot BIGINT NOT NULL,
    state TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    finished_at BIGINT,
    detail TEXT,
    PRIMARY KEY (schedule_id, slot)
  );
  `,
  // Feed health notices (issue 21, as the SQLite migration; docs/adr/0028-feed-health-notices.md): how
  // many times a source was disabled, and per subscription the count its server was last told about.
  `
  ALTER TABLE sources ADD COLUMN disablings INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE subscriptions ADD COLUMN notice_disabling INTEGER NOT NULL DEFAULT 0;
  `,
  // Follows, as SQLite's migration of the same name (src/store/migrations.ts; docs/adr/0027-follows.md).
  `
  ALTER TABLE schedules ADD COLUMN mention_role TEXT;
  ALTER TABLE schedules ADD COLUMN sources TEXT;
  CREATE TABLE follows (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    max_per_hour INTEGER NOT NULL,
    quiet TEXT,
    timezone TEXT NOT NULL,
    mention_role TEXT,
    sources TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    status_reason TEXT,
    created_by TEXT,
    created_at BIGINT NOT NULL,
    start_row BIGINT NOT NULL,
    last_row BIGINT NOT NULL
  );
  CREATE INDEX follows_guild ON follows (guild_id);
  CREATE TABLE follow_posts (
    follow_id BIGINT NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    story BIGINT NOT NULL,
    article_id TEXT NOT NULL,
    state TEXT NOT NULL,
    claimed_by TEXT NOT NULL,
    claimed_at BIGINT NOT NULL,
    finished_at BIGINT,
    detail TEXT,
    PRIMARY KEY (follow_id, story)
  );
  CREATE INDEX follow_posts_recent ON follow_posts (follow_id, claimed_at);
  `,
  // Lead images (issue 21, as the SQLite migrations): the article's picture address, NULL when it has none.
  `
  ALTER TABLE articles ADD COLUMN image TEXT;
  `,
  // Issue 20: the search vector kept in the article's row (STORAGE MAIN), lz4-compressed where the
  // server has lz4: ranking and phrase checks then read it without a TOAST look-up per match
  // (docs/adr/0030-postgres-search-cost.md). Rows written before keep theirs until written again.
  `
  ALTER TABLE articles ALTER COLUMN search SET STORAGE MAIN;
  DO $$ BEGIN
    ALTER TABLE articles ALTER COLUMN search SET COMPRESSION lz4;
  EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; -- a server built without lz4 keeps pglz
  END $$;
  `,
  // Issue 20: article bodies lz4-compressed where the server has lz4. Compressing 5,000 bench bodies
  // took 447-468 ms of the server's CPU with pglz, 139-194 ms with lz4, to the same size (29 and 30
  // MB). Rows written before keep theirs until written again.
  `
  DO $$ BEGIN
    ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4;
  EXCEPTION WHEN feature_not_supported OR invalid_parameter_value THEN NULL; -- a server built without lz4 keeps pglz
  END $$;
  `,
];

/** The advisory lock key migrations run under (any constant; "newsbrief" in ASCII, cut to 32 bits). */
const MIGRATION_LOCK = 0x6e657773;

const VERSION_TABLE = `CREATE TABLE IF NOT EXISTS schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
)`;

/** The database's schema version: 0 for a database newsbrief never wrote. */
export async function schemaVersion(client: pg.ClientBase): Promise<number> {
  const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (exists.rows[0]?.t == null) return 0;
  const row = await client.query<{ v: number | null }>('SELECT max(version) AS v FROM schema_migrations');
  return row.rows[0]?.v ?? 0;
}

function refuseNewer(version: number): void {
  if (version > PG_MIGRATIONS.length) {
    throw new StoreOpenError(`database schema version ${version} is newer than this newsbrief (${PG_MIGRATIONS.length})`);
  }
}

/**
 * Applies every missing migration, each in its own transaction with its version row. The advisory
 * lock (held by this connection until released) makes a second process starting at once wait, then
 * find the versions done; CREATE TABLE IF NOT EXISTS alone would race on the catalog.
 */
export async function migrate(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(VERSION_TABLE);
      const from = await schemaVersion(client);
      refuseNewer(from);
      for (let version = from + 1; version <= PG_MIGRATIONS.length; version++) {
        await client.query('BEGIN');
        try {
          await client.query(PG_MIGRATIONS[version - 1]!);
          await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK').catch(() => {});
          throw error;
        }
      }
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    }
  } finally {
    client.release();
  }
}

/** For a read-only open: the schema must be this code's, since nothing can be migrated. */
export async function checkReadable(pool: pg.Pool, where: string): Promise<void> {
  const client = await pool.connect();
  try {
    const version = await schemaVersion(client);
    refuseNewer(version);
    if (version === 0) throw new StoreOpenError(`${where} is not a newsbrief database (it holds no newsbrief schema)`);
    if (version < PG_MIGRATIONS.length) {
      throw new StoreOpenError(
        `the database ${where} was written by an older newsbrief (schema ${version}, this one reads ${PG_MIGRATIONS.length}): ` +
          `run one command that writes (e.g. newsbrief ingest) on it once to upgrade it`,
      );
    }
  } finally {
    client.release();
  }
}
