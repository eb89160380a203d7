import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SEED = 'data/articles/townhall-iran-rejects-direct-talks.txt';
let dir: string;

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `newsbrief` bin in a child process with a clean environment. */
async function newsbrief(args: string[], env: Record<string, string> = {}): Promise<Outcome> {
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEWSBRIEF_DB: join(dir, 'cli.db') };
  try {
    const { stdout, stderr } = await run('node', ['bin/newsbrief.js', ...args], { env: { ...base, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
});

describe('newsbrief CLI', () => {
  it('clean --json prints one object per file with the article fields', async () => {
    const { code, stdout } = await newsbrief(['clean', '--json', SEED]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(Object.keys(record)).toEqual(expect.arrayContaining(['file', 'title', 'section', 'byline', 'published', 'source', 'body', 'paragraphs', 'quotes']));
    expect(record.file).toBe(SEED);
    expect(record.title).toBe("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(record.section).toBe('Tipsheet');
    expect(record.paragraphs).toHaveLength(6);
    expect(record.body).toBe(record.paragraphs.join('\n\n'));
    expect(record.quotes.map((q: { speaker: string }) => q.speaker)).toEqual(['Masoud Pezeshkian', 'Donald Trump', 'Donald Trump']);
  });

  it('summary --json cites the seed for iran, indexing the sample data on first use', async () => {
    const { code, stdout } = await newsbrief(['summary', 'iran', '--json', '--sentences', '2']);
    expect(code).toBe(0);
    const summary = JSON.parse(stdout);
    expect(summary.topic).toBe('iran');
    expect(summary.summarizer).toBe('extractive');
    expect(summary.sentences).toHaveLength(2);
    const ids = new Set(summary.sources.map((s: { id: string }) => s.id));
    for (const sentence of summary.sentences) {
      expect(sentence.sources.length).toBeGreaterThan(0);
      for (const id of sentence.sources) expect(ids.has(id)).toBe(true);
    }
    const titles = summary.sources.map((s: { title: string }) => s.title);
    expect(titles).toContain("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
  });

  it('quotes --json --speaker keeps only that speaker, each quote with its article', async () => {
    const { code, stdout } = await newsbrief(['quotes', 'iran', '--speaker', 'Trump', '--json']);
    expect(code).toBe(0);
    const quotes = JSON.parse(stdout);
    expect(quotes.length).toBeGreaterThanOrEqual(2);
    for (const q of quotes) {
      expect(q.speaker).toContain('Trump');
      expect(q.article).toMatchObject({ id: expect.any(String), title: expect.any(String) });
    }
  });

  it('summarize prints one object per file without touching a database', async () => {
    const db = join(dir, 'never-created.db');
    const { code, stdout } = await newsbrief(['summarize', SEED, 'data/articles/ledger-council-bike-lanes.txt', '--sentences', '2'], { NEWSBRIEF_DB: db });
    expect(code).toBe(0);
    const records = stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((r) => r.file)).toEqual([SEED, 'data/articles/ledger-council-bike-lanes.txt']);
    for (const r of records) {
      expect(r.sentences).toHaveLength(2);
      expect(r.summarizer).toBe('extractive');
    }
    expect(records[0].title).toBe("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(existsSync(db)).toBe(false);
  });

  it('fails bad usage and bad input with exit 1 and one line on stderr, no stack trace', async () => {
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const cases: [string[], RegExp][] = [
      [['summary'], /^newsbrief: summary needs a TOPIC/],
      [['headlines', '--limit', 'many'], /^newsbrief: --limit expects a whole number/],
      [['frobnicate'], /^newsbrief: unknown command "frobnicate"/],
      [['clean', '--bogus'], /^newsbrief: Unknown option '--bogus'/],
      [['clean', empty], /^newsbrief: .*empty\.txt: empty file$/],
      [['clean', join(dir, 'missing.txt')], /missing\.txt: no such file or folder$/],
    ];
    for (const [args, pattern] of cases) {
      const { code, stderr } = await newsbrief(args);
      expect(code, args.join(' ')).toBe(1);
      expect(stderr.trim().split('\n'), args.join(' ')).toHaveLength(1);
      expect(stderr.trim()).toMatch(pattern);
      expect(stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('names a bad setting without showing its value', async () => {
    const { code, stderr } = await newsbrief(['headlines'], { NEWSBRIEF_MAX_FILE_MB: 'hunter2-secret' });
    expect(code).toBe(1);
    expect(stderr.trim()).toMatch(/^newsbrief: invalid setting NEWSBRIEF_MAX_FILE_MB/);
    expect(stderr).not.toContain('hunter2-secret');
  });

  it('ingest reports added, then unchanged on a second run', async () => {
    const env = { NEWSBRIEF_DB: join(dir, 'ingest.db') };
    const first = await newsbrief(['ingest', 'data/articles', '--json'], env);
    expect(first.code).toBe(0);
    const report = JSON.parse(first.stdout);
    expect(report.added).toBeGreaterThanOrEqual(6);
    expect(report.failed).toEqual([]);
    const second = JSON.parse((await newsbrief(['ingest', 'data/articles', '--json'], env)).stdout);
    expect(second).toEqual({ added: 0, updated: 0, unchanged: report.added, failed: [] });
  });

  it('briefing TOPICS prints the briefing a channel would get, one line for a topic with nothing', async () => {
    const { code, stdout } = await newsbrief(['briefing', 'iran,', 'mars']);
    expect(code).toBe(0);
    expect(stdout).toContain('Briefing: iran, mars');
    expect(stdout).toContain('## iran');
    expect(stdout).toContain("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(stdout).toContain('Nothing new on mars since the last briefing.');
  });

  it('briefing says a topic is covered above rather than "nothing new" when an earlier topic listed its articles', async () => {
    const { stdout } = await newsbrief(['briefing', 'iran,', 'oman']);
    expect(stdout).toContain('Oman Expands Sohar Port as Gulf Shipping Grows');
    expect(stdout).toContain('What is new on oman is listed above.');
    expect(stdout).not.toContain('Nothing new on oman');
  });
});
