/** The long-running faces and their setup: start (Discord or the console), the folder indexed on start, deploy-commands. */

import { realpath } from 'node:fs/promises';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import type { App } from '../app.js';
import { loadCommands } from '../command-registry.js';
import { type Config, DEFAULT_DATA_DIR, type Role } from '../config.js';
import { runConsole } from '../console/repl.js';
import type { DiscordBriefingHooks } from '../discord/briefings.js';
import { createLogger, describeError, type Logger } from '../log.js';
import { composeBriefing } from '../news/briefing.js';
import { removeFolder, removeVanished, startRetention } from '../news/library.js';
import { loadSourcesFile, pollDue, startPolling } from '../news/sources.js';
import { redactUrl } from '../redact.js';
import { FollowWatcher } from '../schedule/follow-watcher.js';
import { startFeedNotices } from '../schedule/notices.js';
import { BriefingScheduler } from '../schedule/scheduler.js';
import { findArticleFiles } from '../sources/files.js';
import { describeLocation } from '../store/open.js';
import { escapeControls } from '../text-safety.js';
import { CliError, type CliIo, type Flags, failureLine, progressReporter, withApp, writeLine } from './shared.js';

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
    if (removed > 0)
      writeLine(
        io.stderr,
        `removed ${removed} sample articles from ${describeLocation(config.dbPath)} (samples belong only to the demo database)`,
      );
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
  writeLine(
    io.stderr,
    `newsbrief — ${total} ${what} indexed (${report.added} new, ${report.updated} updated${removed}) in ${describeLocation(config.dbPath)}`,
  );
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
}

/** RETENTION_DAYS applied while the bot runs, when set. */
function startRetentionOf(app: App, log: Logger): { stop(): void } {
  return app.config.retentionDays ? startRetention(app.store, app.config.retentionDays, log) : { stop() {} };
}

