/** The `newsbrief` command: start (Discord or console), ingest, clean, and one-shot answers. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { commandBriefing, commandPrune, commandQuery, commandRemove } from './cli/answers.js';
import { commandFromModule, type FlagValues, flagsOf } from './cli/commands.js';
import { commandCopy } from './cli/copy.js';
import { commandClean, commandIngest, commandStories, commandSummarize } from './cli/files.js';
import { commandConsole, commandDeploy, commandPoll, commandStart } from './cli/serve.js';
import { CliError, type CliIo, type Flags, writeLine } from './cli/shared.js';
import { commandSources } from './cli/sources.js';
import { commandTrend } from './cli/trend.js';
import type { Command } from './command.js';
import { loadCommands } from './command-registry.js';
import { type Config, loadConfig, parseRoles } from './config.js';
import { describeForUser, FOR_OPERATOR } from './errors.js';
import { escapeControls } from './text-safety.js';

export type { CliIo } from './cli/shared.js';

const USAGE = `usage: newsbrief <command> [options]

  start [--roles LIST]          Discord when DISCORD_TOKEN is set (until SIGINT/SIGTERM), else the console; --roles
                                (or NEWSBRIEF_ROLES) runs a subset of discord,poller,briefings in this process
  poll [--once]                 the feed poller alone (until SIGINT/SIGTERM); --once: every due feed polled one time
  console                       the console face (the demo, with samples, when nothing is configured)
  ingest PATH|URL...            index article files and folders (recursive), or one feed or page per URL
  sources import FILE.opml      add the feeds of an OPML file as operator-wide sources
  sources list|export           the operator-wide feeds with their state, or as OPML on stdout [--guild ID: a server's]
  sources remove ID...|enable ID  stop reading feeds, or read a disabled one again [--guild ID: a server's]
  clean FILE...                 each file's cleaned article, one JSON object per line
  headlines [TOPIC] [--limit N] latest headlines, optionally on a topic
  summary TOPIC [--sentences N] a cited summary of a topic
  quotes TOPIC [--speaker NAME] direct quotes on a topic
  trend TOPIC [--days N] [--png FILE]  stories per day on a topic over the last N days (default 30, at most 365),
                                the busiest days' stories; --png also writes the chart as a PNG
  summarize FILE... [--sentences N]  each file summarised on its own, one JSON object per line
  summarize --together FILE... [--words N | --sentences N] [--topic T]
                                the files summarised as one set, each sentence citing the files that hold it
  stories FILE...               group article files into stories (one event, any outlet), no database
  stories [TOPIC] --db PATH     the index's stories, newest (or on TOPIC, best-ranked) first [--limit N] [--json]
  briefing TOPICS...            the briefing a channel would get now (topics comma-separated)
  remove ID...                  delete articles from the index by id
  prune --older-than DAYS       delete articles published (undated: indexed) more than DAYS days ago
  deploy-commands [--guild ID]  register the slash commands with Discord (guild: instant; else global)
  copy --from DB --to DB        copy everything (articles, feeds, schedules, cache) between databases, SQLite
                                files or postgres:// URLs; what the target holds already is kept (run it again safely)
  COMMAND [TEXT] [--OPTION V]   any other slash command in commands/ (source, follow, ...), run once as the operator:
                                a subcommand as the first word, its options as flags (newsbrief source add --url URL);
                                --json prints the answer's view

options: --json (machine-readable output), --db PATH (database file; default NEWSBRIEF_DB or data/newsbrief.db)

Reading commands (headlines, summary, quotes, trend, briefing, remove, prune) need an existing database;
the sample articles are indexed only by the demo (start or console with nothing configured).`;

const OPTIONS = {
  json: { type: 'boolean' },
  db: { type: 'string' },
  limit: { type: 'string' },
  sentences: { type: 'string' },
  words: { type: 'string' },
  topic: { type: 'string' },
  together: { type: 'boolean' },
  speaker: { type: 'string' },
  guild: { type: 'string' },
  'older-than': { type: 'string' },
  once: { type: 'boolean' },
  roles: { type: 'string' },
  days: { type: 'string' },
  png: { type: 'string' },
  from: { type: 'string' },
  to: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

/** Commands whose words are a topic, where `-word` excludes a word rather than naming an option. */
const TOPIC_COMMANDS = new Set(['headlines', 'summary', 'quotes', 'briefing', 'stories', 'trend']);

