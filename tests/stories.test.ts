import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { groupArticles } from '../src/stories/group.js';
import { SAME_STORY_COSINE, StoryIndex } from '../src/stories/story-index.js';

const FIXTURES = 'tests/fixtures/stories/';
const article = (name: string): Article =>
  buildArticle({ origin: `${FIXTURES}${name}`, format: 'text', content: readFileSync(`${FIXTURES}${name}`, 'utf8') });

const BRIDGE = ['bridge-courier.txt', 'bridge-herald.txt', 'bridge-gazette.txt'];
const REHAB = ['rehab-vale.txt', 'rehab-reyes.txt'];
const ALL = [...BRIDGE, ...REHAB, 'council-cycling.txt'];

/** The stories of the named fixtures, each as the sorted list of its file names. */
function storiesOf(names: string[], change: (a: Article) => Article = (a) => a): string[][] {
  return groupArticles(names.map((name) => change(article(name))))
    .map((story) => story.articles.map((i) => names[i]!).sort())
    .sort((a, b) => a[0]!.localeCompare(b[0]!));
}

describe('grouping articles into stories', () => {
  it('puts three outlets’ reports of one event, in their own words, in one story', () => {
    expect(storiesOf(ALL)).toContainEqual([...BRIDGE].sort());
  });

  it('keeps two celebrities entering rehab the same week apart, though their reports share nearly every other word', () => {
    const index = new StoryIndex();
    const [vale, reyes] = REHAB.map((name) => index.add(article(name)));
    expect(vale!.story).not.toBe(reyes!.story);
    // The words alone would join them: the names are what keeps them apart.
    expect(index.similarity(0, 1)).toBeGreaterThan(SAME_STORY_COSINE);
    expect(storiesOf(ALL)).toEqual(expect.arrayContaining([['rehab-vale.txt'], ['rehab-reyes.txt']]));
  });

  it('leaves an unrelated article of the same days in a story of its own', () => {
    expect(storiesOf(ALL)).toContainEqual(['council-cycling.txt']);
    expect(storiesOf(ALL)).toHaveLength(4);
  });

  it('starts a new story for a report published weeks after the others', () => {
    const late = (a: Article) => (a.origin.endsWith('bridge-gazette.txt') ? { ...a, published: '2025-04-20' } : a);
    expect(storiesOf(BRIDGE, late)).toEqual([['bridge-courier.txt', 'bridge-herald.txt'], ['bridge-gazette.txt']]);
  });

  it('groups undated reports by their words and names alone', () => {
    expect(storiesOf(ALL, (a) => ({ ...a, published: null }))).toHaveLength(4);
  });

  it('finds the same stories whatever order the articles arrive in', () => {
    const reversed = [...ALL].reverse();
    expect(storiesOf(reversed)).toEqual(storiesOf(ALL));
  });

  it('keeps pairing reports right once thousands of words and stories are indexed', () => {
    // 400 made-up events, each told twice in other orders and with other filler; every word unique to its event.
    const word = (event: number, k: number) => {
      let n = event * 8 + k;
      let letters = '';
      for (let i = 0; i < 3; i++, n = Math.floor(n / 26)) letters += String.fromCharCode(97 + (n % 26));
      return `q${letters}x`;
    };
    const report = (event: number, second: boolean) => {
      const w = Array.from({ length: 8 }, (_, k) => word(event, k));
      const [a, b, c, d, e, f, g, h] = second ? [w[1], w[0], w[4], w[5], w[2], w[3], w[7], w[6]] : w;
      return {
        title: `${a} ${b} ${c} ${d}`,
        paragraphs: [
          `${second ? 'Reports say' : 'Officials confirmed'} ${a} and ${b} met ${c} over ${d}.`,
          `The ${e} ${f} followed ${g} ${h}.`,
        ],
        entities: [a!],
        published: '2025-05-01',
      };
    };
    const index = new StoryIndex();
    const stories = Array.from({ length: 400 }, (_, event) => [
      index.add(report(event, false)).story,
      index.add(report(event, true)).story,
    ]);
    expect(stories.every(([first, second]) => first === second)).toBe(true);
    expect(new Set(stories.map(([first]) => first)).size).toBe(400);
  });

  it('heads a story with its most central report’s headline', () => {
    const [bridge] = groupArticles(BRIDGE.map(article));
    expect(BRIDGE.map((name) => article(name).title)).toContain(bridge!.title);
  });
});

describe('newsbrief stories FILE...', () => {
  const run = promisify(execFile);
  const newsbrief = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', ['bin/newsbrief.js', ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };

  it('prints one JSON line per story, every file in exactly one', async () => {
    const files = ALL.map((name) => `${FIXTURES}${name}`);
    const { code, stdout } = await newsbrief(['stories', ...files, '--json']);
    expect(code).toBe(0);
    const stories = stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { title: string; files: string[] });
    expect(stories).toHaveLength(4);
    expect(stories.flatMap((s) => s.files).sort()).toEqual([...files].sort());
    const bridge = stories.find((s) => s.files.length === 3)!;
    expect(bridge.files.sort()).toEqual(BRIDGE.map((name) => `${FIXTURES}${name}`).sort());
    expect(bridge.title).toMatch(/Halden/);
  });

  it('reports a file that holds no article on stderr, leaves it out and exits 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nb-stories-'));
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '\n\n');
    const { code, stdout, stderr } = await newsbrief(['stories', `${FIXTURES}bridge-courier.txt`, empty, '--json']);
    expect(code).toBe(1);
    expect(stderr).toContain('empty.txt');
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => (JSON.parse(line) as { files: string[] }).files),
    ).toEqual([[`${FIXTURES}bridge-courier.txt`]]);
  });

  it('lists stories readably without --json', async () => {
    const { code, stdout } = await newsbrief(['stories', ...BRIDGE.map((name) => `${FIXTURES}${name}`)]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\(3 articles\)\n {2}tests\/fixtures\/stories\/bridge-/);
  });
});
