/**
 * The feed health notice contract, against every backend: a disabled feed is one notice per
 * subscribing server (never the operator), claimed exactly once across processes, given back when it
 * could not be delivered, and due again only after the feed was enabled and disabled once more.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { FeedStore } from '../src/store/feeds.js';
import { BACKENDS, storeFixture } from './support/backends.js';

const T0 = Date.parse('2025-04-02T08:00:00Z');
const MINUTE = 60_000;
const URL_A = 'https://a.example/rss';
const subscribe = (feeds: FeedStore, guildId: string | null, at: number, url = URL_A) =>
  feeds.addFeed({ guildId, url, origin: 'command', intervalMs: 10 * MINUTE, createdBy: 'u1' }, at);
const fail = (feeds: FeedStore, id: number, failures: number, status: 'active' | 'disabled', at: number) =>
  feeds.recordFailure(id, { failures, nextPoll: at + 10 * MINUTE, status, reason: 'HTTP 410 Gone' }, at);

for (const backend of BACKENDS) {
  describe.skipIf(backend.skipped !== null)(`Feed health notices on ${backend.name}`, () => {
    const fixture = storeFixture(backend, { now: () => T0 });
    afterEach(() => fixture.cleanup());

    it('lists a notice per subscribing server once the feed is disabled, and none for the operator', async () => {
      const { feeds } = await fixture.open();
      const { feed } = await subscribe(feeds, null, T0);
      await subscribe(feeds, 'g2', T0 + 2);
      await subscribe(feeds, 'g1', T0 + 1);
      await fail(feeds, feed.id, 1, 'active', T0 + MINUTE);
      expect(await feeds.pendingNotices(null, 10)).toEqual([]);
      await fail(feeds, feed.id, 2, 'disabled', T0 + 2 * MINUTE);
      const pending = await feeds.pendingNotices(null, 10);
      expect(pending.map((n) => n.guildId)).toEqual(['g1', 'g2']);
      expect(pending[0]).toMatchObject({
        disabling: 1,
        feed: { id: feed.id, guildId: 'g1', status: 'disabled', statusReason: 'HTTP 410 Gone' },
      });
      expect((await feeds.pendingNotices('g2', 10)).map((n) => n.guildId)).toEqual(['g2']);
      expect((await feeds.pendingNotices(['g2', 'g9'], 10)).map((n) => n.guildId)).toEqual(['g2']);
      expect(await feeds.pendingNotices([], 10)).toEqual([]);
      expect((await feeds.pendingNotices(null, 1)).map((n) => n.guildId)).toEqual(['g1']);
      expect(await feeds.pendingNotices('g3', 10)).toEqual([]);
      // A feed failing again while disabled is the same disabling: still one notice each.
      await fail(feeds, feed.id, 3, 'disabled', T0 + 3 * MINUTE);
      expect((await feeds.pendingNotices(null, 10)).map((n) => n.disabling)).toEqual([1, 1]);
    });

    it('lets exactly one of several processes claim a notice, and keeps it told after a restart', async () => {
      const first = await fixture.open();
      const second = await fixture.reopen();
      const { feed } = await subscribe(first.feeds, 'g1', T0);
      await fail(first.feeds, feed.id, 8, 'disabled', T0 + MINUTE);
      const [notice] = await second.feeds.pendingNotices(null, 10);
      const claims = await Promise.all(
        [first.feeds, second.feeds, first.feeds, second.feeds].map((f) => f.claimNotice(feed.id, 'g1', notice!.disabling)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      const restarted = await fixture.reopen();
      expect(await restarted.feeds.pendingNotices(null, 10)).toEqual([]);
      expect(await restarted.feeds.claimNotice(feed.id, 'g1', notice!.disabling)).toBe(false);
    });

    it('gives a notice back when it could not be delivered', async () => {
      const { feeds } = await fixture.open();
      const { feed } = await subscribe(feeds, 'g1', T0);
      await fail(feeds, feed.id, 8, 'disabled', T0 + MINUTE);
      expect(await feeds.claimNotice(feed.id, 'g1', 1)).toBe(true);
      await feeds.releaseNotice(feed.id, 'g1', 1);
      expect((await feeds.pendingNotices('g1', 10)).map((n) => n.disabling)).toEqual([1]);
      expect(await feeds.claimNotice(feed.id, 'g1', 1)).toBe(true);
    });

    it('re-arms the notice when the feed is enabled and disabled again, and claims nothing stale', async () => {
      const { feeds } = await fixture.open();
      const { feed } = await subscribe(feeds, 'g1', T0);
      await fail(feeds, feed.id, 8, 'disabled', T0 + MINUTE);
      expect(await feeds.claimNotice(feed.id, 'g1', 1)).toBe(true);
      await feeds.enableFeed(feed.id, T0 + 2 * MINUTE);
      expect(await feeds.pendingNotices(null, 10)).toEqual([]);
      expect(await feeds.claimNotice(feed.id, 'g1', 2)).toBe(false); // enabled: nothing to tell
      await fail(feeds, feed.id, 1, 'disabled', T0 + 3 * MINUTE);
      const [again] = await feeds.pendingNotices(null, 10);
      expect(again).toMatchObject({ guildId: 'g1', disabling: 2 });
      expect(await feeds.claimNotice(feed.id, 'g1', 1)).toBe(false); // a claim for the old disabling
      expect(await feeds.claimNotice(feed.id, 'g1', 2)).toBe(true);
    });

    it('forgets the notices of a server that unsubscribed', async () => {
      const { feeds } = await fixture.open();
      const { feed } = await subscribe(feeds, 'g1', T0);
      await subscribe(feeds, 'g2', T0);
      await fail(feeds, feed.id, 8, 'disabled', T0 + MINUTE);
      expect(await feeds.removeFeed(feed.id, 'g1')).toBe(true);
      expect((await feeds.pendingNotices(null, 10)).map((n) => n.guildId)).toEqual(['g2']);
      expect(await feeds.claimNotice(feed.id, 'g1', 1)).toBe(false);
    });
  });
}
