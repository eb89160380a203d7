/**
 * A server's feeds in and out as OPML (/source import and export, `newsbrief sources export`), and
 * re-enabling a disabled feed. An attached file is fetched like any URL a user gives: through the
 * guarded fetch, with a size cap. Imported feeds are checked when first polled, as the CLI's import.
 */
import { bodyText, FetchError, guardedFetch } from '../sources/fetch.js';
import { MAX_OPML_FEEDS, type OpmlList, parseOpmlList, writeOpml } from '../sources/opml.js';
import { canonicalUrl } from '../sources/urls.js';
import type { FeedRecord } from '../store/feeds.js';
import { fetchOptions, nowOf, SourceError } from './feed-items.js';
import type { SourcesDeps } from './sources.js';

/** Largest OPML file /source import reads (a list of 50 feeds is a few kilobytes). */
export const MAX_ATTACHED_OPML_BYTES = 1024 * 1024;
const OPML_ACCEPT = 'text/x-opml, application/xml, text/xml;q=0.9, */*;q=0.5';

export interface GuildImportReport {
  added: number;
  /** Feeds the server (or the operator, for every server) already reads. */
  present: number;
  /** Outlines not imported, each with its title (or address) and why. */
  failed: { name: string; reason: string }[];
}

export interface OpmlExport {
  name: string;
  content: string;
  count: number;
}

/** Fetches and reads an OPML file at an address (Discord's CDN for an attachment); throws FetchError or OpmlError. */
async function fetchOpml(deps: SourcesDeps, url: string): Promise<OpmlList> {
  const maxBytes = Math.min(MAX_ATTACHED_OPML_BYTES, deps.maxFileBytes ?? MAX_ATTACHED_OPML_BYTES);
  const fetched = await guardedFetch(url, fetchOptions(deps, { maxBytes, accept: OPML_ACCEPT })).catch((error: unknown) => {
    // The attachment's address is Discord's (long, signed): the answer names the file instead.
    if (!(error instanceof FetchError) || error.code === 'refused-address' || error.code === 'dns') throw error;
    throw new SourceError(
      `the attached file ${error.message.startsWith(url) ? error.message.slice(url.length).replace(/^:\s*/, 'could not be read: ') : error.message}`,
    );
  });
  return parseOpmlList(bodyText(fetched.body, fetched.contentType), 'the attached file');
}

/**
 * Subscribes a scope to every feed an OPML file lists, as far as its feed limit allows (a guild's;
 * none for the operator, null): one outcome per outline, counted, failures named.
 */
export async function importOpmlFrom(
  deps: SourcesDeps,
  url: string,
  caller: { guildId: string | null; userId: string | null },
  maxFeeds: number,
): Promise<GuildImportReport> {
  const listed = await fetchOpml(deps, url);
  const report: GuildImportReport = { added: 0, present: 0, failed: [...listed.rejected] };
  const operatorUrls = new Set(caller.guildId === null ? [] : (await deps.feeds.listFeeds(null)).map((f) => f.url));
  let count = caller.guildId === null ? 0 : await deps.feeds.countFeeds(caller.guildId);
  for (const entry of listed.feeds) {
    const name = entry.title ?? entry.url;
    const feedUrl = canonicalUrl(entry.url);
    if (!feedUrl) report.failed.push({ name, reason: 'not a web address' });
    else if (operatorUrls.has(feedUrl)) report.present++;
    else if (caller.guildId !== null && count >= maxFeeds)
      report.failed.push({ name, reason: `this server already has ${maxFeeds} feeds` });
    else {
      const { created } = await deps.feeds.addFeed(
        {
          guildId: caller.guildId,
          url: feedUrl,
          origin: 'opml',
          title: entry.title,
          intervalMs: deps.pollIntervalMs,
          createdBy: caller.userId,
        },
        nowOf(deps),
      );
      if (created) count++;
      report[created ? 'added' : 'present']++;
    }
  }
  if (listed.overLimit > 0)
    report.failed.push({ name: `${listed.overLimit} more feeds`, reason: `over the ${MAX_OPML_FEEDS} one file may list` });
  return report;
}

/** A scope's feeds (a guild's, or the operator's for null) as an OPML 2.0 file. */
export async function exportOpml(deps: SourcesDeps, guildId: string | null): Promise<OpmlExport> {
  const feeds = await deps.feeds.listFeeds(guildId);
  const title = guildId === null ? 'newsbrief: operator-wide feeds' : 'newsbrief: feeds of a Discord server';
  return { name: 'newsbrief-feeds.opml', content: writeOpml(title, feeds, new Date(nowOf(deps))), count: feeds.length };
}

/**
 * Re-enables a feed this scope subscribes to (failures cleared, polled at once; the next disabling is
 * told about again). Null when the scope has no such feed; `wasDisabled` false when it was not.
 */
export async function enableFeedOf(
  deps: SourcesDeps,
  id: number,
  guildId: string | null,
): Promise<{ feed: FeedRecord; wasDisabled: boolean } | null> {
  const feed = (await deps.feeds.listFeeds(guildId)).find((f) => f.id === id);
  if (!feed) return null;
  if (feed.status !== 'disabled') return { feed, wasDisabled: false };
  await deps.feeds.enableFeed(id, nowOf(deps));
  return { feed: { ...feed, status: 'active', statusReason: null, failures: 0 }, wasDisabled: true };
}
