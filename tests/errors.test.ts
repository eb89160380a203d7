/** One error language: what each reader is told for our own errors, the operator's, and everything else. */
import { describe, expect, it } from 'vitest';
import { NotAnArticleError } from '../src/articles/article.js';
import { CliError } from '../src/cli/shared.js';
import { ConfigError } from '../src/config.js';
import { DiscordFailure } from '../src/discord/api-errors.js';
import {
  describeForLog,
  describeForUser,
  FOR_OPERATOR,
  IN_CONSOLE,
  IN_DISCORD,
  IN_FEED_STATUS,
  IN_REPORT,
  ShownError,
  UsageError,
} from '../src/errors.js';
import { SourceError } from '../src/news/sources.js';
import { TopicSyntaxError } from '../src/news/topic-query.js';
import { CharsetError } from '../src/sources/charset.js';
import { FeedError } from '../src/sources/feeds.js';
import { FetchError, UNREACHABLE_ADDRESS } from '../src/sources/fetch.js';
import { InputFileError } from '../src/sources/files.js';
import { OpmlError } from '../src/sources/opml.js';
import { CopyError } from '../src/store/copy.js';
import { StoreOpenError } from '../src/store/errors.js';
import { LocalModelError } from '../src/summarize/local/local-model.js';

const EVERY_WORDING = [IN_DISCORD, FOR_OPERATOR, IN_CONSOLE, IN_REPORT, IN_FEED_STATUS];

describe('describeForUser', () => {
  it('shows a mistake the reader can fix in its own words, to every reader', () => {
    const mistakes = [
      new UsageError('id: give the briefing number shown by /briefing list'),
      new TopicSyntaxError('a closing "'),
      new SourceError('"ftp://x" is not a web address (expected http:// or https://)'),
      new FeedError('the feed declares its own XML entities'),
      new OpmlError('subs.opml is not an OPML file'),
      new CharsetError('unknown character encoding "x-klingon"'),
      new NotAnArticleError('no article text found'),
      new InputFileError('a.txt: larger than 1 MB'),
    ];
    for (const error of mistakes) {
      expect(error).toBeInstanceOf(ShownError);
      for (const wording of EVERY_WORDING) expect(describeForUser(error, wording)).toBe(error.message);
    }
  });

  it("shows the operator's errors to the operator only; a server member reads the generic line", () => {
    const setup = [
      new ConfigError('invalid setting DISCORD_TOKEN: Required'),
      new StoreOpenError('data/newsbrief.db is from a newer version of newsbrief'),
      new CopyError('--from and --to name the same database (a.db)'),
      new DiscordFailure('could not register the slash commands: Discord refused the token (HTTP 401)'),
      new CliError('--db expects a database file path, got an empty value'),
      new LocalModelError('the model file models/x.gguf does not exist'),
    ];
    for (const error of setup) {
      expect(describeForUser(error, FOR_OPERATOR)).toBe(error.message);
      expect(describeForUser(error, IN_CONSOLE)).toBe(error.message);
      expect(describeForUser(error, IN_DISCORD)).toBe('Sorry, something went wrong while answering. Please try again in a moment.');
      expect(describeForUser(error, IN_FEED_STATUS)).toBe('unexpected error');
    }
  });

  it('tells a member the same for an address that is not public and one that does not exist; the operator reads which', () => {
    const refused = new FetchError(
      'refused-address',
      'http://wiki.corp.internal/feed',
      'refused: wiki.corp.internal is not a public address',
    );
    const unknown = new FetchError('dns', 'http://nothing.corp.internal/feed', 'host not found');
    expect([refused, unknown].map((e) => describeForUser(e, IN_DISCORD))).toEqual([UNREACHABLE_ADDRESS, UNREACHABLE_ADDRESS]);
    expect(describeForUser(refused, FOR_OPERATOR)).toBe(
      'http://wiki.corp.internal/feed: refused: wiki.corp.internal is not a public address',
    );
    expect(describeForUser(unknown, IN_REPORT)).toBe('http://nothing.corp.internal/feed: host not found');
    const gone = new FetchError('http-status', 'http://example.com/feed', 'HTTP 410', 410);
    expect(describeForUser(gone, IN_DISCORD)).toBe('http://example.com/feed: HTTP 410');
  });

  it('words anything else as a generic line: its first line for the operator, nothing of it for a member', () => {
    const bug = new TypeError("Cannot read properties of undefined (reading 'id')\n    at handle (commands/x.ts:1:1)");
    expect(describeForUser(bug, IN_DISCORD)).toBe('Sorry, something went wrong while answering. Please try again in a moment.');
    expect(describeForUser(bug, FOR_OPERATOR)).toBe("unexpected error: Cannot read properties of undefined (reading 'id')");
    expect(describeForUser(bug, IN_CONSOLE)).toBe("could not answer: Cannot read properties of undefined (reading 'id')");
    expect(describeForUser(bug, IN_REPORT)).toBe("could not be processed: Cannot read properties of undefined (reading 'id')");
    expect(describeForUser(bug, IN_FEED_STATUS)).toBe('unexpected error');
    expect(describeForUser('a string was thrown', FOR_OPERATOR)).toBe('unexpected error: a string was thrown');
    expect(describeForUser(undefined, IN_DISCORD)).toBe(IN_DISCORD.otherwise);
  });

  it("never shows a credential, in our own messages or anyone else's", () => {
    const ours = new UsageError('cannot read https://bot:hunter2@example.com/feed?api_key=s3cret');
    const theirs = new Error('connect ECONNREFUSED postgres://newsbrief:hunter2@db.internal:5432/newsbrief');
    for (const wording of EVERY_WORDING) {
      for (const error of [ours, theirs]) expect(describeForUser(error, wording)).not.toMatch(/hunter2|s3cret/);
    }
    expect(describeForUser(ours, IN_DISCORD)).toBe('cannot read https://***@example.com/feed?api_key=***');
    expect(describeForLog(theirs)).toBe('Error: connect ECONNREFUSED postgres://***@db.internal:5432/newsbrief');
  });

  it("shows Node's own command-line errors to the operator as they are", () => {
    const parse = Object.assign(new TypeError("Unknown option '--limt'"), { code: 'ERR_PARSE_ARGS_UNKNOWN_OPTION' });
    expect(describeForUser(parse, FOR_OPERATOR)).toBe("Unknown option '--limt'");
    expect(describeForUser(parse, IN_DISCORD)).toBe(IN_DISCORD.otherwise);
  });
});
