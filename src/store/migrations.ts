/** Versioned schema: migration N brings a database from user_version N-1 to N. Never edit a shipped one. */
export const MIGRATIONS: readonly string[] = [
  // 1: articles, their quotes, and a full-text index kept in step by triggers.
  `
  CREATE TABLE articles (
    rowid INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    origin TEXT NOT NULL,
    url TEXT,
    source TEXT,
    title TEXT NOT NULL,
    section TEXT,
    byline TEXT,
    published TEXT,
    -- published date (or ingestion time when unknown) in ms, for recency ranking and "latest"
    sort_ts INTEGER NOT NULL,
    body TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    ingested_at TEXT NOT NULL
  );
  CREATE INDEX articles_sort_ts ON articles (sort_ts DESC);

  CREATE TABLE quotes (
    rowid INTEGER PRIMARY KEY,
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT,
    paragraph INTEGER NOT NULL
  );
  CREATE INDEX quotes_article ON quotes (article_rowid, position);

  CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, content = 'articles', content_rowid = 'rowid', tokenize = 'porter unicode61'
  );
  CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
  END;
  CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
  END;
  CREATE TRIGGER articles_au AFTER UPDATE OF title, body ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.rowid, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.rowid, new.title, new.body);
  END;
  `,
  // 2: the names each article is about, with per-name counts kept by triggers, for topic suggestions.
  `
  CREATE TABLE article_entities (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    name TEXT NOT NULL,
    sort_ts INTEGER NOT NULL,
    PRIMARY KEY (article_rowid, name)
  ) WITHOUT ROWID;
  CREATE TABLE entity_stats (
    name TEXT NOT NULL PRIMARY KEY COLLATE NOCASE,
    articles INTEGER NOT NULL,
    last_ts INTEGER NOT NULL
  );
  CREATE TRIGGER article_entities_ai AFTER INSERT ON article_entities BEGIN
    INSERT INTO entity_stats (name, articles, last_ts) VALUES (new.name, 1, new.sort_ts)
      ON CONFLICT (name) DO UPDATE SET articles = articles + 1, last_ts = max(last_ts, excluded.last_ts);
  END;
  CREATE TRIGGER article_entities_ad AFTER DELETE ON article_entities BEGIN
    UPDATE entity_stats SET articles = articles - 1 WHERE name = old.name;
    DELETE FROM entity_stats WHERE name = old.name AND articles <= 0;
  END;
  `,
  // 3: briefing schedules and their run records (one row per schedule and slot), and the summary cache.
  `
  CREATE TABLE schedules (
    id INTEGER PRIMARY KEY,
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topics TEXT NOT NULL,            -- JSON array of strings
    cron TEXT NOT NULL,              -- croner pattern (a daily HH:MM becomes "M H * * *")
    timezone TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'active',  -- active | paused
    status_reason TEXT,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    last_slot INTEGER                -- the slot (ms) of the last briefing posted
  );
  CREATE INDEX schedules_guild ON schedules (guild_id);

  CREATE TABLE briefing_runs (
    schedule_id INTEGER NOT NULL REFERENCES schedules (id) ON DELETE CASCADE,
    slot INTEGER NOT NULL,           -- the scheduled instant (ms), not when it ran
    state TEXT NOT NULL,             -- claimed | posted | failed | skipped
    claimed_by TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    finished_at INTEGER,
    detail TEXT,
    PRIMARY KEY (schedule_id, slot)
  ) WITHOUT ROWID;

  CREATE TABLE summary_cache (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL,             -- JSON
    created_at INTEGER NOT NULL
  );
  `,
  // 4: feeds (operator-wide when guild_id is NULL), the items each has seen, and article scope and dedupe keys.
  `
  ALTER TABLE articles ADD COLUMN guild_id TEXT;        -- NULL: operator-wide; else the guild whose feed brought it
  ALTER TABLE articles ADD COLUMN canonical_url TEXT;   -- tracking parameters stripped, for dedupe across feeds
  ALTER TABLE articles ADD COLUMN body_hash TEXT;       -- hash of the cleaned body, for copies under other URLs
  CREATE INDEX articles_canonical_url ON articles (canonical_url) WHERE canonical_url IS NOT NULL;
  CREATE INDEX articles_body_hash ON articles (body_hash) WHERE body_hash IS NOT NULL;
  CREATE INDEX articles_guild ON articles (guild_id) WHERE guild_id IS NOT NULL;

  -- Every guild that may see a guild-scoped article (the same story can come from several guilds' feeds).
  CREATE TABLE article_guilds (
    article_rowid INTEGER NOT NULL REFERENCES articles (rowid) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,
    PRIMARY KEY (guild_id, article_rowid)
  ) WITHOUT ROWID;

  CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    guild_id TEXT,                   -- NULL: an operator feed, seen by every guild
    url TEXT NOT NULL,
    origin TEXT NOT NULL,            -- file | opml | command | cli
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    body_hash TEXT,                  -- of the last body parsed, to skip an unchanged one
    interval_ms INTEGER NOT NULL,
    next_poll INTEGER NOT NULL,      -- ms
    last_polled INTEGER,
    last_success INTEGER,
    polls INTEGER NOT NULL DEFAULT 0,  -- successful polls; the first one indexes the backlog quietly
    failures INTEGER NOT NULL DEFAULT 0,  -- consecutive
    status TEXT NOT NULL DEFAULT 'active',  -- active | disabled
    status_reason TEXT,
    created_by TEXT,
    created_at INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX feeds_scope_url ON feeds (coalesce(guild_id, ''), url);
  CREATE INDEX feeds_due ON feeds (status, next_poll);

  CREATE TABLE feed_items (
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guid TEXT NOT NULL,              -- the item's guid/id, else its canonical URL
    url TEXT,                        -- canonical
    article_id TEXT,                 -- the article it became (or was a duplicate of); NULL when it held none
    seen_at INTEGER NOT NULL,
    PRIMARY KEY (feed_id, guid)
  ) WITHOUT ROWID;
  CREATE INDEX feed_items_guid ON feed_items (guid);
  `,
  // 5: ranking reads only this index (not the article rows with their bodies) for every match.
  `
  CREATE INDEX articles_ranking ON articles (rowid, sort_ts, guild_id);
  `,
  // 6: the full-text index is keyed by publication time (time_key, see timeKey() in sqlite.ts), so a
  // search can read the newest matches first and stop; the index is rebuilt under the new keys.
  `
  ALTER TABLE articles ADD COLUMN time_key INTEGER;
  UPDATE articles SET time_key = k.key FROM (
    SELECT rowid AS rid,
      (max(-8000000000000, min(8000000000000, sort_ts)) / 1000) * 1048576
        + row_number() OVER (PARTITION BY max(-8000000000000, min(8000000000000, sort_ts)) / 1000 ORDER BY rowid) - 1 AS key
    FROM articles
  ) k WHERE k.rid = articles.rowid;
  CREATE UNIQUE INDEX articles_time_key ON articles (time_key);
  CREATE INDEX articles_ranking_by_time ON articles (time_key, sort_ts, guild_id);
  DROP INDEX articles_ranking;

  DROP TRIGGER articles_ai;
  DROP TRIGGER articles_ad;
  DROP TRIGGER articles_au;
  DROP TABLE articles_fts;
  CREATE VIRTUAL TABLE articles_fts USING fts5 (
    title, body, content = 'articles', content_rowid = 'time_key', tokenize = 'porter unicode61'
  );
  CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.time_key, new.title, new.body);
  END;
  CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.time_key, old.title, old.body);
  END;
  CREATE TRIGGER articles_au AFTER UPDATE OF title, body, time_key ON articles BEGIN
    INSERT INTO articles_fts (articles_fts, rowid, title, body) VALUES ('delete', old.time_key, old.title, old.body);
    INSERT INTO articles_fts (rowid, title, body) VALUES (new.time_key, new.title, new.body);
  END;
  INSERT INTO articles_fts (articles_fts) VALUES ('rebuild');
  `,
  // 7: the store adds new articles to the full-text index, and their names to entity_stats, itself at
  // the end of each write transaction (SqliteStore.finishWrites): through a trigger, FTS5 wrote a
  // segment per article, and each name cost a trigger run. Updates and deletes keep their triggers.
  `
  DROP TRIGGER articles_ai;
  DROP TRIGGER article_entities_ai;
  `,
  // 8: the store's own notes to itself across runs: a first load writing without syncing (see
  // SqliteStore.bulkLoad) is noted here while it runs.
  `
  CREATE TABLE store_state (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
  ) WITHOUT ROWID;
  `,
  // 9: where an article's date was read (published_from: metadata, json-ld, time, url, feed, dateline,
  // text; NULL for dates stored before this), and undated articles at the bottom of the time keys
  // (docs/adr/0012-undated-articles.md). An article whose date is missing, before 1990 or over a day
  // after its ingestion loses it: sort_ts goes to -8e12 (UNDATED_SORT_TS in sqlite.ts) and its key
  // to a slot of that second after every key already there, in row order; the update trigger moves
  // its full-text entry. Its names stop counting as recent news.
  `
  ALTER TABLE articles ADD COLUMN published_from TEXT;
  CREATE TEMP TABLE undated AS
    SELECT rowid AS rid, row_number() OVER (ORDER BY rowid) AS n FROM articles
    WHERE published IS NULL OR sort_ts < 631152000000 OR sort_ts > unixepoch(ingested_at) * 1000 + 86400000;
  UPDATE articles SET published = NULL, published_from = NULL, sort_ts = -8000000000000,
    time_key = (SELECT coalesce(max(time_key) + 1, -8388608000000000) FROM articles
                WHERE time_key >= -8388608000000000 AND time_key < -8388608000000000 + 1048576) + u.n - 1
  FROM temp.undated u WHERE u.rid = articles.rowid;
  UPDATE article_entities SET sort_ts = -8000000000000 WHERE article_rowid IN (SELECT rid FROM temp.undated);
  UPDATE entity_stats SET last_ts = m.ts FROM (
    SELECT name COLLATE NOCASE AS name, max(sort_ts) AS ts FROM article_entities
    WHERE EXISTS (SELECT 1 FROM temp.undated) GROUP BY name COLLATE NOCASE
  ) m WHERE m.name = entity_stats.name;
  DROP TABLE temp.undated;
  `,
  // 10: each article's body sketch (articles/fingerprint.ts): its smallest hashes indexed, so a copy of a
  // stored page under another file or format is found by a few index look-ups, and the whole sketch,
  // to rule out most candidates unread (docs/adr/0013-one-article-per-page.md). The articles already
  // stored are sketched in code (SqliteStore.migrate).
  `
  -- No foreign key (it would need a second index to delete by): the store deletes an article's rows by
  -- the hashes its signature holds (sqlite-copies.ts), and a row left behind only costs a look-up.
  CREATE TABLE article_sketches (
    hash INTEGER NOT NULL,
    article_rowid INTEGER NOT NULL,
    PRIMARY KEY (hash, article_rowid)
  ) WITHOUT ROWID;
  CREATE TABLE article_signatures (
    article_rowid INTEGER PRIMARY KEY REFERENCES articles (rowid) ON DELETE CASCADE,
    sketch BLOB NOT NULL
  );
  `,
  // 11: stories (docs/adr/0019-story-grouping.md): an article's story is the row of the article that
  // founded it, NULL for the founder itself (and for every article stored before: each its own story).
  // Names keep the order the article gave them, which grouping reads back (its first ones lead).
  `
  ALTER TABLE articles ADD COLUMN story INTEGER;
  CREATE INDEX articles_by_story ON articles (story) WHERE story IS NOT NULL;
  ALTER TABLE article_entities ADD COLUMN position INTEGER;
  `,
  // 12: shared sources (issue 20, as postgres/migrations.ts 2): a feed URL is one feeds row, fetched
  // once however many servers subscribe, with a subscription per server ('' for the operator). The
  // feeds of one URL merge into the oldest (its state and the items each had seen); each former feed
  // becomes a subscription. A subscribed source's new articles are stored under its own scope
  // ('source:' || id), which every subscribing guild sees (SCOPE_FILTER in sqlite-feeds.ts).
  `
  CREATE TABLE subscriptions (
    feed_id INTEGER NOT NULL REFERENCES feeds (id) ON DELETE CASCADE,
    guild_id TEXT NOT NULL,          -- '': the operator's (its articles are operator-wide)
    origin TEXT NOT NULL,            -- file | opml | command | cli
    created_by TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (guild_id, feed_id)
  ) WITHOUT ROWID;
  CREATE INDEX subscriptions_feed ON subscriptions (feed_id);
  CREATE TEMP TABLE kept AS SELECT id, (SELECT min(k.id) FROM feeds k WHERE k.url = f.url) AS into_id FROM feeds f;
  INSERT OR IGNORE INTO subscriptions (feed_id, guild_id, origin, created_by, created_at)
    SELECT m.into_id, coalesce(f.guild_id, ''), f.origin, f.created_by, f.created_at FROM feeds f JOIN temp.kept m ON m.id = f.id;
  INSERT OR IGNORE INTO feed_items (feed_id, guid, url, article_id, seen_at)
    SELECT m.into_id, i.guid, i.url, i.article_id, i.seen_at FROM feed_items i JOIN temp.kept m ON m.id = i.feed_id WHERE m.into_id <> m.id;
  DELETE FROM feed_items WHERE feed_id IN (SELECT id FROM temp.kept WHERE into_id <> id);
  DELETE FROM feeds WHERE id IN (SELECT id FROM temp.kept WHERE into_id <> id);
  DROP TABLE temp.kept;
  DROP INDEX feeds_scope_url;
  ALTER TABLE feeds DROP COLUMN guild_id;
  ALTER TABLE feeds DROP COLUMN origin;
  ALTER TABLE feeds DROP COLUMN created_by;
  CREATE UNIQUE INDEX feeds_url ON feeds (url);
  -- A guild's view reads an article's few scope rows, whichever of its subscriptions they name.
  CREATE INDEX article_guilds_by_article ON article_guilds (article_rowid, guild_id);
  `,
  // Feed health notices (issue 21, as postgres/migrations.ts; docs/adr/0028-feed-health-notices.md): a feed
  // counts the times it was disabled; a subscription keeps the count its server was last told about, so a
  // notice is due while the feed is disabled and the two differ, and claiming it is one conditional update.
  // Feeds disabled before this version count 0: their servers are not told again.
  `
  ALTER TABLE feeds ADD COLUMN disablings INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE subscriptions ADD COLUMN notice_disabling INTEGER NOT NULL DEFAULT 0;
  `,
  // Follows (docs/adr/0027-follows.md): a topic's new stories posted to a channel as they are indexed.
  // A follow keeps a high-water mark over article rows; follow_posts holds one row per (follow, story),
  // inserted before posting, so a story is posted once across processes. Briefings and follows also
  // keep the role they ping and their outlet filter (JSON {only, except}).
  `
  ALTER TABLE schedules ADD COLUMN mention_role TEXT;
  ALTER TABLE schedules ADD COLUMN sources TEXT;
  CREATE TABLE follows (
    id INTEGER PRIMARY KEY,
    guild_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    topic TEXT NOT NULL,
    max_per_hour INTEGER NOT NULL,
    quiet TEXT,                      -- "HH-HH" in timezone, or NULL
    timezone TEXT NOT NULL,
    mention_role TEXT,
    sources TEXT,
    status TEXT NOT NULL DEFAULT 'active',
    status_reason TEXT,
    created_by TEXT,
    created_at INTEGER NOT NULL,
    start_row INTEGER NOT NULL,      -- articles.rowid when added: older stories are not new
    last_row INTEGER NOT NULL        -- every article row up to this one has been looked at
  );
  CREATE INDEX follows_guild ON follows (guild_id);
  CREATE TABLE follow_posts (
    follow_id INTEGER NOT NULL REFERENCES follows (id) ON DELETE CASCADE,
    story INTEGER NOT NULL,
    article_id TEXT NOT NULL,
    state TEXT NOT NULL,             -- claimed | posted | failed | skipped
    claimed_by TEXT NOT NULL,
    claimed_at INTEGER NOT NULL,
    finished_at INTEGER,
    detail TEXT,
    PRIMARY KEY (follow_id, story)
  );
  CREATE INDEX follow_posts_recent ON follow_posts (follow_id, claimed_at);
  `,
  // Lead images (issue 21, as postgres/migrations.ts): the article's picture address, NULL when it has none.
  `
  ALTER TABLE articles ADD COLUMN image TEXT;
  `,
];
