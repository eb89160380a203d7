import { SlashCommandBuilder } from '@discordjs/builders';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { idOption, requireManageGuild, UsageError, type Command, type CommandContext, type CommandOptions } from '../src/command.js';
import { sourceFailure, SourceError, type SourcesService } from '../src/news/sources.js';
import { FeedError } from '../src/sources/feeds.js';
import { FetchError } from '../src/sources/fetch.js';
import type { FeedRecord } from '../src/sources/poller.js';
import { noteView, type View } from '../src/view.js';

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

/**
 * One answer for a host that is not public and a host that does not exist: telling them apart would
 * let anyone with /source add probe which internal names the bot's network resolves.
 */
export const UNREACHABLE_ADDRESS = 'Cannot fetch that address: its host was not found, or it is not a public address.';

/** Source problems (bad URL, not a feed, refused address) are the user's to fix: show them as usage errors. */
function asUsageError(error: unknown): unknown {
  if (error instanceof FetchError && (error.code === 'refused-address' || error.code === 'dns')) return new UsageError(UNREACHABLE_ADDRESS);
  if (error instanceof SourceError || error instanceof FetchError || error instanceof FeedError) {
    return new UsageError(sourceFailure(error));
  }
  return error;
}

async function run(options: CommandOptions, context: CommandContext): Promise<View> {
  requireManageGuild(context.caller);
  const service = serviceOf(context);
  const guildId = scopeOf(context);
  switch (options.subcommand) {
    case 'add': {
      const added = await service
        .add(String(options.url ?? ''), { guildId, userId: context.caller?.userId ?? null })
        .catch((error: unknown) => Promise.reject(asUsageError(error)));
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
    default:
      throw new UsageError('use /source add, list or remove');
  }
}

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('source')
    .setDescription('The RSS, Atom and JSON feeds this server reads news from')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .setDMPermission(false)
    .addSubcommand((s) =>
      s
        .setName('add')
        .setDescription('Read news from a feed (or a page that links one)')
        .addStringOption((o) => o.setName('url').setDescription('The feed address, http:// or https://').setRequired(true).setMaxLength(500)),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's feeds and their status"))
    .addSubcommand((s) =>
      s
        .setName('remove')
        .setDescription('Stop reading a feed')
        .addIntegerOption((o) => o.setName('id').setDescription('Its number in /source list').setRequired(true).setMinValue(1)),
    ),
  defer: true,
  handle: run,
};
