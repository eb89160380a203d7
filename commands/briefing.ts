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
import { expandTopic } from '../src/news/topics.js';
import type { ListedSchedule } from '../src/schedule/service.js';
import { describeSources } from '../src/schedule/subscription-options.js';
import { briefingView, noteView, type View } from '../src/view.js';

/** "Mon 31 Mar 2025, 08:00 Europe/Berlin": an instant in the schedule's own zone. */
export function formatInZone(ms: number, timezone: string): string {
  const text = new Intl.DateTimeFormat('en-GB', {
    timeZone: timezone,
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(ms));
  return `${text} ${timezone}`;
}

function describeSchedule({ schedule, nextRun }: ListedSchedule): { text: string; detail: string } {
  const status = schedule.status === 'active' ? 'active' : `paused${schedule.statusReason ? ` (${schedule.statusReason})` : ''}`;
  const next = nextRun === null ? 'no next run' : `next ${formatInZone(nextRun, schedule.timezone)}`;
  const extras = [describeSources(schedule.sources), schedule.mentionRole ? `pings role ${schedule.mentionRole}` : ''].filter(Boolean);
  return {
    text: `#${schedule.id} in channel ${schedule.channelId}: ${schedule.topics.join(', ')}`,
    detail: [schedule.cron, next, ...extras, status].join(' · '),
  };
}

function serviceOf(context: CommandContext) {
  if (!context.briefings) throw new UsageError('Briefings are not available here.');
  return context.briefings;
}

const guildOf = (context: CommandContext): string => serverOf(context, 'Briefings', '/briefing');

/** Refuses topics a briefing could not search (an unclosed quote, exclusions only...) when they are added, not at 08:00. */
function checkTopicSyntax(topics: string): void {
  for (const topic of topics.split(',')) expandTopic(topic);
}

const idOf = (options: CommandOptions): number => idOption(options, 'briefing number shown by /briefing list');

const done = (text: string): View => noteView('Briefings', text);

async function run(options: CommandOptions, context: CommandContext): Promise<View> {
  const service = serviceOf(context);
  switch (options.subcommand) {
    case 'add': {
      checkTopicSyntax(String(options.topics));
      const listed = await service.add({
        guildId: guildOf(context),
        channelId: String(options.channel),
        topics: String(options.topics),
        time: String(options.time),
        timezone: optionalString(options, 'timezone'),
        mention: optionalString(options, 'mention'),
        only: optionalString(options, 'only'),
        except: optionalString(options, 'except'),
        createdBy: context.caller?.userId ?? null,
      });
      const { text, detail } = describeSchedule(listed);
      return done(`Saved briefing ${text} — ${detail}`);
    }
    case 'list': {
      const schedules = await service.list(guildOf(context));
      return {
        title: 'Briefings in this server',
        entries: schedules.map(describeSchedule),
        empty: 'No briefings yet. Add one with /briefing add.',
        ephemeral: true,
      };
    }
    case 'remove':
    case 'pause':
    case 'resume':
      return done(
        await manageSubscription(service, options.subcommand, { name: 'Briefing', id: idOf(options), guildId: guildOf(context) }),
      );
    case 'preview': {
      const outlets = { only: optionalString(options, 'only'), except: optionalString(options, 'except') };
      const briefing = await service.preview(String(options.topics), context.caller?.guildId, outlets);
      return { ...briefingView(briefing, 'Briefing preview'), ephemeral: true };
    }
    default:
      throw new UsageError('use /briefing add, list, remove, pause, resume or preview');
  }
}

export const command: Command = {
  definition: new SlashCommandBuilder()
    .setName('briefing')
    .setDescription('Scheduled news briefings for this server')
    .setDMPermission(false)
    .addSubcommand((s) =>
      withDeliveryOptions(
        withPostingChannel(s.setName('add').setDescription('Post a briefing in a channel every day or on a cron schedule'))
          .addStringOption((o) =>
            o.setName('topics').setDescription('Comma-separated topics, e.g. iran, oil').setRequired(true).setMaxLength(200),
          )
          .addStringOption((o) =>
            o.setName('time').setDescription('HH:MM daily, or a cron expression such as "0 8 * * 1-5"').setRequired(true).setMaxLength(100),
          )
          .addStringOption((o) =>
            o.setName('timezone').setDescription('IANA time zone, e.g. Europe/Berlin (default UTC)').setMaxLength(64),
          ),
        'briefing',
      ),
    )
    .addSubcommand((s) => s.setName('list').setDescription("This server's briefings, their next run and status"))
    .addSubcommand(idSubcommand('remove', 'Delete a briefing', '/briefing list'))
    .addSubcommand(idSubcommand('pause', 'Stop posting a briefing for now', '/briefing list'))
    .addSubcommand(idSubcommand('resume', 'Post a paused briefing again', '/briefing list'))
    .addSubcommand((s) =>
      s
        .setName('preview')
        .setDescription('See what a briefing would post now (only you see it)')
        .addStringOption((o) => o.setName('topics').setDescription('Comma-separated topics').setRequired(true).setMaxLength(200))
        .addStringOption((o) => o.setName('only').setDescription('Only these outlets, comma-separated').setMaxLength(400))
        .addStringOption((o) => o.setName('except').setDescription('Leave out these outlets, comma-separated').setMaxLength(400)),
    ),
  requires: 'manageGuild',
  handle: run,
};
