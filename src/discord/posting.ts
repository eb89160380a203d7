/** A message posted by the bot on its own (briefings, follows, notices): its REST body, and how a failed post is treated. */
import { DiscordAPIError, HTTPError } from 'discord.js';
import { PostFailure } from '../schedule/scheduler.js';
import type { DiscordMessage } from './render.js';

// Discord error codes that mean the bot cannot post there until someone changes something.
export const CANNOT_POST: Record<number, string> = {
  10003: 'the channel no longer exists',
  50001: 'the bot has no access to the channel',
  50013: 'the bot is missing permissions to post in the channel',
};

/**
 * A rendered message in the REST API's own shape. The nonce names (schedule, slot, message) and is
 * enforced, so Discord itself drops a repeat of a message it already accepted (a retried timeout).
 * With a role, the message pings that role and nothing else; without, nothing at all.
 */
export function toApiBody(message: DiscordMessage, nonce: string, mentionRole: string | null = null): Record<string, unknown> {
  return {
    content: mentionRole ? [`<@&${mentionRole}>`, message.content].filter(Boolean).join('\n') : message.content,
    embeds: message.embeds,
    components: message.components,
    allowed_mentions: mentionRole ? { roles: [mentionRole] } : { parse: [] },
    nonce,
    enforce_nonce: true,
  };
}

/** Classifies a REST failure: pause on access problems, retry on server errors, give up otherwise. */
export function postFailureOf(error: unknown): PostFailure {
  if (error instanceof DiscordAPIError) {
    const reason = typeof error.code === 'number' ? CANNOT_POST[error.code] : undefined;
    if (reason) return new PostFailure('pause', `${reason} (Discord error ${error.code})`);
    if (error.status >= 500) return new PostFailure('retry', `Discord answered ${error.status}`);
    return new PostFailure('fail', `Discord refused the message (${error.status} ${error.code})`);
  }
  if (error instanceof HTTPError && error.status >= 500) return new PostFailure('retry', `Discord answered ${error.status}`);
  return new PostFailure('retry', (error as Error).message ?? String(error));
}
