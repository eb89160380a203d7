import { SlashCommandBuilder } from '@discordjs/builders';
import {
  type Command,
  type CommandContext,
  type CommandOptions,
  idOption,
  manageSubscription,
  optionalString,
  serverOf,
  UsageError,
} from '../src/command.js';
import { idSubcommand, withDeliveryOptions, withPostingChannel } from '../src/discord/subscription-options.js';
import { DEFAULT_MAX_PER_HOUR, MAX_PER_HOUR_LIMIT } from '../src/schedule/follow-spec.js';
import type { ListedFollow } from '../src/schedule/follows.js';
import { describeSources } from '../src/schedule/subscription-options.js';
import type { Follow } from '../src/store/follows.js';
import { noteView, type View } from '../src/view.js';

function describeFollow(follow: Follow): { text: string; detail: string } {
  const status = follow.status === 'active' ? 'active' : `paused${follow.statusReason ? ` (${follow.statusReason})` : ''}`;
  const parts = [
    `at most ${follow.maxPerHour} an hour`,
    follow.quiet ? `quiet ${follow.quiet} ${follow.timezone}` : '',
    describeSources(follow.sources),
    follow.mentionRole ? `pings role ${follow.mentionRole}` : '',
    status,
  ];
  return { text: `#${follow.id} in channel ${follow.channelId}: ${follow.topic}`, detail: parts.filter(Boolean).join(' · ') };
}

/** "last 24 h: 3 posted, 2 skipped over the hourly limit, 1 skipped in quiet hours, 1 failed". */
function describeActivity({ lastDay }: ListedFollow): string {
  const parts = [
    `${lastDay.posted} posted`,
    lastDay.overLimit ? `${lastDay.overLimit} skipped over the hourly limit` : '',
    lastDay.quiet ? `${lastDay.quiet} skipped in quiet hours` : '',
    lastDay.failed ? `${lastDay.failed} failed` : '',
  ];
  return `last 24 h: ${parts.filter(Boolean).join(', ')}`;
}

function serviceOf(context: CommandContext) {
  if (!context.follows) throw new UsageError('Follows are not available here.');
  return context.follows;
}

const guildOf = (context: CommandContext): string => serverOf(context, 'Follows', '/follow');

const idOf = (options: CommandOptions): number => idOption(options, 'follow number shown by /follow list');

const done = (text: string): View => noteView('Follows', text);

async function run(options: CommandOptions, context: CommandContext): Promise<View> {
  const service = serviceOf(context);
  switch (options.subcommand) {
    case 'add': {
      const follow = await service.add({
        guildId: guildOf(context),
        channelId: String(options.channel),
        topic: String(options.topic),
        exclude: optionalString(options, 'exclude'),
        ...(typeof options.max_per_hour === 'number' ? { maxPerHour: options.max_per_hour } : {}),
        quiet: optionalString(options, 'quiet'),
        timezone: optionalString(options, 'timezone'),
        mention: optionalString(options, 'mention'),
        only: optionalString(options, 'only'),
        except: optionalString(options, 'except'),
        createdBy: context.caller?.userId ?? null,
      });
      const { text, detail } = describeFollow(follow);
      return done(`Following ${text} — ${detail}. Each new story is posted once, as it is indexed.`);
    }
    case 'list': {
      const follows = await service.list(guildOf(context));
      return {
        title: 'Follows in this server',
        entries: follows.map((listed) => {
          const { text, detail } = describeFollow(listed.follow);
          return { text, detail: `${detail} · ${describeActivity(listed)}` };
        }),
        empty: 'No follows yet. Add one with /follow add.',
        ephemeral: true,
      };
    }
    case 'remove':
    case 'pause':
    case 'resume':
      return done(await manageSubscription(service, options.subcommand, { name: 'Follow', id: idOf(options), guildId: guildOf(context) }));
    default:
      throw new UsageError('use /follow add, list, remove, pause or resume');
  }
}

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('follow')
    .setDescription('Post each new story on a topic to a channel as it is indexed')
    .setDMPermission(false)
    .addSubcommand((s) =>
      withDeliveryOptions(
        withPostingChannel(
          s
            .setName('add')
            .setDescription('Follow a topic: one message per new story, in a channel')
            .addStringOption((o) =>
              o.setName('topic').setDescription('A topic, e.g. iran -trump, or oil OR gas').setRequired(true).setMaxLength(200),
            ),
        )
          .addStringOption((o) =>
            o.setName('exclude').setDescription('Words or phrases a story must not hold, comma-separated').setMaxLength(200),
          )
          .addIntegerOption((o) =>
            o
              .setName('max_per_hour')
              .setDescription(`At most this many posts an hour (default ${DEFAULT_MAX_PER_HOUR}); more are skipped`)
              .setMinValue(1)
              .setMaxValue(MAX_PER_HOUR_LIMIT),
          )
          .addStringOption((o) => o.setName('quiet').setDescription('Quiet hours, e.g. 22-07: nothing is posted then').setMaxLength(20))
          .addStringOption((o) => o.setName('timezone').setDescription('IANA time zone of the quiet hours (default UTC)').setMaxLength(64)),
        'post',
      ),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's follows, what they posted and skipped"))
    .addSubcommand(idSubcommand('remove', 'Stop following a topic', '/follow list'))
    .addSubcommand(idSubcommand('pause', 'Stop posting for now', '/follow list'))
    .addSubcommand(idSubcommand('resume', 'Post again, from the stories indexed from now on', '/follow list')),
  requires: 'manageGuild',
  handle: run,
};
