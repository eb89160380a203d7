/** Ids and tokens for the loopback Discord: real-looking snowflakes, fixed defaults for tests. */
import { randomBytes } from 'node:crypto';

const DISCORD_EPOCH = 1_420_070_400_000n;
let increment = 0n;

/** A snowflake for "now": 18-19 digits, increasing, like Discord's (timestamp << 22 | counter). */
export function snowflake(at: number = Date.now()): string {
  increment = (increment + 1n) & 0xfffn;
  return (((BigInt(at) - DISCORD_EPOCH) << 22n) | (1n << 17n) | increment).toString();
}

/** An interaction token: opaque, long, URL-safe (clients put it in the path). */
export function interactionToken(): string {
  return `aW50ZXJhY3Rpb24${randomBytes(48).toString('base64url')}`;
}

export const FAKE_TOKEN = 'fake-bot-token.newsbrief.loopback';

/** Fixed ids so tests can name things without asking the fake. */
export const DEFAULT_IDS = {
  application: '1100000000000000001',
  botUser: '1100000000000000001',
  guild: '1100000000000000010',
  channel: '1100000000000000020',
  user: '1100000000000000030',
} as const;