/** A promise of the first SIGINT or SIGTERM, and a signal aborted by it (listening from the start, so a stop during start-up still shuts down cleanly). */
function stopSignals(): { stopped: Promise<string>; signal: AbortSignal } {
  const stopping = new AbortController();
  const stopped = new Promise<string>((resolve) => {
    const stop = (signal: string) => {
      stopping.abort();
      resolve(signal);
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
  return { stopped, signal: stopping.signal };
}

/**
 * `newsbrief start`: runs this process's roles (NEWSBRIEF_ROLES or --roles; all by default) until
 * SIGINT or SIGTERM. Without DISCORD_TOKEN the console stands in for the discord role (the demo when
 * nothing is configured); the briefings role posts into Discord, so it needs the token.
 */
export async function commandStart(config: Config, io: CliIo): Promise<number> {
  const roles = new Set<Role>(config.roles);
  const token = config.discord.token;
  if (!token && roles.has('briefings') && !roles.has('discord')) {
    throw new CliError('the briefings role posts into Discord channels: it needs DISCORD_TOKEN');
  }
  if (!token && roles.has('discord')) return commandConsole(config, io);
  return serveRoles(config, roles, token, io);
}

/** The poller and the briefing scheduler, and the Discord face when it is one of the roles, until a signal; then each stopped in turn. */
async function serveRoles(config: Config, roles: ReadonlySet<Role>, token: string | undefined, io: CliIo): Promise<number> {
  const log = createLogger(config.logLevel, io.stderr);
  const { stopped, signal } = stopSignals();
  return withApp(config, async (app) => {
    // The process that polls is the one that writes sources: it indexes the data folder too.
    if (roles.has('poller')) await indexDataDir(app, io);
    const onRejection = (reason: unknown) => log.error(`unhandled rejection: ${describeError(reason)}`);
    process.on('unhandledRejection', onRejection);
    const running: { stop(): Promise<void> | void }[] = [];
    try {
      const bot = token ? await discordClient(config, roles, token, app, log, signal) : null;
      if (bot === 'stopped') {
        log.info(`${await stopped}: shutting down (stopped while logging in to Discord)`);
        return 0;
      }
      if (bot) {
        running.push(bot);
        const { discordBriefingHooks } = await import('../discord/briefings.js');
        const hooks = discordBriefingHooks(bot.client);
        // Without the gateway, every guild's slots are this process's to claim (the claim is in the database, ADR 9).
        const owned = roles.has('discord') ? hooks : { ...hooks, owns: () => true };
        if (roles.has('briefings')) {
          running.push(await startBriefings(app, owned, log), await startNotices(app, owned, log), await startFollows(app, owned, log));
        } else {
          const checks = { checkChannel: hooks.checkChannel, checkMention: hooks.checkMention, onChange: async () => {} };
          app.briefings.attach(checks);
          app.follows.attach(checks);
        }
      }
      if (roles.has('poller')) running.push(startPolling(app.sourceDeps), startRetentionOf(app, log));
      log.info(`running ${[...roles].join(', ')}${config.discord.shards ? ` (shards: ${describeShards(config.discord.shards)})` : ''}`);
      // The poller's timer does not hold the process open (nor does a REST-only client): this does, until a signal.
      const keepAlive = setInterval(() => {}, 2 ** 30);
      log.info(`${await stopped}: shutting down`);
      clearInterval(keepAlive);
      for (const part of running.reverse()) await part.stop();
      return 0;
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  });
}

/** "2 of 4" or "all of auto": the shards a process connects, for its start line. */
function describeShards(shards: NonNullable<Config['discord']['shards']>): string {
  return shards.ids ? `${shards.ids.join(', ')} of ${shards.count}` : `all of ${shards.count}`;
}

/**
 * The Discord client of a process: logged in with its shards for the discord role (a refused login
 * throws a DiscordFailure, one line saying what to fix, which main prints as is); for the briefings
 * role alone, a client that only calls the REST API. 'stopped' when a signal ended the login.
 */
async function discordClient(config: Config, roles: ReadonlySet<Role>, token: string, app: App, log: Logger, signal: AbortSignal) {
  const { LoginStopped, restClient, startBot } = await import('../discord/bot.js');
  if (!roles.has('discord')) return roles.has('briefings') ? restClient({ token, apiBase: config.discord.apiBase, log }) : null;
  const options = {
    token,
    apiBase: config.discord.apiBase,
    commands: app.commands,
    context: app,
    log,
    signal,
    shards: config.discord.shards,
  };
  return startBot(options).catch((error: unknown) => {
    if (error instanceof LoginStopped) return 'stopped' as const;
    throw error;
  });
}

/**
 * `newsbrief poll`: the poller alone until a signal; with --once, every due feed polled one time,
 * a line per feed that brought or lost something, and a summary line (or the reports as JSON).
 */
export async function commandPoll(config: Config, flags: Flags, io: CliIo): Promise<number> {
  if (!flags.once) return serveRoles(config, new Set<Role>(['poller']), undefined, io);
  return withApp(
    config,
    async (app) => {
      const sync = await loadSourcesFile(app.sourceDeps);
      // A round claims at most a batch of due feeds; rounds go on until none is left (each polled feed is
      // due again only after its interval, a claimed one after its lease: the loop ends).
      const reports: Awaited<ReturnType<typeof pollDue>> = [];
      for (let round = await pollDue(app.sourceDeps); round.length > 0; round = await pollDue(app.sourceDeps)) reports.push(...round);
      if (flags.json) {
        writeLine(io.stdout, JSON.stringify({ sourcesFile: sync, feeds: reports }));
        return 0;
      }
      const count = (result: string) => reports.filter((r) => r.result === result).length;
      const items = (outcome: string) => reports.reduce((sum, r) => sum + ((r.items as Record<string, number>)[outcome] ?? 0), 0);
      for (const r of reports)
        if (r.result === 'failed') writeLine(io.stdout, `feed #${r.feedId} ${escapeControls(redactUrl(r.error ?? 'failed'))}`);
      writeLine(
        io.stdout,
        `polled ${reports.length} due feed${reports.length === 1 ? '' : 's'}: ${count('polled')} with news, ${count('not-modified') + count('unchanged')} unchanged, ` +
          `${count('failed')} failed; ${items('added')} articles added, ${items('updated')} updated`,
      );
      return 0;
    },
    { commands: false },
  );
}

/** Starts the briefing scheduler on the Discord client: missed slots first, then each slot as it comes. */
async function startBriefings(app: App, discord: DiscordBriefingHooks, log: Logger): Promise<BriefingScheduler> {
  const scheduler = new BriefingScheduler({
    store: app.schedules,
    compose: (schedule, since, exclude) =>
      composeBriefing(app, { topics: schedule.topics, since, exclude, guildId: schedule.guildId, sources: schedule.sources }),
    poster: discord.poster,
    log,
    graceMs: app.config.briefings.graceMs,
    claimant: `${hostname()}:${process.pid}`,
    owns: discord.owns,
  });
  app.briefings.attach({ checkChannel: discord.checkChannel, checkMention: discord.checkMention, onChange: () => scheduler.refresh() });
  await scheduler.start();
  return scheduler;
}

/** Disabled-feed notices, posted by the process that posts briefings, into the channel of a server's first briefing. */
async function startNotices(app: App, discord: DiscordBriefingHooks, log: Logger): Promise<{ stop(): Promise<void> }> {
  const stores = { feeds: app.sourceDeps.feeds, schedules: app.schedules };
  return startFeedNotices({ stores, poster: discord.noticePoster, owns: discord.owns, log });
}

/** Starts the follow watcher beside the briefings (the same role): each new story on a followed topic, once. */
async function startFollows(app: App, discord: DiscordBriefingHooks, log: Logger): Promise<FollowWatcher> {
  const watcher = new FollowWatcher({
    store: app.followStore,
    poster: discord.followPoster,
    log,
    claimant: `${hostname()}:${process.pid}`,
    intervalMs: app.config.follows.checkMs,
    owns: discord.owns,
  });
  app.follows.attach({ checkChannel: discord.checkChannel, checkMention: discord.checkMention });
  await watcher.start();
  return watcher;
}

export async function commandDeploy(config: Config, flags: Flags, io: CliIo): Promise<number> {
  const token = config.discord.token;
  if (!token) throw new CliError('deploy-commands needs DISCORD_TOKEN (in the environment or .env)');
  if (flags.guild !== undefined && !/^\d{17,20}$/.test(flags.guild))
    throw new CliError(`--guild expects a server id (17-20 digits), got "${flags.guild}"`);
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
    // The console answers as the discord role would; it polls unless another process has that role.
    const polls = config.roles.includes('poller');
    const poller = polls ? startPolling(app.sourceDeps) : { stop: async () => {} };
    const retention = polls ? startRetentionOf(app, createLogger(config.logLevel, io.stderr)) : { stop() {} };
    try {
      await runConsole(app.commands, app, { input: io.stdin, output: io.stdout, prompt: io.stdin.isTTY ?? false });
    } finally {
      retention.stop();
      await poller.stop();
    }
    return 0;
  });
}
