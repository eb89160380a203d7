/**
 * The FollowStore contract and the outlet filter, unchanged against every backend: a follow sees only
 * articles stored after it, in its guild's view and outlet filter; a story is claimed once; the hourly
 * limit counts stored posts; briefings keep their role and filter.
 */
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { expandTopic } from '../src/news/topics.js';
import { type NewFollow, OVER_LIMIT } from '../src/store/follows.js';
import type { Stores } from '../src/store/open.js';
import { NO_SOURCE_FILTER } from '../src/store/store.js';
import { makeArticle } from './support/articles.js';
import { BACKENDS, storeFixture } from './support/backends.js';

const NOW = Date.parse('2025-04-02T00:00:00Z');
const HOUR = 3_600_000;
const GUILD = '100000000000000001';

const storyArticle = (name: string, source: string): Article => ({
  ...buildArticle({
    origin: `tests/fixtures/stories/${name}`,
    format: 'text',
    content: readFileSync(`tests/fixtures/stories/${name}`, 'utf8'),
  }),
  source,
});
const follow = (fields: Partial<NewFollow> = {}): NewFollow => ({
  guildId: GUILD,
  channelId: '300000000000000001',
  topic: 'harbour bridge',
  maxPerHour: 6,
  quiet: null,
  timezone: 'UTC',
  mentionRole: null,
  sources: NO_SOURCE_FILTER,
  createdBy: null,
  ...fields,
});

