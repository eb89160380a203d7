/** The only module that reads the environment: zod over process.env (after dotenv), typed and checked once. */
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

const EnvSchema = z.object({
  NEWSBRIEF_DB: optionalText,
  NEWSBRIEF_DATA: optionalText,
  NEWSBRIEF_LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  NEWSBRIEF_RECENCY_HALF_LIFE_DAYS: z.coerce.number().positive().max(36500).default(30),
  NEWSBRIEF_MAX_FILE_MB: z.coerce.number().positive().max(1024).default(50),
  DISCORD_TOKEN: optionalText,
  DISCORD_APPLICATION_ID: optionalText,
  DISCORD_API_BASE: optionalText.pipe(z.url().optional()),
  SUMMARIZER: z.enum(['extractive']).default('extractive'),
});

export interface Config {
  /** SQLite database file. */
  dbPath: string;
  /** Folder of sample/raw articles indexed on start. */
  dataDir: string;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Age in days at which an article's search score is halved. */
  recencyHalfLifeDays: number;
  /** Larger input files are refused. */
  maxFileBytes: number;
  discord: { token?: string; applicationId?: string; apiBase?: string };
  summarizer: 'extractive';
}

/** Thrown for an invalid setting; the message names the variable, never its value. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export const DEFAULT_DB_PATH = 'data/newsbrief.db';
export const DEFAULT_DATA_DIR = 'data/articles';

/** Validates an environment (process.env by default) into a Config. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = String(issue?.path[0] ?? 'environment');
    // zod messages describe the expectation; they do not echo the received value.
    throw new ConfigError(`invalid setting ${variable}: ${issue?.message ?? 'invalid value'}`);
  }
  const e = parsed.data;
  return {
    dbPath: e.NEWSBRIEF_DB ?? DEFAULT_DB_PATH,
    dataDir: e.NEWSBRIEF_DATA ?? DEFAULT_DATA_DIR,
    logLevel: e.NEWSBRIEF_LOG_LEVEL,
    recencyHalfLifeDays: e.NEWSBRIEF_RECENCY_HALF_LIFE_DAYS,
    maxFileBytes: Math.round(e.NEWSBRIEF_MAX_FILE_MB * 1024 * 1024),
    discord: { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, apiBase: e.DISCORD_API_BASE },
    summarizer: e.SUMMARIZER,
  };
}

/** Loads `.env` (if present, without overriding the real environment) and validates it. */
export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return parseConfig(process.env);
}
