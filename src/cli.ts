/** The `newsbrief` command: start (Discord or console), ingest, clean, and one-shot answers. */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { loadConfig, parseRoles, type Config } from './config.js';
import { describeForUser, FOR_OPERATOR } from './errors.js';
import { escapeControls } from './text-safety.js';
import { type CliIo, CliError, writeLine } from './cli/shared.js';
import { commandIngest, commandClean, commandSummarize, commandStories } from './cli/files.js';
import { commandSources } from './cli/sources.js';
import { commandQuery, commandBriefing, commandRemove, commandPrune } from './cli/answers.js';
import { commandStart, commandDeploy, commandConsole, commandPoll } from './cli/serve.js';
import { commandCopy } from './cli/copy.js';
import { commandTrend } from './cli/trend.js';
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

export async function main(argv: string[], io: CliIo = process): Promise<number> {
  try {
    const { values: flags, positionals } = parseArgs({ args: topicWordsAsPositionals(argv), options: OPTIONS, allowPositionals: true, strict: true });
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
        return await commandStart(flags.roles !== undefined ? { ...config, roles: parseRoles(flags.roles, '--roles') } : config, io);
      case 'poll':
        return await commandPoll(config, flags, io);
      case 'briefing':
        return await commandBriefing(config, args, flags, io);
      case 'copy':
        return await commandCopy(args, flags, io);
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
      case 'trend':
        return await commandTrend(config, args, flags, io);
      case 'headlines':
      case 'summary':
      case 'quotes':
        return await commandQuery(name, config, args, flags, io);
      default:
        throw new CliError(`unknown command "${name}" (try: newsbrief help)`);
    }
  } catch (error) {
    // Our own errors are one line whatever they name (a newline in a file name shows as \n); any other, its first line.
    writeLine(io.stderr, `newsbrief: ${escapeControls(describeForUser(error, FOR_OPERATOR))}`);
    return 1;
  }
}