for (const backend of BACKENDS) {
  describe.skipIf(backend.skipped !== null)(`FollowStore contract on ${backend.name}`, () => {
    const fixture = storeFixture(backend, { now: () => NOW });
    let stores: Stores;
    afterEach(() => fixture.cleanup());

    const matches = async (id: number, sources = NO_SOURCE_FILTER) => {
      const f = (await stores.follows.getFollow(id))!;
      return stores.follows.newMatches({
        query: expandTopic(f.topic),
        afterRow: f.lastRow,
        upTo: await stores.follows.articleHead(),
        guildId: f.guildId,
        sources,
        limit: 50,
      });
    };

    it('sees only articles stored after it was added, in row order, each with its story', async () => {
      stores = await fixture.open();
      const old = makeArticle({ title: 'Harbour bridge inspection last year', paragraphs: ['The harbour bridge was inspected.'] });
      await stores.store.upsert(old);
      const added = await stores.follows.addFollow(follow(), NOW);
      expect(added).toMatchObject({ status: 'active', maxPerHour: 6, topic: 'harbour bridge' });
      expect(added.startRow).toBe(added.lastRow);
      expect(added.startRow).toBe(await stores.follows.articleHead());
      expect(await matches(added.id)).toEqual([]);

      const courier = storyArticle('bridge-courier.txt', 'Courier');
      const cycling = storyArticle('council-cycling.txt', 'Herald');
      const herald = storyArticle('bridge-herald.txt', 'Herald');
      await stores.store.upsert(courier);
      await stores.store.upsert(cycling);
      await stores.store.upsert(herald);
      const found = await matches(added.id);
      expect(found.map((m) => m.article.id)).toEqual([courier.id, herald.id]);
      expect(found[0]!.row).toBeLessThan(found[1]!.row);
      expect(found[0]!.row).toBeGreaterThan(added.startRow);
      // Two outlets of one event: one story, founded after the follow.
      expect(found[1]!.article.story).toBe(found[0]!.article.story);
      expect(found[0]!.article.story).toBeGreaterThan(added.startRow);

      await stores.follows.advanceMark(added.id, found[1]!.row);
      await stores.follows.advanceMark(added.id, 0);
      expect((await stores.follows.getFollow(added.id))!.lastRow).toBe(found[1]!.row);
      expect(await matches(added.id)).toEqual([]);
    });

    it("keeps to its guild's view, its topic's exclusions and its outlet filter", async () => {
      stores = await fixture.open();
      const f = await stores.follows.addFollow(follow({ topic: 'harbour -ferry' }), NOW);
      const mine = makeArticle({ title: 'Harbour cranes replaced', paragraphs: ['New cranes at the harbour.'], source: 'Courier' });
      const other = makeArticle({ title: 'Harbour dredging begins', paragraphs: ['Dredging in the harbour.'], source: 'Gazette' });
      const elsewhere = makeArticle({ title: 'Harbour lights fixed', paragraphs: ["Another guild's harbour."], source: 'Courier' });
      const ferry = makeArticle({ title: 'Harbour ferry timetable', paragraphs: ['The harbour ferry runs late.'], source: 'Courier' });
      await stores.store.upsert(mine, { guildId: GUILD });
      await stores.store.upsert(other);
      await stores.store.upsert(elsewhere, { guildId: '100000000000000002' });
      await stores.store.upsert(ferry);
      const ids = async (sources = NO_SOURCE_FILTER) => (await matches(f.id, sources)).map((m) => m.article.id);
      expect(await ids()).toEqual([mine.id, other.id]);
      expect(await ids({ only: ['courier'], except: [] })).toEqual([mine.id]);
      expect(await ids({ only: [], except: ['courier'] })).toEqual([other.id]);
    });

    it('claims a story once, skips stories over the hourly limit and in quiet hours, and tallies them', async () => {
      stores = await fixture.open();
      const f = await stores.follows.addFollow(follow({ maxPerHour: 2 }), NOW);
      const claim = (story: number, now: number, skip?: string) =>
        stores.follows.claimPost({
          followId: f.id,
          story,
          articleId: `a${story}`,
          claimant: 'test',
          now,
          maxPerHour: f.maxPerHour,
          ...(skip ? { skip } : {}),
        });
      expect(await claim(1, NOW - 2 * HOUR)).toBe('claimed');
      await stores.follows.finishPost(f.id, 1, 'posted', null, NOW - 2 * HOUR);
      expect(await claim(1, NOW)).toBe('taken');
      // The post two hours ago no longer counts: two more fit in this hour, the third is over the limit.
      expect(await claim(2, NOW)).toBe('claimed');
      expect(await claim(3, NOW + 1)).toBe('claimed');
      expect(await claim(4, NOW + 2)).toBe('skipped');
      expect(await claim(4, NOW + 3)).toBe('taken');
      expect(await claim(5, NOW + 4, 'quiet hours')).toBe('skipped');
      await stores.follows.finishPost(f.id, 2, 'posted', null, NOW);
      await stores.follows.finishPost(f.id, 3, 'failed', 'Discord refused the message', NOW);
      // A failed post does not count against the limit.
      expect(await claim(6, NOW + 5)).toBe('claimed');
      const tally = await stores.follows.tallyPosts(f.id, NOW - HOUR);
      expect(tally).toEqual([
        { state: 'claimed', detail: null, count: 1 },
        { state: 'failed', detail: null, count: 1 },
        { state: 'posted', detail: null, count: 1 },
        { state: 'skipped', detail: OVER_LIMIT, count: 1 },
        { state: 'skipped', detail: 'quiet hours', count: 1 },
      ]);
      const posts = await stores.follows.postsOf(f.id);
      expect(posts.map((p) => [p.story, p.state])).toEqual([
        [1, 'posted'],
        [2, 'posted'],
        [3, 'failed'],
        [4, 'skipped'],
        [5, 'skipped'],
        [6, 'claimed'],
      ]);
    });

    it('lets exactly one of two processes claim a story', async () => {
      stores = await fixture.open();
      const other = await fixture.reopen();
      const f = await stores.follows.addFollow(follow(), NOW);
      const outcomes = await Promise.all(
        [stores, other, stores, other].map((s, i) =>
          s.follows.claimPost({ followId: f.id, story: 7, articleId: `a${i}`, claimant: `p${i}`, now: NOW, maxPerHour: 6 }),
        ),
      );
      expect(outcomes.filter((o) => o === 'claimed')).toHaveLength(1);
      expect(outcomes.filter((o) => o === 'taken')).toHaveLength(3);
    });

    it('pauses and resumes within a guild; resuming skips what was indexed meanwhile; removes', async () => {
      stores = await fixture.open();
      const f = await stores.follows.addFollow(
        follow({
          mentionRole: '400000000000000001',
          quiet: '22-07',
          timezone: 'Europe/Berlin',
          sources: { only: ['courier'], except: [] },
        }),
        NOW,
      );
      expect(await stores.follows.setFollowStatus(f.id, '100000000000000002', 'paused', 'x')).toBe(false);
      expect(await stores.follows.setFollowStatus(f.id, GUILD, 'paused', 'paused by a moderator')).toBe(true);
      await stores.store.upsert(makeArticle({ title: 'Harbour bridge reopens', paragraphs: ['The harbour bridge reopened.'] }));
      expect((await stores.follows.getFollow(f.id))!.lastRow).toBe(f.lastRow);
      expect(await stores.follows.setFollowStatus(f.id, GUILD, 'active', null)).toBe(true);
      const resumed = (await stores.follows.getFollow(f.id))!;
      expect(resumed).toMatchObject({
        status: 'active',
        statusReason: null,
        mentionRole: '400000000000000001',
        quiet: '22-07',
        timezone: 'Europe/Berlin',
        sources: { only: ['courier'], except: [] },
      });
      expect(resumed.lastRow).toBe(await stores.follows.articleHead());
      expect(await matches(f.id)).toEqual([]);
      expect((await stores.follows.listFollows(GUILD)).map((x) => x.id)).toEqual([f.id]);
      expect(await stores.follows.listFollows('100000000000000002')).toEqual([]);
      expect(await stores.follows.removeFollow(f.id, '100000000000000002')).toBe(false);
      expect(await stores.follows.removeFollow(f.id, GUILD)).toBe(true);
      expect(await stores.follows.getFollow(f.id)).toBeNull();
      expect(await stores.follows.claimPost({ followId: f.id, story: 1, articleId: 'a', claimant: 'test', now: NOW, maxPerHour: 6 })).toBe(
        'taken',
      );
    });

    it("keeps a briefing's role and outlet filter, and searches within an outlet filter", async () => {
      stores = await fixture.open();
      const schedule = await stores.schedules.addSchedule(
        {
          guildId: GUILD,
          channelId: '300000000000000001',
          topics: ['harbour'],
          cron: '0 8 * * *',
          timezone: 'UTC',
          createdBy: null,
          mentionRole: '400000000000000001',
          sources: { only: [], except: ['gazette'] },
        },
        NOW,
      );
      expect(await stores.schedules.getSchedule(schedule.id)).toMatchObject({
        mentionRole: '400000000000000001',
        sources: { only: [], except: ['gazette'] },
      });
      const plain = await stores.schedules.addSchedule(
        { guildId: GUILD, channelId: '1', topics: ['x'], cron: '0 8 * * *', timezone: 'UTC', createdBy: null },
        NOW,
      );
      expect(plain).toMatchObject({ mentionRole: null, sources: NO_SOURCE_FILTER });

      const courier = makeArticle({ title: 'Harbour cranes replaced', paragraphs: ['New cranes at the harbour.'], source: 'The Courier' });
      const gazette = makeArticle({ title: 'Harbour dredging begins', paragraphs: ['Dredging in the harbour.'], source: 'Gazette' });
      const unnamed = makeArticle({ title: 'Harbour note', paragraphs: ['A harbour note.'], source: null });
      await stores.store.upsertMany([courier, gazette, unnamed]);
      const ids = async (sources: { only: string[]; except: string[] }) =>
        (await stores.store.search(expandTopic('harbour'), { limit: 10, sources })).map((a) => a.id).sort();
      expect(await ids(NO_SOURCE_FILTER)).toEqual([courier.id, gazette.id, unnamed.id].sort());
      expect(await ids({ only: ['the courier', 'gazette'], except: [] })).toEqual([courier.id, gazette.id].sort());
      expect(await ids({ only: [], except: ['gazette'] })).toEqual([courier.id, unnamed.id].sort());
      expect(await ids({ only: ['nobody'], except: [] })).toEqual([]);
    });
  });
}
