import { SlashCommandBuilder } from '@discordjs/builders';
import { type Command, type CommandContext, type CommandOptions, idOption, UsageError } from '../src/command.js';
import type { GuildImportReport } from '../src/news/source-lists.js';
import type { SourcesService } from '../src/news/sources.js';
import type { FeedRecord } from '../src/sources/poller.js';
import { noteView, type View, withDisabledFeeds } from '../src/view.js';

function serviceOf(context: CommandContext): SourcesService {
  if (!context.sources) throw new UsageError('Feeds are not available here.');
  return context.sources;
}

/** The guild whose feeds these are; the console (no caller) manages the operator's feeds. */
function scopeOf(context: CommandContext): string | null {
  if (!context.caller) return null;
  if (!context.caller.guildId) throw new UsageError('Feeds belong to a server: use /source in a server channel.');
  return context.caller.guildId;
}

const idOf = (options: CommandOptions): number => idOption(options, 'feed number shown by /source list');

function day(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

/** A feed's state for /source list: disabled with its reason, failing, or when it last worked. */
function describeStatus(feed: FeedRecord): string {
  if (feed.status === 'disabled') return `disabled: ${feed.statusReason ?? 'unknown reason'}`;
  if (feed.failures > 0) return `failing (${feed.failures} in a row): ${feed.statusReason ?? ''}`.trim();
  const success = day(feed.lastSuccess);
  return success ? `ok · last read ${success} UTC` : 'waiting for its first poll';
}

function describeFeed(feed: FeedRecord): { text: string; detail: string; url: string } {
  return { text: `#${feed.id} ${feed.title ?? feed.url}`, detail: describeStatus(feed), url: feed.url };
}

const done = (text: string): View => noteView('Feeds', text);

// What a member is told for an address that is not public or not found (FetchError.publicMessage).
export { UNREACHABLE_ADDRESS } from '../src/sources/fetch.js';

/** Failed outlines named in an import's answer; the rest are counted. */
const FAILURES_SHOWN = 10;

/** An import in one short answer: the counts, then each outline that failed and why. */
function importView(report: GuildImportReport): View {
  const failed = report.failed.length;
  const summary = `Imported from the file: ${report.added} added, ${report.present} already here, ${failed} failed.`;
  const next = report.added > 0 ? ' New feeds are read within a few minutes; one that keeps failing is disabled and you are told.' : '';
  const shown = report.failed.slice(0, FAILURES_SHOWN).map((f) => ({ text: `${f.name}: ${f.reason}`, kind: 'note' as const }));
  const more = failed > FAILURES_SHOWN ? [{ text: `…and ${failed - FAILURES_SHOWN} more not imported.`, kind: 'note' as const }] : [];
  return { title: 'Feeds', entries: [{ text: summary + next, kind: 'note' }, ...shown, ...more], ephemeral: true };
}

async function enable(service: SourcesService, options: CommandOptions, guildId: string | null): Promise<View> {
  const id = idOf(options);
  const enabled = await service.enable(id, guildId);
  if (!enabled) throw new UsageError(`There is no feed #${id} here; see /source list.`);
  const name = enabled.feed.title ?? enabled.feed.url;
  return done(
    enabled.wasDisabled
      ? `Enabled feed #${id} ${name} again: it is read now, and you are told if it gets disabled again.`
      : `Feed #${id} ${name} is not disabled.`,
  );
}

async function answer(options: CommandOptions, context: CommandContext, service: SourcesService, guildId: string | null): Promise<View> {
  const caller = { guildId, userId: context.caller?.userId ?? null };
  switch (options.subcommand) {
    case 'add': {
      const added = await service.add(String(options.url ?? ''), caller);
      const name = added.feed.title ?? added.feed.url;
      return done(
        added.created
          ? `Added feed #${added.feed.id} ${name} (${added.items} items now; new ones are read every few minutes).`
          : `Feed #${added.feed.id} ${name} is already here.`,
      );
    }
    case 'list': {
      const listing = await service.list(guildId);
      const shared = guildId !== null && listing.operatorFeeds > 0 ? `Plus ${listing.operatorFeeds} operator-wide feeds.` : undefined;
      return {
        title: guildId === null ? 'Operator-wide feeds' : 'Feeds in this server',
        entries: listing.feeds.map(describeFeed),
        empty: 'No feeds yet. Add one with /source add.',
        footer: shared,
        ephemeral: true,
      };
    }
    case 'remove': {
      const id = idOf(options);
      if (!(await service.remove(id, guildId))) throw new UsageError(`There is no feed #${id} here; see /source list.`);
      return done(`Removed feed #${id}. Articles already read from it stay.`);
    }
    case 'enable':
      return enable(service, options, guildId);
    case 'import': {
      const file = String(options.file ?? '');
      if (!file) throw new UsageError("file: attach an OPML file (a feed reader's export)");
      return importView(await service.importOpml(file, caller));
    }
    case 'export': {
      const opml = await service.exportOpml(guildId);
      const what = guildId === null ? 'operator-wide feeds' : 'feeds of this server';
      return {
        ...done(`The ${opml.count} ${what}, as an OPML file any feed reader imports.`),
        files: [{ name: opml.name, content: opml.content }],
      };
    }
    default:
      throw new UsageError('use /source add, list, remove, enable, import or export');
  }
}

async function run(options: CommandOptions, context: CommandContext): Promise<View> {
  const service = serviceOf(context);
  const guildId = scopeOf(context);
  const view = await answer(options, context, service, guildId);
  // Disabled feeds this server has not been told about, when it has no briefing channel to be told in.
  return withDisabledFeeds(view, await service.notices(guildId));
}

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('source')
    .setDescription('The RSS, Atom and JSON feeds this server reads news from')
    .setDMPermission(false)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Read news from a feed (or a page that links one)')
        .addStringOption((o) =>
          o.setName('url').setDescription('The feed address, http:// or https://').setRequired(true).setMaxLength(500),
        ),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's feeds and their status"))
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Stop reading a feed')
        .addIntegerOption((o) => o.setName('id').setDescription('Its number in /source list').setRequired(true).setMinValue(1)),
    )
    .addSubcommand((s) =>
      s
        .setName('enable')
        .setDescription('Read a disabled feed again (its failures are forgotten)')
        .addIntegerOption((o) => o.setName('id').setDescription('Its number in /source list').setRequired(true).setMinValue(1)),
    )
    .addSubcommand((s) =>
      s
        .setName('import')
        .setDescription("Read the feeds of an OPML file (a feed reader's export)")
        .addAttachmentOption((o) => o.setName('file').setDescription('The .opml file').setRequired(true)),
    )
    .addSubcommand((s) => s.setName('export').setDescription("This server's feeds as an OPML file")),
  defer: true,
  requires: 'manageGuild',
  handle: run,
};
