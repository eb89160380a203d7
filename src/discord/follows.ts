/** Follow alerts in Discord: one message per story, pinging the follow's role when it has one (and nothing else, ever). */
import { type Client, Routes } from 'discord.js';
import type { FollowAlert, FollowPoster } from '../schedule/follow-watcher.js';
import { PostFailure } from '../schedule/scheduler.js';
import type { Follow } from '../store/follows.js';
import { followAlertView } from '../view.js';
import { postFailureOf, toApiBody } from './posting.js';
import { renderView } from './render.js';

/** At most 25 characters, unique per follow and story: a retried post of the same story is dropped by Discord. */
export function followNonce(followId: number, story: number): string {
  return `f${followId.toString(36)}.${story.toString(36)}`.slice(0, 25);
}

export class DiscordFollowPoster implements FollowPoster {
  constructor(private readonly client: Client) {}

  async post(follow: Follow, alert: FollowAlert, story: number): Promise<void> {
    const [message] = renderView(followAlertView(alert, follow.id), { maxMessages: 1 });
    try {
      const body = toApiBody(message!, followNonce(follow.id, story), follow.mentionRole);
      // discord.js waits out 429s itself (Retry-After), so only other failures reach here.
      await this.client.rest.post(Routes.channelMessages(follow.channelId), { body });
    } catch (error) {
      const failure = postFailureOf(error);
      throw new PostFailure(failure.kind, failure.message);
    }
  }
}
