/** The `newsbrief` command: start (Discord or console), ingest, clean, and one-shot answers. */
import type { Readable, Writable } from 'node:stream';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { buildArticle } from './articles/article.js';
import { openApp, type App, type OpenOptions } from './app.js';
import { UsageError, type CommandOptions } from './command.js';
import { loadCommands } from './command-registry.js';
import { ConfigError, DEFAULT_DATA_DIR, loadConfig, type Config } from './config.js';
import { DiscordFailure } from './discord/api-errors.js';
import { createLogger, describeError, type Logger } from './log.js';
import { redactUrl } from './redact.js';
import { composeBriefing } from './news/briefing.js';
import { BriefingScheduler } from './schedule/scheduler.js';
import { briefingView } from './view.js';
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { runConsole } from './console/repl.js';
import { renderText } from './console/render.js';
import { failureReason, stoppedBy, type IngestReport } from './news/ingest.js';
import { StoreOpenError } from './store/sqlite-open.js';
import { removeFolder, removeVanished, retentionCutoff, startRetention } from './news/library.js';
import { DEFAULT_HEADLINES, DEFAULT_SUMMARY_SENTENCES } from './news/news.js';
import { importOpml, ingestUrl, startPolling } from './news/sources.js';
import { findArticleFiles, readArticleFile } from './sources/files.js';
import { groupArticles } from './stories/group.js';
import { ExtractiveSummarizer } from './summarize/extractive.js';
import { escapeControls, guardTerminalOutput } from './text-safety.js';
import type { View } from './view.js';

export interface CliIo {
  stdout: Writable & { isTTY?: boolean };
  stderr: Writable & { isTTY?: boolean };
  stdin: Readable & { isTTY?: boolean };
}

const USAGE = `usage: newsbrief <command> [options]

  start                         Discord when DISCORD_TOKEN is set (until SIGINT/SIGTERM), else the console
  console                       the console face (the demo, with samples, when nothing is configured)
  ingest PATH|URL...            index article files and folders (recursive), or one feed or page per URL
  sources import FILE.opml      add the feeds of an OPML file as operator-wide sources
  clean FILE...                 each file's cleaned article, one JSON object per line
  headlines [TOPIC] [--limit N] latest headlines, optionally on a topic
  summary TOPIC [--sentences N] a cited summary of a topic
  quotes TOPIC [--speaker NAME] direct quotes on a topic
  summarize FILE... [--sentences N]  each file summarised on its own, one JSON object per line
  stories FILE...               group article files into stories (one event, any outlet); the index's stories (--db) come with the story store
  briefing TOPICS...            the briefing a channel would get now (topics comma-separated)
  remove ID...                  delete articles from the index by id
  prune --older-than DAYS       delete articles published (undated: indexed) more than DAYS days ago
  deploy-commands [--guild ID]  register the slash commands with Discord (guild: instant; else global)

options: --json (machine-readable output), --db PATH (database file; default NEWSBRIEF_DB or data/newsbrief.db)

Reading commands (headlines, summary, quotes, briefing, remove, prune) need an existing database;
the sample articles are indexed only by the demo (start or console with nothing configured).`;

