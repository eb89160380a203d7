/** Scheduled briefings in Discord: posting into channels, checking a channel before saving, shard ownership. */
import { type Client, DiscordAPIError, PermissionFlagsBits, Routes } from 'discord.js';
import type { Briefing } from '../news/briefing.js';
import type { FollowPoster } from '../schedule/follow-watcher.js';
import type { NoticePoster } from '../schedule/notices.js';
import { type BriefingPoster, type Delivery, PostFailure, shardOf } from '../schedule/scheduler.js';
import type { Schedule } from '../store/schedules.js';
import { briefingView } from '../view.js';
import { DiscordFollowPoster } from './follows.js';
import { DiscordNoticePoster } from './notices.js';
import { CANNOT_POST, postFailureOf, toApiBody } from './posting.js';
import { renderView } from './render.js';

const NEEDED = [PermissionFlagsBits.ViewChannel, PermissionFlagsBits.SendMessages, PermissionFlagsBits.EmbedLinks];

/** At most 25 characters, unique per schedule, slot and message. */
export function briefingNonce(scheduleId: number, slot: number, index: number): string {
  return `b${scheduleId.toString(36)}.${Math.floor(slot / 60_000).toString(36)}.${index.toString(36)}`.slice(0, 25);
}

export class DiscordBriefingPoster implements BriefingPoster {
  constructor(private readonly client: Client) {}

  async post(schedule: Schedule, briefing: Briefing, delivery: Delivery): Promise<void> {
    const view = briefingView(briefing, `Briefing: ${schedule.topics.join(', ')}`);
    const messages = renderView(view);
    for (let index = delivery.alreadyPosted; index < messages.length; index++) {
      try {
        // discord.js waits out 429s itself (Retry-After), so only other failures reach here.
        // Only the first message pings the briefing's role.
        const body = toApiBody(
          messages[index]!,
          briefingNonce(schedule.id, delivery.slot, index),
          index === 0 ? schedule.mentionRole : null,
        );
        await this.client.rest.post(Routes.channelMessages(schedule.channelId), { body });
      } catch (error) {
        const failure = postFailureOf(error);
        throw new PostFailure(failure.kind, failure.message, index - delivery.alreadyPosted);
      }
    }
  }
}

/**
 * Why the bot may not ping a role in a channel, or null when it may: the role is mentionable, or the
 * bot has Mention @everyone, @here and All Roles there.
 */
export async function mentionProblem(client: Client, roleId: string, channelId: string, guildId: string): Promise<string | null> {
  const guild = client.guilds.cache.get(guildId);
  if (!guild) return "the bot cannot see this server's roles yet; try again in a minute";
  const role = guild.roles.cache.get(roleId) ?? (await guild.roles.fetch(roleId).catch(() => null));
  if (!role) return 'that role is not in this server';
  if (role.mentionable) return null;
  const channel = guild.channels.cache.get(channelId);
  const permissions = channel && client.user ? channel.permissionsFor(client.user) : null;
  if (permissions?.has(PermissionFlagsBits.MentionEveryone)) return null;
  return 'the bot may not ping that role there: make the role mentionable, or give the bot "Mention @everyone, @here and All Roles" in that channel';
}

/** Why the bot cannot post in a channel of this guild, or null when it can (or cannot tell yet). */
export async function channelProblem(client: Client, channelId: string, guildId: string): Promise<string | null> {
  let channel;
  try {
    channel = await client.channels.fetch(channelId);
  } catch (error) {
    if (error instanceof DiscordAPIError && typeof error.code === 'number' && CANNOT_POST[error.code]) return CANNOT_POST[error.code]!;
    throw error;
  }
  if (!channel || channel.isDMBased()) return 'that is not a channel of this server';
  if (channel.guildId !== guildId) return 'that channel belongs to another server';
  if (!channel.isTextBased()) return 'briefings need a text channel';
  const me = client.user;
  const permissions = me ? channel.permissionsFor(me) : null;
  // Unknown permissions (member not cached) are not a refusal: a failing post pauses the schedule later.
  if (permissions && !permissions.has(NEEDED)) return 'the bot needs View Channel, Send Messages and Embed Links there';
  return null;
}

/** Which guilds' schedules this process fires: all, or those of its shards when sharded. */
export function shardOwnership(client: Client): (guildId: string) => boolean {
  // 'auto' runs every shard Discord recommends in this one process.
  if (client.options.shards === 'auto' && !client.shard) return () => true;
  const ids = client.shard?.ids ?? (Array.isArray(client.options.shards) ? client.options.shards : [0]);
  const count = client.shard?.count ?? client.options.shardCount ?? 1;
  if (count <= 1) return () => true;
  const mine = new Set(ids);
  return (guildId) => mine.has(shardOf(guildId, count));
}

/** What the briefing scheduler and the follow watcher need from the Discord face: posters, which guilds are this process's, checks. */
export interface DiscordBriefingHooks {
  poster: BriefingPoster;
  followPoster: FollowPoster;
  /** Disabled-feed notices, posted by the same process as briefings (ADR 28). */
  noticePoster: NoticePoster;
  owns: (guildId: string) => boolean;
  checkChannel: (channelId: string, guildId: string) => Promise<string | null>;
  checkMention: (roleId: string, channelId: string, guildId: string) => Promise<string | null>;
}

export function discordBriefingHooks(client: Client): DiscordBriefingHooks {
  return {
    poster: new DiscordBriefingPoster(client),
    followPoster: new DiscordFollowPoster(client),
    noticePoster: new DiscordNoticePoster(client),
    owns: shardOwnership(client),
    checkChannel: (channelId, guildId) => channelProblem(client, channelId, guildId),
    checkMention: (roleId, channelId, guildId) => mentionProblem(client, roleId, channelId, guildId),
  };
}
