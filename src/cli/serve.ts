/** The long-running faces and their setup: start (Discord or the console), the folder indexed on start, deploy-commands. */
import { type App } from '../app.js';
import type { DiscordBriefingHooks } from '../discord/briefings.js';
import { loadCommands } from '../command-registry.js';
import { DEFAULT_DATA_DIR, type Config } from '../config.js';
import { DiscordFailure } from '../discord/api-errors.js';
import { createLogger, describeError, type Logger } from '../log.js';
import { composeBriefing } from '../news/briefing.js';
import { BriefingScheduler } from '../schedule/scheduler.js';
import { realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { runConsole } from '../console/repl.js';
import { removeFolder, removeVanished, startRetention } from '../news/library.js';
import { startPolling } from '../news/sources.js';
import { findArticleFiles } from '../sources/files.js';
import { describeLocation } from '../store/open.js';
import { type CliIo, type Flags, CliError, writeLine, progressReporter, failureLine, withApp } from './shared.js';

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
    if (removed > 0) writeLine(io.stderr, `removed ${removed} sample articles from ${describeLocation(config.dbPath)} (samples belong only to the demo database)`);
  }
  if (!samples && !config.dataDirConfigured) {
    writeLine(io.stderr, `newsbrief — ${await app.store.count()} articles indexed in ${describeLocation(config.dbPath)}`);
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
  writeLine(io.stderr, `newsbrief — ${total} ${what} indexed (${report.added} new, ${report.updated} updated${removed}) in ${describeLocation(config.dbPath)}`);
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
}

/** RETENTION_DAYS applied while the bot runs, when set. */
function startRetentionOf(app: App, log: Logger): { stop(): void } {
  return app.config.retentionDays ? startRetention(app.store, app.config.retentionDays, log) : { stop() {} };
}

/** Serves Discord until SIGINT or SIGTERM, then destroys the client and closes the database. */
export async function commandDiscord(config: Config, token: string, io: CliIo): Promise<number> {
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
    const { LoginStopped, startBot } = await import('../discord/bot.js');
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
    const { discordBriefingHooks } = await import('../discord/briefings.js');
    const scheduler = await startBriefings(app, discordBriefingHooks(bot.client), log);
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
async function startBriefings(app: App, discord: DiscordBriefingHooks, log: Logger): Promise<BriefingScheduler> {
  const scheduler = new BriefingScheduler({
    store: app.schedules,
    compose: (schedule, since, exclude) => composeBriefing(app, { topics: schedule.topics, since, exclude, guildId: schedule.guildId }),
    poster: discord.poster,
    log,
    graceMs: app.config.briefings.graceMs,
    claimant: `${hostname()}:${process.pid}`,
    owns: discord.owns,
  });
  app.briefings.attach({ checkChannel: discord.checkChannel, onChange: () => scheduler.refresh() });
  await scheduler.start();
  return scheduler;
}

export async function commandDeploy(config: Config, flags: Flags, io: CliIo): Promise<number> {
  const token = config.discord.token;
  if (!token) throw new CliError('deploy-commands needs DISCORD_TOKEN (in the environment or .env)');
  if (flags.guild !== undefined && !/^\d{17,20}$/.test(flags.guild)) throw new CliError(`--guild expects a server id (17-20 digits), got "${flags.guild}"`);
  const { deployCommands } = await import('../discord/deploy.js');
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

export async function commandConsole(config: Config, io: CliIo): Promise<number> {
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
