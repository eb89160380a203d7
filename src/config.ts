/** The only module that reads the environment: zod over process.env (after dotenv), typed and checked once. */

import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { OperatorError } from './errors.js';

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
  SHARD_COUNT: optionalText.pipe(
    z
      .string()
      .regex(/^(auto|[1-9]\d{0,5})$/, 'expected a number of shards (1 or more), or auto')
      .transform((value) => (value === 'auto' ? ('auto' as const) : Math.max(1, Number(value))))
      .optional(),
  ),
  SHARD_IDS: optionalText.pipe(
    z
      .string()
      .regex(/^\d+(\s*,\s*\d+)*$/, 'expected shard numbers separated by commas, e.g. 0,1')
      .optional(),
  ),
  NEWSBRIEF_ROLES: optionalText,
  SUMMARIZER: z.enum(['extractive', 'openai', 'local']).default('extractive'),
  OPENAI_API_KEY: optionalText,
  OPENAI_BASE_URL: optionalText.pipe(z.url().optional()),
  OPENAI_MODEL: optionalText,
  OPENAI_OUTPUT_MODE: z.enum(['json_schema', 'json_object', 'prompt']).default('json_schema'),
  OPENAI_DEADLINE_MS: z.coerce.number().int().min(1000).max(600_000).default(20_000),
  OPENAI_INPUT_TOKEN_BUDGET: z.coerce.number().int().min(500).max(1_000_000).default(6000),
  LOCAL_MODEL: optionalText,
  LOCAL_THREADS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().int().min(1).max(256).optional(),
  ),
  LOCAL_CONTEXT_SIZE: z.coerce.number().int().min(2048).max(131_072).default(4096),
  LOCAL_DEADLINE_MS: z.coerce.number().int().min(1000).max(600_000).default(60_000),
  BRIEFING_GRACE_MINUTES: z.coerce
    .number()
    .min(0)
    .max(7 * 24 * 60)
    .default(60),
  FOLLOW_CHECK_SECONDS: z.coerce.number().min(5).max(3600).default(30),
  FEED_POLL_MINUTES: z.coerce
    .number()
    .min(1)
    .max(24 * 60)
    .default(10),
  FETCH_MAX_MB: z.coerce.number().positive().max(100).default(5),
  FETCH_TIMEOUT_MS: z.coerce.number().int().min(1000).max(120_000).default(15_000),
  FETCH_ALLOW_LOOPBACK: z
    .enum(['true', 'false', '1', '0', ''])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  SOURCES_FILE: optionalText,
  RETENTION_DAYS: z.preprocess(
    (value) => (typeof value === 'string' && value.trim() === '' ? undefined : value),
    z.coerce.number().int().min(1).max(36500).optional(),
  ),
});

export interface Config {
  /** SQLite database file. */
  dbPath: string;
  /** Whether the operator named the database (NEWSBRIEF_DB or --db): then it is never the demo's. */
  dbConfigured: boolean;
  /** Folder of articles indexed on start: the samples (demo only) unless the operator names one. */
  dataDir: string;
  /** Whether the operator named the folder (NEWSBRIEF_DATA): then it is their data, indexed in every mode. */
  dataDirConfigured: boolean;
  /** Articles older than this many days are deleted by the running bot; undefined keeps everything. */
  retentionDays?: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Age in days at which an article's search score is halved. */
  recencyHalfLifeDays: number;
  /** Larger input files are refused. */
  maxFileBytes: number;
  discord: {
    token?: string;
    applicationId?: string;
    apiBase?: string;
    /** Discord shards this process connects (SHARD_COUNT, SHARD_IDS): all of `count` unless ids are given; absent, one. */
    shards?: { count: number | 'auto'; ids?: number[] };
  };
  /** What `newsbrief start` runs in this process (NEWSBRIEF_ROLES or --roles; all three by default). */
  roles: Role[];
  summarizer: 'extractive' | 'openai' | 'local';
  openai: {
    apiKey?: string;
    /** An OpenAI-compatible endpoint (OpenAI, Ollama, llama.cpp server, vLLM...); the SDK default when unset. */
    baseUrl?: string;
    model?: string;
    outputMode: 'json_schema' | 'json_object' | 'prompt';
    /** Total time allowed for one interactive summary, retries included. */
    deadlineMs: number;
    /** Most prompt tokens to send for the articles. */
    inputTokenBudget: number;
  };
  /** A GGUF model run in-process (SUMMARIZER=local; docs/llm.md). */
  local: {
    /** The .gguf file; checked when the summarizer is made. */
    modelPath?: string;
    /** CPU threads for inference; unset: half the cores, at least 1 (more threads than free cores slows llama.cpp to a crawl). */
    threads?: number;
    /** Tokens of context (prompt and answer). */
    contextSize: number;
    /** Total time for one summary, loading the model on first use included. */
    deadlineMs: number;
  };
  briefings: { graceMs: number };
  /** How often follows look for newly indexed stories. */
  follows: { checkMs: number };
  sources: {
    /** Operator-wide feeds (JSON). */
    file: string;
    pollIntervalMs: number;
  };
  fetch: { maxBytes: number; timeoutMs: number; allowLoopback: boolean };
}

