import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliIo, main } from '../src/cli.js';
import { createLogger, describeError, type Logger } from '../src/log.js';
import { ingestUrl, loadSourcesFile, type SourcesDeps } from '../src/news/sources.js';
import { isSecretParameter, redactUrl } from '../src/redact.js';
import { FetchError, guardedFetch } from '../src/sources/fetch.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { SqliteFeeds } from '../src/store/sqlite-feeds.js';
import { ExtractiveSummarizer } from '../src/summarize/index.js';
import { withFallback } from '../src/summarize/llm/index.js';
import { OpenAISummarizer } from '../src/summarize/openai/index.js';
import { makeArticle } from './support/articles.js';
import { textSink } from './support/cli.js';
import { HttpFake, respond } from './support/http-fake.js';
import { OpenAIFake } from './support/openai-fake.js';

const SECRETS = ['hunter2', 'SECRET-KEY-123', 'tok-999', 'sig-abc'];

function expectNoSecret(text: string): void {
  for (const secret of SECRETS) expect(text).not.toContain(secret);
}

/** A logger that keeps every line exactly as the caller wrote it, so redaction must happen before the logger. */
function rawLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const keep = (m: string) => void lines.push(m);
  return { logger: { debug: keep, info: keep, warn: keep, error: keep }, lines };
}

describe('redactUrl', () => {
  it('drops the user name and password of any URL, found anywhere in free text', () => {
    expect(redactUrl('OPENAI_BASE_URL=http://user:hunter2@llm.example/v1 failed')).toBe('OPENAI_BASE_URL=http://***@llm.example/v1 failed');
    expect(redactUrl('source ftp://user:hunter2@files.example/feed.xml is not http')).toBe(
      'source ftp://***@files.example/feed.xml is not http',
    );
    expect(redactUrl('"https://tok-999@git.example/repo"')).toBe('"https://***@git.example/repo"');
  });

  it('hides the values of secret-looking query and fragment parameters, keeping the rest', () => {
    expect(redactUrl('http://llm.example/v1?api-key=SECRET-KEY-123&model=x')).toBe('http://llm.example/v1?api-key=***&model=x');
    expect(redactUrl('https://s3.example/a?X-Amz-Signature=sig-abc&X-Amz-Credential=AKIA%2F1&page=2')).toBe(
      'https://s3.example/a?X-Amz-Signature=***&X-Amz-Credential=***&page=2',
    );
    expect(redactUrl('https://app.example/cb#access_token=tok-999&state=1')).toBe('https://app.example/cb#access_token=***&state=1');
    expect(redactUrl('see https://feeds.example/rss?token=tok-999.')).toBe('see https://feeds.example/rss?token=***.');
  });

  it('leaves ordinary URLs and text alone', () => {
    for (const text of [
      'https://mastodon.social/@reporter said so',
      'https://news.example/2025/03/story.html?author=kim&keyword=oil&page=2',
      'no address here, only user:pass@words',
      'http://[::1]:8080/feed.xml',
    ]) {
      expect(redactUrl(text)).toBe(text);
    }
  });

  it('knows the usual names of credentials in query strings', () => {
    for (const name of [
      'key',
      'api-key',
      'api_key',
      'apikey',
      'apiKey',
      'token',
      'access_token',
      'accessToken',
      'secret',
      'client_secret',
      'password',
      'sig',
      'signature',
      'auth',
      'auth_token',
    ]) {
      expect(isSecretParameter(name), name).toBe(true);
    }
    for (const name of ['author', 'keyword', 'monkey', 'page', 'id', 'q', 'design']) expect(isSecretParameter(name), name).toBe(false);
  });
});