const OPTIONS = {
  json: { type: 'boolean' },
  db: { type: 'string' },
  limit: { type: 'string' },
  sentences: { type: 'string' },
  speaker: { type: 'string' },
  guild: { type: 'string' },
  'older-than': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type Flags = {
  json?: boolean;
  db?: string;
  limit?: string;
  sentences?: string;
  speaker?: string;
  guild?: string;
  'older-than'?: string;
  help?: boolean;
};

class CliError extends Error {}

function positiveInt(flag: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new CliError(`--${flag} expects a whole number from 1 to ${max}, got "${value}"`);
  return n;
}

/** Writes one line (or a rendered block); no control character in it reaches the terminal raw. */
function writeLine(stream: Writable, text: string): void {
  stream.write(`${guardTerminalOutput(text)}\n`);
}

/** Shows "ingesting 120/1000" on a terminal once a run has taken over a second. */
function progressReporter(stderr: CliIo['stderr']): { onProgress: (done: number, total: number) => void; finish: () => void } {
  const started = Date.now();
  let lastDraw = 0;
  let drawn = false;
  return {
    onProgress(done, total) {
      const now = Date.now();
      if (!stderr.isTTY || now - started < 1000 || (now - lastDraw < 100 && done < total)) return;
      lastDraw = now;
      drawn = true;
      stderr.write(`\ringesting ${done}/${total}`);
    },
    finish() {
      if (drawn) stderr.write('\n');
    },
  };
}

/**
 * "failed: FILE: reason", without the file named twice when the reason already starts with it; a
 * control character in either (a newline or ESC in a file name) is shown escaped, never obeyed.
 */
function failureLine(f: { file: string; reason: string }): string {
  const reason = f.reason.startsWith(`${f.file}: `) ? f.reason.slice(f.file.length + 2) : f.reason;
  return `failed: ${escapeControls(f.file)}: ${escapeControls(reason)}`;
}

function reportIngest(report: IngestReport, io: CliIo, json: boolean): void {
  if (json) {
    writeLine(io.stdout, JSON.stringify(report));
    return;
  }
  const duplicates = report.duplicates ?? [];
  writeLine(
    io.stdout,
    `added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, duplicate ${duplicates.length}, failed ${report.failed.length}`,
  );
  for (const d of duplicates) writeLine(io.stdout, `duplicate: ${escapeControls(d.file)} is the same page as article ${escapeControls(d.of)} (not stored twice)`);
  for (const file of report.truncated ?? []) writeLine(io.stdout, `truncated: ${escapeControls(file)} is longer than any article: its beginning was kept`);
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
}

async function withApp<T>(config: Config, run: (app: App) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  const app = await openApp(config, options);
  try {
    return await run(app);
  } finally {
    await app.close();
  }
}

/**
 * One-shot commands that only read or delete work on an index that exists: on a path that holds no
 * database they say so and create nothing (a mistyped --db never becomes an empty index).
 */
function requireDatabase(config: Config): void {
  if (config.dbPath !== ':memory:' && !existsSync(config.dbPath)) {
    throw new CliError(`no database at ${config.dbPath} (index articles into it first: newsbrief ingest PATH --db ${config.dbPath})`);
  }
}

const URL_ARGUMENT = /^https?:\/\//i;

/** Adds one report's counts and failures into another. */
function mergeReports(into: IngestReport, from: IngestReport): IngestReport {
  return {
    added: into.added + from.added,
    updated: into.updated + from.updated,
    unchanged: into.unchanged + from.unchanged,
    failed: [...into.failed, ...from.failed],
    duplicates: [...(into.duplicates ?? []), ...(from.duplicates ?? [])],
    truncated: [...(into.truncated ?? []), ...(from.truncated ?? [])],
  };
}

async function commandIngest(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  if (args.length === 0) throw new CliError('ingest needs at least one file, folder or http(s) URL');
  const urls = args.filter((a) => URL_ARGUMENT.test(a));
  const paths = args.filter((a) => !URL_ARGUMENT.test(a));
  const progress = progressReporter(io.stderr);
  const report = await withApp(config, async (app) => {
    let total: IngestReport = paths.length ? await app.ingest(paths, { onProgress: progress.onProgress }) : { added: 0, updated: 0, unchanged: 0, failed: [] };
    // One feed or page per URL, through the guarded fetch; none once the store can take no more.
    for (const url of urls) {
      if (total.stopped) break;
      try {
        total = mergeReports(total, await ingestUrl(app.sourceDeps, url));
      } catch (error) {
        const stopped = stoppedBy(error);
        if (stopped === null) throw error;
        total = { ...total, stopped };
      }
    }
    return total;
  });
  progress.finish();
  reportIngest(report, io, flags.json ?? false);
  // A full disk or a read-only database stops the run: the counts above are what it committed.
  if (report.stopped) writeLine(io.stderr, `newsbrief: stopped: ${report.stopped}; the counts above were committed`);
  return report.failed.length > 0 || report.stopped ? 1 : 0;
}

async function commandSources(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const [action, file, ...extra] = args;
  if (action !== 'import' || !file || extra.length) throw new CliError('usage: newsbrief sources import FILE.opml');
  const report = await withApp(config, (app) => importOpml(app.sourceDeps, file));
  if (flags.json) writeLine(io.stdout, JSON.stringify(report));
  else writeLine(io.stdout, `added ${report.added} feeds (${report.existing} already there${report.notImported ? `, ${report.notImported} over the per-file limit not imported` : ''})`);
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
  return report.failed.length > 0 ? 1 : 0;
}

/** Reads article files one by one, passing each good one on and reporting each bad one; returns the failure count. */
async function eachArticleFile(
  config: Config,
  paths: string[],
  io: CliIo,
  use: (file: string, article: ReturnType<typeof buildArticle>) => Promise<void> | void,
): Promise<number> {
  if (paths.length === 0) throw new CliError('needs at least one article file');
  const { files, missing } = await findArticleFiles(paths);
  let failures = missing.length;
  for (const m of missing) writeLine(io.stderr, `newsbrief: ${escapeControls(m.file)}: ${escapeControls(m.reason)}`);
  for (const file of files) {
    try {
      await use(file, buildArticle(await readArticleFile(file, config.maxFileBytes)));
    } catch (error) {
      failures++;
      writeLine(io.stderr, `newsbrief: ${escapeControls(file)}: ${escapeControls(failureReason(error))}`);
    }
  }
  return failures;
}

async function commandClean(config: Config, paths: string[], io: CliIo): Promise<number> {
  const failures = await eachArticleFile(config, paths, io, (file, a) => {
    // Always JSON lines: this command exists to feed other tools (--json is accepted for symmetry).
    const { title, section, byline, published, publishedFrom, source, url, paragraphs, quotes } = a;
    const record = {
      file, title, section, byline, published, publishedFrom, source, url, body: paragraphs.join('\n\n'), paragraphs, quotes,
      // Present only on a page longer than any article, of which the beginning was kept (MAX_BODY_CHARS).
      ...(a.truncated ? { truncated: true } : {}),
    };
    writeLine(io.stdout, JSON.stringify(record));
  });
  return failures > 0 ? 1 : 0;
}

async function commandSummarize(config: Config, paths: string[], flags: Flags, io: CliIo): Promise<number> {
  const maxSentences = positiveInt('sentences', flags.sentences, DEFAULT_SUMMARY_SENTENCES, 50);
  const summarizer = new ExtractiveSummarizer();
  const failures = await eachArticleFile(config, paths, io, async (file, a) => {
    const summary = await summarizer.summarize({ articles: [a], maxSentences });
    const record = { file, title: a.title, sentences: summary.sentences.map((s) => ({ text: s.text })), summarizer: summary.generator };
    writeLine(io.stdout, JSON.stringify(record));
  });
  return failures > 0 ? 1 : 0;
}

/** Groups the given article files into stories, no database: one line per story, every article file in one. */
async function commandStories(config: Config, paths: string[], flags: Flags, io: CliIo): Promise<number> {
  if (flags.db !== undefined) throw new CliError('stories --db (the index\'s stories) comes with the story store; give article files: newsbrief stories FILE...');
  const files: string[] = [];
  const articles: ReturnType<typeof buildArticle>[] = [];
  const failures = await eachArticleFile(config, paths, io, (file, a) => {
    files.push(file);
    articles.push(a);
  });
  const stories = groupArticles(articles).map((story) => ({ title: story.title, files: story.articles.map((i) => files[i]!) }));
  for (const story of stories) {
    if (flags.json) writeLine(io.stdout, JSON.stringify(story));
    else writeLine(io.stdout, [`${escapeControls(story.title)} (${story.files.length} article${story.files.length === 1 ? '' : 's'})`, ...story.files.map((f) => `  ${escapeControls(f)}`)].join('\n'));
  }
  return failures > 0 ? 1 : 0;
}

/**
 * The app for a command that only reads: its database opened read-only (a read-only file or folder
 * works, nothing is written); a database it cannot read so is a one-line error saying why.
 */
async function withReadingApp<T>(config: Config, run: (app: App) => Promise<T>, options: OpenOptions = {}): Promise<T> {
  try {
    return await withApp(config, run, { ...options, readonly: true });
  } catch (error) {
    throw error instanceof StoreOpenError ? new CliError(error.message) : error;
  }
}

async function commandQuery(name: string, config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const topic = args.join(' ').trim();
  if (name !== 'headlines' && !topic) throw new CliError(`${name} needs a TOPIC, e.g. newsbrief ${name} iran`);
  requireDatabase(config);
  // --json prints the use case's data; otherwise the command's view, as the console shows it.
  const answer = async (data: () => Promise<unknown>, view: () => Promise<View>) =>
    writeLine(io.stdout, flags.json ? JSON.stringify(await data()) : renderText(await view()));
  return withReadingApp(
    config,
    async (app) => {
      // Views come from the command modules; --json answers skip loading them (faster start).
      const view = (options: CommandOptions) => async (): Promise<View> => {
        const command = app.commands.get(name);
        if (!command) throw new CliError(`command ${name} is not available`);
        return command.handle(options, app);
      };
      if (name === 'headlines') {
        const limit = positiveInt('limit', flags.limit, DEFAULT_HEADLINES, 1000);
        await answer(() => app.news.headlines({ topic: topic || undefined, limit }), view(topic ? { topic, limit } : { limit }));
      } else if (name === 'summary') {
        const sentences = positiveInt('sentences', flags.sentences, DEFAULT_SUMMARY_SENTENCES, 50);
        await answer(() => app.news.summary(topic, sentences), view({ topic, sentences }));
      } else {
        const speaker = flags.speaker?.trim() || undefined;
        await answer(() => app.news.quotes({ topic, speaker }), view(speaker ? { topic, speaker } : { topic }));
      }
      return 0;
    },
    { commands: !flags.json },
  );
}

/**
 * Whether this run is the demo: the operator has configured nothing (no database, no token), so the
 * sample articles are indexed into the default database. Any other run never receives them.
 */
function isDemo(config: Config): boolean {
  return !config.dbConfigured && !config.discord.token;
}

/**
 * What a start indexes: the operator's own folder (NEWSBRIEF_DATA) in every mode, the samples only
 * in the demo; the folder is mirrored (an article whose file is gone is removed). Outside the demo,
 * samples an older version put into this database are removed.
 */
async function indexDataDir(app: App, io: CliIo): Promise<void> {
  const { config } = app;
  const samples = isDemo(config) && !config.dataDirConfigured;
  // (unless the operator named the samples' own folder as theirs)
  if (!samples && !(config.dataDirConfigured && resolve(config.dataDir) === resolve(DEFAULT_DATA_DIR))) {
    const removed = await removeFolder(app.store, DEFAULT_DATA_DIR);
    if (removed > 0) writeLine(io.stderr, `removed ${removed} sample articles from ${config.dbPath} (samples belong only to the demo database)`);
  }
  if (!samples && !config.dataDirConfigured) {
    writeLine(io.stderr, `newsbrief — ${await app.store.count()} articles indexed in ${config.dbPath}`);
    return;
  }
  const progress = progressReporter(io.stderr);
  const report = await app.ingest([config.dataDir], { onProgress: progress.onProgress });
  progress.finish();
  const { files } = await findArticleFiles([config.dataDir]);
  const present = new Set(await Promise.all(files.map((file) => realpath(file).catch(() => file))));
  const vanished = await removeVanished(app.store, config.dataDir, present);
  const total = await app.store.count();
  const what = samples ? 'articles (the demo: sample articles)' : 'articles';
  const removed = vanished.length ? `, ${vanished.length} removed as their files are gone` : '';
  writeLine(io.stderr, `newsbrief — ${total} ${what} indexed (${report.added} new, ${report.updated} updated${removed}) in ${config.dbPath}`);
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
}

/** RETENTION_DAYS applied while the bot runs, when set. */
function startRetentionOf(app: App, log: Logger): { stop(): void } {
  return app.config.retentionDays ? startRetention(app.store, app.config.retentionDays, log) : { stop() {} };
}

/** Serves Discord until SIGINT or SIGTERM, then destroys the client and closes the database. */
async function commandDiscord(config: Config, token: string, io: CliIo): Promise<number> {
  const log = createLogger(config.logLevel, io.stderr);
  // Listen for signals from the start, so a stop during start-up still shuts down cleanly; the
  // first signal also ends a login in progress (one that Discord keeps rate-limiting never ends).
  const stopping = new AbortController();
  const stopSignal = new Promise<string>((resolve) => {
    const stop = (signal: string) => {
      stopping.abort();
      resolve(signal);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return withApp(config, async (app) => {
    await indexDataDir(app, io);
    const onRejection = (reason: unknown) => log.error(`unhandled rejection: ${describeError(reason)}`);
    process.on('unhandledRejection', onRejection);
    const { LoginStopped, startBot } = await import('./discord/bot.js');
    // A refused login throws a DiscordFailure (one line saying what to fix) that main prints as-is.
    const bot = await startBot({ token, apiBase: config.discord.apiBase, commands: app.commands, context: app, log, signal: stopping.signal }).catch(
      (error: unknown) => {
        if (error instanceof LoginStopped) return null;
        throw error;
      },
    );
    if (bot === null) {
      log.info(`${await stopSignal}: shutting down (stopped while logging in to Discord)`);
      process.off('unhandledRejection', onRejection);
      return 0;
    }
    const scheduler = await startBriefings(app, bot.client, log);
    const poller = startPolling(app.sourceDeps);
    const retention = startRetentionOf(app, log);
    const signal = await stopSignal;
    log.info(`${signal}: shutting down`);
    retention.stop();
    await poller.stop();
    await scheduler.stop();
    await bot.stop();
    process.off('unhandledRejection', onRejection);
    return 0;
  });
}

/** Starts the briefing scheduler on the Discord client: missed slots first, then each slot as it comes. */
async function startBriefings(app: App, client: import('discord.js').Client, log: Logger): Promise<BriefingScheduler> {
  const { DiscordBriefingPoster, channelProblem, shardOwnership } = await import('./discord/briefings.js');
  const scheduler = new BriefingScheduler({
    store: app.schedules,
    compose: (schedule, since, exclude) => composeBriefing(app, { topics: schedule.topics, since, exclude, guildId: schedule.guildId }),
    poster: new DiscordBriefingPoster(client),
    log,
    graceMs: app.config.briefings.graceMs,
    claimant: `${hostname()}:${process.pid}`,
    owns: shardOwnership(client),
  });
  app.briefings.attach({ checkChannel: (channelId, guildId) => channelProblem(client, channelId, guildId), onChange: () => scheduler.refresh() });
  await scheduler.start();
  return scheduler;
}

async function commandBriefing(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const topics = args.join(' ').split(',').map((t) => t.trim()).filter(Boolean);
  if (topics.length === 0) throw new CliError('briefing needs TOPICS, e.g. newsbrief briefing iran, oil');
  requireDatabase(config);
  return withReadingApp(config, async (app) => {
    const briefing = await app.briefings.preview(topics.join(','));
    writeLine(io.stdout, flags.json ? JSON.stringify(briefing) : renderText(briefingView(briefing, `Briefing: ${topics.join(', ')}`)));
    return 0;
  });
}

async function commandDeploy(config: Config, flags: Flags, io: CliIo): Promise<number> {
  const token = config.discord.token;
  if (!token) throw new CliError('deploy-commands needs DISCORD_TOKEN (in the environment or .env)');
  if (flags.guild !== undefined && !/^\d{17,20}$/.test(flags.guild)) throw new CliError(`--guild expects a server id (17-20 digits), got "${flags.guild}"`);
  const { deployCommands } = await import('./discord/deploy.js');
  const result = await deployCommands({
    token,
    apiBase: config.discord.apiBase,
    applicationId: config.discord.applicationId,
    guildId: flags.guild,
    commands: await loadCommands(),
  });
  const where = result.scope === 'guild' ? `guild ${flags.guild}` : 'all servers (global commands can take a while to appear)';
  writeLine(io.stdout, flags.json ? JSON.stringify(result) : `registered /${result.names.join(', /')} for ${where}`);
  return 0;
}

async function commandRemove(config: Config, ids: string[], flags: Flags, io: CliIo): Promise<number> {
  if (ids.length === 0) throw new CliError('remove needs at least one article ID (ids are in --json answers and ingest reports)');
  requireDatabase(config);
  const removed = await withApp(config, (app) => app.store.remove(ids), { commands: false });
  const gone = new Set(removed);
  const missing = [...new Set(ids)].filter((id) => !gone.has(id));
  if (flags.json) writeLine(io.stdout, JSON.stringify({ removed, missing }));
  else writeLine(io.stdout, `removed ${removed.length} article${removed.length === 1 ? '' : 's'}`);
  for (const id of missing) writeLine(io.stderr, `not found: ${id}`);
  return missing.length > 0 ? 1 : 0;
}

async function commandPrune(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  if (args.length > 0 || flags['older-than'] === undefined) throw new CliError('usage: newsbrief prune --older-than DAYS');
  const days = positiveInt('older-than', flags['older-than'], 0, 36500);
  requireDatabase(config);
  const before = retentionCutoff(days, new Date());
  const removed = await withApp(config, (app) => app.store.removeOlderThan(before), { commands: false });
  if (flags.json) writeLine(io.stdout, JSON.stringify({ removed, before: before.toISOString() }));
  else writeLine(io.stdout, `removed ${removed} article${removed === 1 ? '' : 's'} older than ${days} days (published, or for undated ones indexed, before ${before.toISOString()})`);
  return 0;
}

async function commandConsole(config: Config, io: CliIo): Promise<number> {
  return withApp(config, async (app) => {
    await indexDataDir(app, io);
    writeLine(io.stderr, 'Type /headlines, /summary iran, /quotes iran, help or exit.');
    const poller = startPolling(app.sourceDeps);
    const retention = startRetentionOf(app, createLogger(config.logLevel, io.stderr));
    try {
      await runConsole(app.commands, app, { input: io.stdin, output: io.stdout, prompt: io.stdin.isTTY ?? false });
    } finally {
      retention.stop();
      await poller.stop();
    }
    return 0;
  });
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  try {
    const { values: flags, positionals } = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
    const [name = 'start', ...args] = positionals;
    if (flags.help || name === 'help') {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    // An empty --db (an unset shell variable) must not quietly mean the default database in the checkout.
    if (flags.db !== undefined && flags.db.trim() === '') throw new CliError('--db expects a database file path, got an empty value');
    const base = loadConfig();
    const config: Config = flags.db !== undefined ? { ...base, dbPath: flags.db, dbConfigured: true } : base;
    switch (name) {
      case 'start':
        return config.discord.token ? await commandDiscord(config, config.discord.token, io) : await commandConsole(config, io);
      case 'briefing':
        return await commandBriefing(config, args, flags, io);
      case 'deploy-commands':
        return await commandDeploy(config, flags, io);
      case 'console':
        return await commandConsole(config, io);
      case 'sources':
        return await commandSources(config, args, flags, io);
      case 'ingest':
        return await commandIngest(config, args, flags, io);
      case 'clean':
        return await commandClean(config, args, io);
      case 'summarize':
        return await commandSummarize(config, args, flags, io);
      case 'stories':
        return await commandStories(config, args, flags, io);
      case 'remove':
        return await commandRemove(config, args, flags, io);
      case 'prune':
        return await commandPrune(config, args, flags, io);
      case 'headlines':
      case 'summary':
      case 'quotes':
        return await commandQuery(name, config, args, flags, io);
      default:
        throw new CliError(`unknown command "${name}" (try: newsbrief help)`);
    }
  } catch (error) {
    const known = error instanceof CliError || error instanceof ConfigError || error instanceof UsageError || error instanceof DiscordFailure;
    // Not every error's code is a string (Discord's are numbers), and not every throw is an Error.
    const code: unknown = error instanceof Error ? (error as { code?: unknown }).code : undefined;
    const parseError = typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
    const text = error instanceof Error ? error.message : String(error);
    const message = redactUrl(known || parseError ? text : `unexpected error: ${text}`);
    // A known error is one line whatever it names (a newline in a file name shows as \n); any other, its first line.
    writeLine(io.stderr, `newsbrief: ${escapeControls(known || parseError ? message : message.split('\n')[0]!)}`);
    return 1;
  }
}
