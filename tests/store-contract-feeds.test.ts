/**
 * The feed and schedule store contract, against every backend: feeds and the items they have seen,
 * dedupe look-ups in a guild's scope, the operator's file feeds, and briefing slots claimed exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Stores } from '../src/store/open.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

const T0 = Date.parse('2025-04-02T08:00:00Z');
const MINUTE = 60_000;
const feed = (url: string, guildId: string | null = null) => ({
  guildId,
  url,
  origin: 'command' as const,
  intervalMs: 10 * MINUTE,
  createdBy: 'u1',
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skipped !== null)(`Feed and schedule stores on ${backend.name}`, () => {
    const fixture = storeFixture(backend, { now: () => T0 });
    let stores: Stores;
    afterEach(() => fixture.cleanup());

    it('adds a feed once per scope, lists, counts and removes it only in its own scope', async () => {
      stores = await fixture.open();
      const { feeds } = stores;
      const first = await feeds.addFeed(feed('https://a.example/rss'), T0);
      expect(first.created).toBe(true);
      expect(first.feed).toMatchObject({
        guildId: null,
        url: 'https://a.example/rss',
        origin: 'command',
        status: 'active',
        nextPoll: T0,
        polls: 0,
      });
      expect((await feeds.addFeed(feed('https://a.example/rss'), T0 + 1)).created).toBe(false);
      const guilds = await feeds.addFeed(feed('https://a.example/rss', 'g1'), T0);
      expect(guilds.created).toBe(true);
      expect((await feeds.listFeeds(null)).map((f) => f.id)).toEqual([first.feed.id]);
      expect(await feeds.countFeeds('g1')).toBe(1);
      expect(await feeds.removeFeed(guilds.feed.id, 'g2')).toBe(false);
      expect(await feeds.removeFeed(guilds.feed.id, 'g1')).toBe(true);
      expect(await feeds.listFeeds('g1')).toEqual([]);
      expect((await feeds.listFeeds(null)).map((f) => f.url)).toEqual(['https://a.example/rss']);
      expect(await feeds.removeFeed(first.feed.id, null)).toBe(true);
      expect(await feeds.getFeed(first.feed.id)).toBeNull();
    });

    it('hands out due feeds, then keeps what a poll recorded: success, failure, re-enabling', async () => {
      stores = await fixture.open();
      const { feeds } = stores;
      const { feed: a } = await feeds.addFeed(feed('https://a.example/rss'), T0);
      await feeds.addFeed(feed('https://b.example/rss'), T0 + 5 * MINUTE);
      expect((await feeds.dueFeeds(T0 + MINUTE, 10)).map((f) => f.url)).toEqual(['https://a.example/rss']);
      await feeds.recordSuccess(
        a.id,
        { etag: '"e1"', lastModified: null, bodyHash: 'h1', title: 'A', nextPoll: T0 + 10 * MINUTE, parsed: true },
        T0 + MINUTE,
      );
      expect(await feeds.getFeed(a.id)).toMatchObject({
        etag: '"e1"',
        bodyHash: 'h1',
        title: 'A',
        polls: 1,
        lastSuccess: T0 + MINUTE,
        nextPoll: T0 + 10 * MINUTE,
      });
      await feeds.recordFailure(a.id, { failures: 8, nextPoll: T0 + 99 * MINUTE, status: 'disabled', reason: 'HTTP 404' }, T0 + 2 * MINUTE);
      expect(await feeds.getFeed(a.id)).toMatchObject({ status: 'disabled', statusReason: 'HTTP 404', failures: 8 });
      expect((await feeds.dueFeeds(T0 + 100 * MINUTE, 10)).map((f) => f.url)).toEqual(['https://b.example/rss']);
      await feeds.enableFeed(a.id, T0 + 3 * MINUTE);
      expect(await feeds.getFeed(a.id)).toMatchObject({ status: 'active', failures: 0, nextPoll: T0 + 3 * MINUTE });
    });

    it('remembers the items a feed has seen', async () => {
      stores = await fixture.open();
      const { feeds } = stores;
      const { feed: a } = await feeds.addFeed(feed('https://a.example/rss'), T0);
      await feeds.markSeen(
        a.id,
        [
          { guid: 'g-1', url: 'https://a.example/1', articleId: 'x1' },
          { guid: 'g-2', url: null, articleId: null },
        ],
        T0,
      );
      expect([...(await feeds.seenGuids(a.id, ['g-1', 'g-2', 'g-3']))].sort()).toEqual(['g-1', 'g-2']);
      expect(await feeds.seenGuids(a.id, [])).toEqual(new Set());
    });

    it('finds a duplicate by canonical URL, guid or body only where the scope can already see it', async () => {
      stores = await fixture.open();
      const { feeds, store } = stores;
      const operator = makeArticle({ title: 'Port story', paragraphs: ['The port expanded.'], url: 'https://news.example/port' });
      const guildOnly = makeArticle({ title: 'Club story', paragraphs: ['The club met.'], url: 'https://club.example/meet' });
      await store.upsert(operator, { canonicalUrl: 'https://news.example/port', bodyHash: 'body-port' });
      await store.upsert(guildOnly, { guildId: 'g1', canonicalUrl: 'https://club.example/meet', bodyHash: 'body-club' });
      const { feed: f } = await feeds.addFeed(feed('https://news.example/rss'), T0);
      await feeds.markSeen(f.id, [{ guid: 'tag:news,1', url: 'https://news.example/port?x', articleId: operator.id }], T0);
      expect(await feeds.findDuplicate({ canonicalUrl: 'https://news.example/port' }, 'g2')).toBe(operator.id);
      expect(await feeds.findDuplicate({ canonicalUrl: 'https://news.example/port?x' }, null)).toBe(operator.id);
      expect(await feeds.findDuplicate({ guid: 'tag:news,1' }, 'g1')).toBe(operator.id);
      expect(await feeds.findDuplicate({ bodyHash: 'body-port' }, null)).toBe(operator.id);
      expect(await feeds.findDuplicate({ canonicalUrl: 'https://club.example/meet' }, 'g1')).toBe(guildOnly.id);
      expect(await feeds.findDuplicate({ canonicalUrl: 'https://club.example/meet', bodyHash: 'body-club' }, 'g2')).toBeNull();
      expect(await feeds.findDuplicate({}, null)).toBeNull();
    });

    it("makes the operator's file feeds exactly the file's list, leaving other feeds alone", async () => {
      stores = await fixture.open();
      const { feeds } = stores;
      const file = (url: string, intervalMs = 10 * MINUTE) => ({ guildId: null, url, origin: 'file' as const, intervalMs });
      await feeds.addFeed(feed('https://cmd.example/rss'), T0);
      expect(await feeds.syncFileFeeds([file('https://a.example/rss'), file('https://b.example/rss')], T0)).toEqual({
        added: 2,
        removed: 0,
      });
      expect(await feeds.syncFileFeeds([file('https://b.example/rss', 30 * MINUTE)], T0)).toEqual({ added: 0, removed: 1 });
      const listed = await feeds.listFeeds(null);
      expect(listed.map((f) => [f.url, f.intervalMs])).toEqual([
        ['https://cmd.example/rss', 10 * MINUTE],
        ['https://b.example/rss', 30 * MINUTE],
      ]);
    });

    it('keeps schedules per guild: add, list, pause with a reason, resume, remove only in its guild', async () => {
      stores = await fixture.open();
      const { schedules } = stores;
      const s = await schedules.addSchedule(
        { guildId: 'g1', channelId: 'c1', topics: ['iran', 'oil'], cron: '0 8 * * *', timezone: 'Europe/Paris', createdBy: 'u1' },
        T0,
      );
      expect(s).toMatchObject({
        guildId: 'g1',
        topics: ['iran', 'oil'],
        status: 'active',
        statusReason: null,
        createdAt: T0,
        lastSlot: null,
      });
      await schedules.addSchedule(
        { guildId: 'g2', channelId: 'c2', topics: ['x'], cron: '0 9 * * *', timezone: 'UTC', createdBy: null },
        T0,
      );
      expect((await schedules.listSchedules('g1')).map((x) => x.id)).toEqual([s.id]);
      expect(await schedules.listSchedules()).toHaveLength(2);
      expect(await schedules.setScheduleStatus(s.id, 'g2', 'paused', 'nope', T0)).toBe(false);
      expect(await schedules.setScheduleStatus(s.id, 'g1', 'paused', 'missing access', T0 + 5)).toBe(true);
      expect(await schedules.getSchedule(s.id)).toMatchObject({ status: 'paused', statusReason: 'missing access', lastSlot: T0 + 5 });
      expect(await schedules.removeSchedule(s.id, 'g2')).toBe(false);
      expect(await schedules.removeSchedule(s.id, 'g1')).toBe(true);
      expect(await schedules.getSchedule(s.id)).toBeNull();
    });

    it('claims a briefing slot exactly once, even among callers at the same moment, and records how it ended', async () => {
      stores = await fixture.open();
      const other = await fixture.reopen(); // another process on the same database
      const { schedules } = stores;
      const s = await schedules.addSchedule(
        { guildId: 'g1', channelId: 'c1', topics: ['iran'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
        T0,
      );
      const slot = T0 + 60 * MINUTE;
      const claims = await Promise.all(
        Array.from({ length: 6 }, (_, i) => (i % 2 ? other.schedules : schedules).claimRun(s.id, slot, `p${i}`, slot + i)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await schedules.skipRun(s.id, slot, 'late', slot + 10, 'too old')).toBe(false);
      expect((await schedules.getSchedule(s.id))?.lastSlot).toBe(slot);
      await schedules.finishRun(s.id, slot, 'posted', '{"ids":["a"]}', slot + 20);
      expect(await schedules.lastPostedRun(s.id)).toMatchObject({
        scheduleId: s.id,
        slot,
        state: 'posted',
        detail: '{"ids":["a"]}',
        finishedAt: slot + 20,
      });
      const next = slot + 24 * 60 * MINUTE;
      expect(await other.schedules.skipRun(s.id, next, 'p9', next + 99 * MINUTE, 'missed')).toBe(true);
      expect((await schedules.runsOf(s.id)).map((r) => [r.slot, r.state])).toEqual([
        [slot, 'posted'],
        [next, 'skipped'],
      ]);
      expect((await schedules.postedRunsSince(s.id, slot)).map((r) => r.slot)).toEqual([slot]);
      expect(await schedules.postedRunsSince(s.id, slot + 1)).toEqual([]);
    });
  });
}
