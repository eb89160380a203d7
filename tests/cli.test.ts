import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** Runs `newsbrief start` with no stdin (the console ends at once) in a folder of its own, so data/ is that folder's. */
function start(cwd: string, env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve) => {
    const child = spawn('node', [join(process.cwd(), 'bin/newsbrief.js'), 'start'], {
      cwd,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

/** A dated text dump written by the team: headline, menu, date line, a body of three paragraphs around the lead. */
function page(title: string, date: string, lead: string): string {
  const body = [
    lead,
    'Officials said the change followed months of consultation with residents, business owners and the regional transport board, which had asked for a clearer plan.',
    'A spokesperson for the council said further details would be published next month, once the budget for the coming year has been approved by the full assembly.',
  ];
  return [
    `${title} - The Test Courier`,
    'Home',
    'World',
    'Sport',
    'World',
    title,
    date,
    ...body,
    'Recommended',
    'Other news of the day',
  ].join('\n\n');
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nb-cli-'));
  // The one-shot answers below read the sample articles, indexed explicitly as an operator would.
  expect((await newsbrief(['ingest', 'data/articles'])).code).toBe(0);
});

describe('newsbrief CLI', () => {
  it('clean --json prints one object per file with the article fields', async () => {
    const { code, stdout } = await newsbrief(['clean', '--json', SEED]);
    expect(code).toBe(0);
    const lines = stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const record = JSON.parse(lines[0]!);
    expect(Object.keys(record)).toEqual(
      expect.arrayContaining([
        'file',
        'title',
        'section',
        'byline',
        'published',
        'publishedFrom',
        'source',
        'body',
        'paragraphs',
        'quotes',
      ]),
    );
    expect(record.file).toBe(SEED);
    expect(record.title).toBe("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(record.section).toBe('Tipsheet');
    // The seed page states no date anywhere: undated, and no origin.
    expect([record.published, record.publishedFrom]).toEqual([null, null]);
    expect(record.paragraphs).toHaveLength(6);
    expect(record.body).toBe(record.paragraphs.join('\n\n'));
    expect(record.quotes.map((q: { speaker: string }) => q.speaker)).toEqual(['Masoud Pezeshkian', 'Donald Trump', 'Donald Trump']);
  });

  it('takes -word after a topic as an exclusion, not an option, wherever it stands', async () => {
    const all = JSON.parse((await newsbrief(['headlines', 'iran', '--json'])).stdout) as { headlines: { title: string }[] };
    const some = await newsbrief(['headlines', 'iran', '-metro', '--json']);
    expect(some.code).toBe(0);
    const titles = (JSON.parse(some.stdout) as { topic: string; headlines: { title: string }[] }).headlines.map((h) => h.title);
    expect(all.headlines.map((h) => h.title)).toContain("Tehran's New Metro Line Opens to Riders");
    expect(titles).not.toContain("Tehran's New Metro Line Opens to Riders");
    expect(titles.length).toBe(all.headlines.length - 1);
    const unknown = await newsbrief(['headlines', 'iran', '--metro']);
    expect([unknown.code, unknown.stderr]).toEqual([1, expect.stringMatching(/Unknown option '--metro'/)]);
  });

  it('summary --json cites the seed for iran', async () => {
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
    const { code, stdout } = await newsbrief(['summarize', SEED, 'data/articles/ledger-council-bike-lanes.txt', '--sentences', '2'], {
      NEWSBRIEF_DB: db,
    });
    expect(code).toBe(0);
    const records = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
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
    expect(second).toMatchObject({ added: 0, updated: 0, unchanged: report.added, failed: [] });
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

  it('answers a reading command on a database that does not exist with one line, creating nothing', async () => {
    for (const args of [
      ['headlines'],
      ['summary', 'iran'],
      ['quotes', 'iran'],
      ['briefing', 'iran'],
      ['remove', 'abc'],
      ['prune', '--older-than', '3'],
    ]) {
      const db = join(dir, 'nowhere', 'new.db');
      const { code, stdout, stderr } = await newsbrief([...args, '--db', db]);
      expect(code, args.join(' ')).toBe(1);
      expect(stdout).toBe('');
      expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^newsbrief: no database at .*new\.db/)]);
      expect(existsSync(join(dir, 'nowhere')), args.join(' ')).toBe(false);
    }
  });

  it('removes articles by id and says which ids it did not find', async () => {
    const env = { NEWSBRIEF_DB: join(dir, 'remove.db') };
    await newsbrief(['ingest', 'data/articles'], env);
    const before = JSON.parse((await newsbrief(['headlines', 'oman', '--json'], env)).stdout).headlines as { id: string; title: string }[];
    const oman = before.find((h) => h.title.startsWith('Oman Expands Sohar Port'))!;
    const removed = await newsbrief(['remove', oman.id, '0000000000000000', '--json'], env);
    expect(removed.code).toBe(1);
    expect(JSON.parse(removed.stdout)).toEqual({ removed: [oman.id], missing: ['0000000000000000'] });
    expect(removed.stderr.trim()).toBe('not found: 0000000000000000');
    const after = JSON.parse((await newsbrief(['headlines', 'oman', '--json'], env)).stdout).headlines as { id: string }[];
    expect(after.map((h) => h.id)).not.toContain(oman.id);
    expect((await newsbrief(['quotes', 'oman', '--json'], env)).stdout).not.toContain(oman.id);
  });

  it('prunes articles older than a number of days by their publication date', async () => {
    const folder = join(dir, 'prune-pages');
    mkdirSync(folder);
    const today = new Date();
    const daysAgo = (n: number) => new Date(today.getTime() - n * 86_400_000).toISOString().slice(0, 10);
    writeFileSync(
      join(folder, 'old.txt'),
      page(
        'Old ferry timetable withdrawn',
        daysAgo(40),
        'The ferry company withdrew its winter timetable after complaints from island residents about the early departures.',
      ),
    );
    writeFileSync(
      join(folder, 'new.txt'),
      page(
        'New ferry timetable published',
        daysAgo(2),
        'The ferry company published a new timetable with later departures on weekdays and an extra crossing on Sundays.',
      ),
    );
    const env = { NEWSBRIEF_DB: join(dir, 'prune.db') };
    expect(JSON.parse((await newsbrief(['ingest', folder, '--json'], env)).stdout).added).toBe(2);
    expect((await newsbrief(['prune', '--older-than', 'many'], env)).stderr).toMatch(/^newsbrief: --older-than expects a whole number/);
    const pruned = await newsbrief(['prune', '--older-than', '30', '--json'], env);
    expect(pruned.code).toBe(0);
    expect(JSON.parse(pruned.stdout).removed).toBe(1);
    const left = JSON.parse((await newsbrief(['headlines', '--json'], env)).stdout).headlines as { title: string }[];
    expect(left.map((h) => h.title)).toEqual(['New ferry timetable published']);
  });

  it('indexes the samples only into the demo database, and keeps them out of a database the operator names', async () => {
    const home = join(dir, 'fresh-clone');
    mkdirSync(join(home, 'data', 'articles'), { recursive: true });
    writeFileSync(
      join(home, 'data', 'articles', 'sample.txt'),
      page(
        'Sample lighthouse reopens',
        '2025-03-02',
        'A fictional lighthouse reopened to visitors after a long restoration of its lamp and stairs.',
      ),
    );
    writeFileSync(
      join(home, 'data', 'articles', 'second.txt'),
      page('Sample bridge repainted', '2025-03-03', 'A fictional bridge was repainted in its original green over the winter months.'),
    );
    const demo = await start(home);
    expect(demo.code).toBe(0);
    expect(demo.stderr).toMatch(/2 articles \(the demo: sample articles\) indexed/);

    // Deleting a sample file removes its article from the demo database on the next start.
    rmSync(join(home, 'data', 'articles', 'second.txt'));
    expect((await start(home)).stderr).toMatch(
      /1 articles \(the demo: sample articles\) indexed \(0 new, 0 updated, 1 removed as their files are gone\)/,
    );

    // A database the operator names gets no samples, and one that had them (from an older version) loses them.
    const named = await start(home, { NEWSBRIEF_DB: join(home, 'data', 'newsbrief.db') });
    expect(named.stderr).toContain('removed 1 sample articles');
    expect(named.stderr).toMatch(/0 articles indexed/);
    const real = await start(home, { NEWSBRIEF_DB: join(home, 'real.db') });
    expect(real.stderr).toMatch(/0 articles indexed in .*real\.db/);
    expect(readFileSync(join(home, 'data', 'articles', 'sample.txt'), 'utf8')).toContain('lighthouse');
  });
});