/** The parts of the service a process can run: the Discord face, the feed poller, the briefing scheduler. */
export const ROLES = ['discord', 'poller', 'briefings'] as const;
export type Role = (typeof ROLES)[number];

/** A list of roles ("discord,poller"), checked; the message says what was expected. */
export function parseRoles(text: string, from: string): Role[] {
  const names = text
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  const unknown = names.find((name) => !(ROLES as readonly string[]).includes(name));
  if (unknown !== undefined || names.length === 0) {
    throw new ConfigError(
      `invalid setting ${from}: expected roles from ${ROLES.join(', ')} separated by commas${unknown ? `, got "${unknown.slice(0, 40)}"` : ''}`,
    );
  }
  return ROLES.filter((role) => names.includes(role));
}

/** SHARD_COUNT and SHARD_IDS as discord.js takes them; every id must be below the count. */
function shardsOf(count: number | 'auto' | undefined, ids: string | undefined): Config['discord']['shards'] {
  if (count === undefined) {
    if (ids !== undefined)
      throw new ConfigError('invalid setting SHARD_IDS: needs SHARD_COUNT (the total number of shards of all processes)');
    return undefined;
  }
  if (ids === undefined) return { count };
  if (count === 'auto')
    throw new ConfigError(
      'invalid setting SHARD_IDS: not with SHARD_COUNT=auto (auto runs every shard Discord recommends in this process)',
    );
  const list = [...new Set(ids.split(',').map((id) => Number(id.trim())))];
  const outside = list.find((id) => id >= count);
  if (outside !== undefined) throw new ConfigError(`invalid setting SHARD_IDS: shard ${outside} is not below SHARD_COUNT ${count}`);
  return { count, ids: list };
}

/** Thrown for an invalid setting; the message names the variable, never its value. */
export class ConfigError extends OperatorError {
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
  if (e.SUMMARIZER === 'openai' && !e.OPENAI_MODEL) {
    throw new ConfigError('invalid setting OPENAI_MODEL: required when SUMMARIZER=openai');
  }
  if (e.SUMMARIZER === 'local' && !e.LOCAL_MODEL) {
    throw new ConfigError('invalid setting LOCAL_MODEL: required when SUMMARIZER=local (the path of a .gguf model file)');
  }
  return {
    dbPath: e.NEWSBRIEF_DB ?? DEFAULT_DB_PATH,
    dbConfigured: e.NEWSBRIEF_DB !== undefined,
    dataDir: e.NEWSBRIEF_DATA ?? DEFAULT_DATA_DIR,
    dataDirConfigured: e.NEWSBRIEF_DATA !== undefined,
    retentionDays: e.RETENTION_DAYS,
    logLevel: e.NEWSBRIEF_LOG_LEVEL,
    recencyHalfLifeDays: e.NEWSBRIEF_RECENCY_HALF_LIFE_DAYS,
    maxFileBytes: Math.round(e.NEWSBRIEF_MAX_FILE_MB * 1024 * 1024),
    discord: {
      token: e.DISCORD_TOKEN,
      applicationId: e.DISCORD_APPLICATION_ID,
      apiBase: e.DISCORD_API_BASE,
      ...(e.SHARD_COUNT !== undefined || e.SHARD_IDS !== undefined ? { shards: shardsOf(e.SHARD_COUNT, e.SHARD_IDS) } : {}),
    },
    roles: e.NEWSBRIEF_ROLES ? parseRoles(e.NEWSBRIEF_ROLES, 'NEWSBRIEF_ROLES') : [...ROLES],
    summarizer: e.SUMMARIZER,
    openai: {
      apiKey: e.OPENAI_API_KEY,
      baseUrl: e.OPENAI_BASE_URL,
      model: e.OPENAI_MODEL,
      outputMode: e.OPENAI_OUTPUT_MODE,
      deadlineMs: e.OPENAI_DEADLINE_MS,
      inputTokenBudget: e.OPENAI_INPUT_TOKEN_BUDGET,
    },
    local: { modelPath: e.LOCAL_MODEL, threads: e.LOCAL_THREADS, contextSize: e.LOCAL_CONTEXT_SIZE, deadlineMs: e.LOCAL_DEADLINE_MS },
    briefings: { graceMs: Math.round(e.BRIEFING_GRACE_MINUTES * 60_000) },
    follows: { checkMs: Math.round(e.FOLLOW_CHECK_SECONDS * 1000) },
    sources: { file: e.SOURCES_FILE ?? 'data/sources.json', pollIntervalMs: Math.round(e.FEED_POLL_MINUTES * 60_000) },
    fetch: { maxBytes: Math.round(e.FETCH_MAX_MB * 1024 * 1024), timeoutMs: e.FETCH_TIMEOUT_MS, allowLoopback: e.FETCH_ALLOW_LOOPBACK },
  };
}

/** Loads `.env` (if present, without overriding the real environment) and validates it. */
export function loadConfig(): Config {
  loadDotenv({ quiet: true });
  return parseConfig(process.env);
}
