/** Disabled-feed notices posted into a briefing channel (src/schedule/notices.ts decides when and where). */
import { type Client, Routes } from 'discord.js';
import type { NoticePoster } from '../schedule/notices.js';
import type { FeedNotice } from '../store/feeds.js';
import { disabledFeedsView } from '../view.js';
import { postFailureOf } from './posting.js';
import { renderView } from './render.js';

/**
 * At most 25 characters, the same for a retry of the same notices: Discord drops a repeat of a
 * message it already accepted (enforce_nonce), so a post that timed out after landing is not doubled.
 */
export function noticeNonce(notices: readonly FeedNotice[]): string {
  return `n${notices.map((n) => `${n.feed.id.toString(36)}.${n.disabling.toString(36)}`).join('-')}`.slice(0, 25);
}

export class DiscordNoticePoster implements NoticePoster {
  constructor(private readonly client: Client) {}

  async post(channelId: string, notices: FeedNotice[]): Promise<void> {
    // One message: a notice lists at most a round's feeds, each entry cut to fit.
    const [message] = renderView(disabledFeedsView(notices.map((n) => n.feed)), { maxMessages: 1 });
    if (!message) return;
    const body = {
      content: message.content,
      embeds: message.embeds,
      allowed_mentions: { parse: [] },
      nonce: noticeNonce(notices),
      enforce_nonce: true,
    };
    try {
      await this.client.rest.post(Routes.channelMessages(channelId), { body });
    } catch (error) {
      throw postFailureOf(error);
    }
  }
}
