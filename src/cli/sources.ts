/**
 * `newsbrief sources import|list|remove|enable|export`: the operator's feeds (or, with --guild, one
 * server's) from the command line. Reading actions open the database read-only.
 */
import type { Config } from '../config.js';
import { enableFeedOf, exportOpml } from '../news/source-lists.js';
import { importOpml } from '../news/sources.js';
import { redactUrl } from '../redact.js';
import type { FeedRecord } from '../store/feeds.js';
import { escapeControls } from '../text-safety.js';
import { CliError, type CliIo, type Flags, failureLine, requireDatabase, withApp, withReadingApp, writeLine } from './shared.js';

const USAGE = 'usage: newsbrief sources import FILE.opml | list | remove ID... | enable ID | export  [--guild SERVER_ID] [--json]';

/** The scope the command works on: a server's subscriptions (--guild), else the operator's. */
function scopeOf(flags: Flags): string | null {
  if (flags.guild === undefined) return null;
  if (!/^\d{17,20}$/.test(flags.guild)) throw new CliError(`--guild expects a server id (17-20 digits), got "${flags.guild}"`);
  return flags.guild;
}

function feedIds(args: string[]): number[] {
  if (args.length === 0) throw new CliError(USAGE);
  return args.map((arg) => {
    const id = Number(arg);
    if (!Number.isInteger(id) || id < 1) throw new CliError(`expected a feed id (a whole number from sources list), got "${arg}"`);
    return id;
  });
}

/** A feed's state in a word or a few: ok, failing with its count, or disabled with why. */
function stateOf(feed: FeedRecord): string {
  if (feed.status === 'disabled') return `disabled: ${feed.statusReason ?? 'unknown reason'}`;
  if (feed.failures > 0) return `failing (${feed.failures} in a row): ${feed.statusReason ?? ''}`.trim();
  return feed.lastSuccess === null ? 'waiting for its first poll' : `ok, last read ${new Date(feed.lastSuccess).toISOString()}`;
}

function listed(feed: FeedRecord) {
  const { id, url, title, origin, status, statusReason, failures, lastSuccess, nextPoll } = feed;
  return { id, url: redactUrl(url), title, origin, status, statusReason, failures, lastSuccess, nextPoll };
}

async function list(config: Config, flags: Flags, io: CliIo): Promise<number> {
  requireDatabase(config);
  const feeds = await withReadingApp(config, (app) => app.sourceDeps.feeds.listFeeds(scopeOf(flags)), { commands: false });
  if (flags.json) writeLine(io.stdout, JSON.stringify({ feeds: feeds.map(listed) }));
  else if (feeds.length === 0)
    writeLine(
      io.stdout,
      flags.guild ? 'That server has no feeds.' : 'No operator-wide feeds (add some with: newsbrief sources import FILE.opml).',
    );
  else
    for (const feed of feeds)
      writeLine(
        io.stdout,
        `#${feed.id} ${escapeControls(feed.title ?? redactUrl(feed.url))} (${feed.origin}) — ${escapeControls(stateOf(feed))}\n    ${escapeControls(redactUrl(feed.url))}`,
      );
  return 0;
}

async function remove(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const ids = feedIds(args);
  const scope = scopeOf(flags);
  requireDatabase(config);
  const report = await withApp(
    config,
    async (app) => {
      const outcome = { removed: [] as number[], missing: [] as number[] };
      for (const id of ids) outcome[(await app.sourceDeps.feeds.removeFeed(id, scope)) ? 'removed' : 'missing'].push(id);
      return outcome;
    },
    { commands: false },
  );
  if (flags.json) writeLine(io.stdout, JSON.stringify(report));
  else
    writeLine(
      io.stdout,
      `removed ${report.removed.length} feed${report.removed.length === 1 ? '' : 's'} (articles already read from them stay)`,
    );
  for (const id of report.missing)
    writeLine(
      io.stderr,
      `newsbrief: no feed #${id} ${scope ? 'in that server' : 'among the operator-wide feeds'} (see newsbrief sources list)`,
    );
  return report.missing.length > 0 ? 1 : 0;
}

async function enable(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const [id, ...extra] = feedIds(args);
  if (extra.length) throw new CliError(USAGE);
  requireDatabase(config);
  const enabled = await withApp(config, (app) => enableFeedOf(app.sourceDeps, id!, scopeOf(flags)), { commands: false });
  if (!enabled)
    throw new CliError(`no feed #${id} ${flags.guild ? 'in that server' : 'among the operator-wide feeds'} (see newsbrief sources list)`);
  if (flags.json) writeLine(io.stdout, JSON.stringify({ id, enabled: enabled.wasDisabled }));
  else writeLine(io.stdout, enabled.wasDisabled ? `enabled feed #${id} again: it is polled at once` : `feed #${id} is not disabled`);
  return 0;
}

async function exportFeeds(config: Config, flags: Flags, io: CliIo): Promise<number> {
  requireDatabase(config);
  const opml = await withReadingApp(config, (app) => exportOpml(app.sourceDeps, scopeOf(flags)), { commands: false });
  // The file itself on stdout (redirect it: newsbrief sources export > feeds.opml); --json wraps it.
  if (flags.json) writeLine(io.stdout, JSON.stringify({ count: opml.count, opml: opml.content }));
  else io.stdout.write(opml.content);
  return 0;
}

async function importFile(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const [file, ...extra] = args;
  if (!file || extra.length || flags.guild !== undefined)
    throw new CliError('usage: newsbrief sources import FILE.opml (operator-wide feeds)');
  const report = await withApp(config, (app) => importOpml(app.sourceDeps, file));
  if (flags.json) writeLine(io.stdout, JSON.stringify(report));
  else
    writeLine(
      io.stdout,
      `added ${report.added} feeds (${report.existing} already there${report.notImported ? `, ${report.notImported} over the per-file limit not imported` : ''})`,
    );
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
  return report.failed.length > 0 ? 1 : 0;
}

export async function commandSources(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const [action, ...rest] = args;
  switch (action) {
    case 'import':
      return importFile(config, rest, flags, io);
    case 'list':
      if (rest.length) throw new CliError(USAGE);
      return list(config, flags, io);
    case 'remove':
      return remove(config, rest, flags, io);
    case 'enable':
      return enable(config, rest, flags, io);
    case 'export':
      if (rest.length) throw new CliError(USAGE);
      return exportFeeds(config, flags, io);
    default:
      throw new CliError(USAGE);
  }
}