/**
 * `newsbrief headlines iran -trump`: in a topic command, an argument that starts with one dash and
 * names no option of ours is a topic word (an exclusion), passed on after `--` as a positional.
 */
function topicWordsAsPositionals(argv: string[]): string[] {
  const end = argv.indexOf('--');
  const head = end < 0 ? argv : argv.slice(0, end);
  const command = head.find((arg) => !arg.startsWith('-'));
  if (!command || !TOPIC_COMMANDS.has(command)) return argv;
  const isOption = (arg: string) => arg.startsWith('--') || arg === '-h' || !/^-[^-\d]/.test(arg);
  const words = head.filter((arg) => !isOption(arg));
  if (words.length === 0) return argv;
  return [...head.filter(isOption), '--', ...words, ...(end < 0 ? [] : argv.slice(end + 1))];
}

type Verb = (config: Config, args: string[], flags: Flags, io: CliIo) => Promise<number>;

/** The verbs with flags or output of their own; any other command in commands/ runs through commandFromModule. */
const VERBS: Record<string, Verb> = {
  start: (config, _args, flags, io) =>
    commandStart(flags.roles !== undefined ? { ...config, roles: parseRoles(flags.roles, '--roles') } : config, io),
  poll: (config, _args, flags, io) => commandPoll(config, flags, io),
  briefing: commandBriefing,
  copy: (_config, args, flags, io) => commandCopy(args, flags, io),
  'deploy-commands': (config, _args, flags, io) => commandDeploy(config, flags, io),
  console: (config, _args, _flags, io) => commandConsole(config, io),
  sources: commandSources,
  ingest: commandIngest,
  clean: (config, args, _flags, io) => commandClean(config, args, io),
  summarize: commandSummarize,
  stories: commandStories,
  remove: commandRemove,
  prune: commandPrune,
  trend: commandTrend,
  headlines: (config, args, flags, io) => commandQuery('headlines', config, args, flags, io),
  summary: (config, args, flags, io) => commandQuery('summary', config, args, flags, io),
  quotes: (config, args, flags, io) => commandQuery('quotes', config, args, flags, io),
};

/** The command module a command line names when it names no verb of ours (commands are loaded only then). */
async function moduleNamed(args: string[]): Promise<Command | undefined> {
  const [name] = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: false }).positionals;
  if (!name || name === 'help' || Object.hasOwn(VERBS, name)) return undefined;
  return (await loadCommands()).get(name);
}

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  try {
    const args = topicWordsAsPositionals(argv);
    const module = await moduleNamed(args);
    // A command module's options are flags too (--url, --id): its definition names them.
    const parsed = parseArgs({ args, options: { ...(module ? flagsOf(module) : {}), ...OPTIONS }, allowPositionals: true, strict: true });
    const flags = parsed.values as Flags & FlagValues;
    const [name = 'start', ...rest] = parsed.positionals;
    if (flags.help || name === 'help') {
      writeLine(io.stdout, USAGE);
      return 0;
    }
    // An empty --db (an unset shell variable) must not quietly mean the default database in the checkout.
    if (flags.db !== undefined && flags.db.trim() === '') throw new CliError('--db expects a database file path, got an empty value');
    const base = loadConfig();
    const config: Config = flags.db !== undefined ? { ...base, dbPath: flags.db, dbConfigured: true } : base;
    const verb = Object.hasOwn(VERBS, name) ? VERBS[name] : undefined;
    if (verb) return await verb(config, rest, flags, io);
    if (module) return await commandFromModule(module, config, rest, flags, io);
    throw new CliError(`unknown command "${name}" (try: newsbrief help)`);
  } catch (error) {
    // Our own errors are one line whatever they name (a newline in a file name shows as \n); any other, its first line.
    writeLine(io.stderr, `newsbrief: ${escapeControls(describeForUser(error, FOR_OPERATOR))}`);
    return 1;
  }
}