describe('credentials never reach logs, errors or output', () => {
  let server: HttpFake;
  let openai: OpenAIFake;
  let dir: string;

  beforeAll(async () => {
    server = await HttpFake.start();
    server.route('/gone.xml', respond(410, 'gone'));
    openai = await OpenAIFake.start();
    dir = mkdtempSync(join(tmpdir(), 'nb-redact-'));
  });

  afterAll(async () => {
    await server.close();
    await openai.close();
  });

  it('redacts every line the logger writes and every error it describes, as a last line of defence', () => {
    const stream = textSink();
    createLogger('debug', stream).warn('feed http://user:hunter2@feeds.example/rss?key=SECRET-KEY-123 failed');
    expect(stream.text()).toContain('feed http://***@feeds.example/rss?key=*** failed');
    expectNoSecret(stream.text());
    expectNoSecret(describeError(new Error('connect to http://u:hunter2@db.example failed')));
  });

  it('names the URL a fetch failed on without its secrets', async () => {
    const url = `${server.url('/gone.xml')}?api_key=SECRET-KEY-123`;
    const error = await guardedFetch(url, { maxBytes: 1024, timeoutMs: 2000, allowLoopback: [server.port] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FetchError);
    expect((error as FetchError).message).toContain('HTTP 410');
    expectNoSecret((error as FetchError).message);
    expectNoSecret((error as FetchError).url);
    const refused = await guardedFetch('http://user:hunter2@news.example/feed', {
      maxBytes: 1024,
      timeoutMs: 2000,
      allowLoopback: false,
    }).catch((e: unknown) => e);
    expect((refused as FetchError).message).toMatch(/credentials refused/);
    expectNoSecret((refused as FetchError).message);
  });

  it('ingest URL: the failure and the --json report name the URL without its credentials', async () => {
    const url = server.url('/gone.xml').replace('http://', 'http://user:hunter2@') + '?token=tok-999';
    const db = join(dir, 'ingest.db');
    for (const json of [false, true]) {
      const io = { stdout: textSink(), stderr: textSink(), stdin: process.stdin } as unknown as CliIo & {
        stdout: ReturnType<typeof textSink>;
        stderr: ReturnType<typeof textSink>;
      };
      // Loopback is refused here (the default), which is itself a failure naming the URL.
      const code = await main(['ingest', url, '--db', db, ...(json ? ['--json'] : [])], io);
      expect(code).toBe(1);
      const printed = io.stdout.text() + io.stderr.text();
      expect(printed).toContain('127.0.0.1');
      expectNoSecret(printed);
    }
  });

  it('a one-off ingest report and the sources file error keep credentials out', async () => {
    const store = new SqliteStore(':memory:');
    const deps: SourcesDeps = {
      store,
      feeds: new SqliteFeeds(store.database),
      fetch: { maxBytes: 1024 * 1024, timeoutMs: 2000, allowLoopback: [server.port] },
      pollIntervalMs: 600_000,
    };
    const report = await ingestUrl(deps, `${server.url('/gone.xml')}?access_token=tok-999`);
    expect(report.failed).toHaveLength(1);
    expect(report.failed[0]?.reason).toContain('HTTP 410');
    expectNoSecret(JSON.stringify(report));
    const file = join(dir, 'sources.json');
    writeFileSync(file, JSON.stringify({ feeds: ['ftp://user:hunter2@files.example/feed.xml'] }));
    const error = await loadSourcesFile({ ...deps, sourcesFile: file }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(error?.message).toContain('ftp://***@files.example/feed.xml');
    expectNoSecret(String(error?.message));
    await store.close();
  });

  it('an LLM endpoint holding user:password and ?api-key= is logged without them, on every failure', async () => {
    const articles = [
      makeArticle({
        title: 'Port expansion approved',
        paragraphs: ['The harbour board approved the expansion of the container port on Tuesday.'],
      }),
    ];
    const { host } = new URL(openai.baseUrl);
    for (const baseUrl of [`http://user:hunter2@${host}/v1`, `http://${host}/v1?api-key=SECRET-KEY-123`]) {
      const { logger, lines } = rawLogger();
      const summarizer = new OpenAISummarizer({
        model: 'fake-model',
        apiKey: 'sk-test',
        baseUrl,
        outputMode: 'json_object',
        deadlineMs: 2000,
        inputTokenBudget: 6000,
        retry: { maxAttempts: 1, sleep: async () => {} },
        logger,
      });
      expectNoSecret(summarizer.endpoint);
      const answer = await withFallback(summarizer, new ExtractiveSummarizer(), { label: 'openai', logger }).summarize({
        articles,
        maxSentences: 1,
      });
      expect(answer.generator).toMatch(/^extractive \(openai failed/);
      expect(lines.some((line) => line.includes(`failed`) && line.includes(host))).toBe(true);
      expectNoSecret(lines.join('\n'));
      expectNoSecret(JSON.stringify(answer));
    }
  });
});
