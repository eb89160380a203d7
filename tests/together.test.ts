import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { summarizeGiven } from '../src/news/news.js';
import { createCitationChecker } from '../src/summarize/citations/index.js';
import { countWords, ExtractiveSummarizer } from '../src/summarize/index.js';
import { runCli } from './support/cli.js';

const DIR = 'tests/fixtures/together/';
const WIRE = `${DIR}port-strike-wire.txt`;
const TIMES = `${DIR}port-strike-times.txt`;
const LIBRARY = `${DIR}library-reopens.txt`;
const NOT_ARTICLE = `${DIR}not-an-article.txt`;
// Three outlets' reports of one bridge accident, and a council vote: two stories, one much more reported.
const BRIDGE = ['bridge-courier.txt', 'bridge-herald.txt', 'bridge-gazette.txt'].map((f) => `tests/fixtures/stories/${f}`);
const COUNCIL = 'tests/fixtures/stories/council-cycling.txt';

const read = (file: string): Article => buildArticle({ origin: file, format: 'text', content: readFileSync(file, 'utf8') });

interface Together {
  files: string[];
  topic: string | null;
  sentences: { text: string; sources: string[] }[];
  summarizer: string;
}

async function together(args: string[]): Promise<Together> {
  const { code, stdout, stderr } = await runCli(['summarize', '--together', '--json', ...args]);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return JSON.parse(stdout) as Together;
}

/** Every (sentence, cited file) pair holds: one sentence of that file says it (ADR 14). */
function expectCitationsHold(summary: Together): void {
  const articles = summary.files.map((f) => ({ ...read(f), id: f }));
  const checker = createCitationChecker(articles);
  for (const s of summary.sentences) {
    expect(s.sources.length).toBeGreaterThan(0);
    for (const file of s.sources) expect(checker.holds(file, s.text), `${file} holds "${s.text}"`).toBe(true);
  }
}

describe('newsbrief summarize --together', () => {
  it('prints one JSON object with every file, the topic and cited sentences', async () => {
    const summary = await together([LIBRARY, WIRE, TIMES, '--sentences', '2']);
    expect(Object.keys(summary).sort()).toEqual(['files', 'sentences', 'summarizer', 'topic']);
    expect(summary.files).toEqual([LIBRARY, WIRE, TIMES]);
    expect(summary.topic).toBeNull();
    expect(summary.summarizer).toBe('extractive');
    expect(summary.sentences).toHaveLength(2);
    for (const s of summary.sentences) for (const f of s.sources) expect(summary.files).toContain(f);
  });

  it('cites every outlet that carries a sentence, and only those', async () => {
    const summary = await together([LIBRARY, WIRE, TIMES, '--sentences', '3']);
    const wire = summary.sentences.find((s) => s.text.startsWith('Dock workers at the port of Tarnby walked off'));
    expect(wire?.sources.sort()).toEqual([TIMES, WIRE].sort());
    expectCitationsHold(summary);
  });

  it('spreads its sentences over the stories, even when one story has three outlets and the other one', async () => {
    const summary = await together([...BRIDGE, COUNCIL, '--sentences', '2']);
    const cited = summary.sentences.flatMap((s) => s.sources);
    expect(cited).toContain(COUNCIL);
    expect(cited.some((f) => BRIDGE.includes(f))).toBe(true);
    expectCitationsHold(summary);
  });

  it('keeps the whole summary within --words, in whole sentences of the articles, and fills it', async () => {
    const articles = [...BRIDGE, COUNCIL, LIBRARY, WIRE, TIMES];
    const bodies = articles.map((f) => read(f).paragraphs.join('\n'));
    for (const words of [25, 60, 120]) {
      const summary = await together([...articles, '--words', String(words)]);
      const used = summary.sentences.reduce((n, s) => n + countWords(s.text), 0);
      expect(used).toBeLessThanOrEqual(words);
      expect(used).toBeGreaterThan(words / 2);
      for (const s of summary.sentences) expect(bodies.some((b) => b.includes(s.text))).toBe(true);
      expectCitationsHold(summary);
    }
  });

  it('cuts the best sentence only when no whole sentence fits the budget, and says so with an ellipsis', async () => {
    const summary = await together([WIRE, TIMES, '--words', '6']);
    expect(summary.sentences).toHaveLength(1);
    expect(summary.sentences[0]!.text).toBe('Dock workers at the port of…');
    expect(countWords(summary.sentences[0]!.text)).toBeLessThanOrEqual(6);
    expectCitationsHold(summary);
  });

  it('keeps to the topic when one is given', async () => {
    const summary = await together([LIBRARY, WIRE, TIMES, '--topic', 'library', '--sentences', '2']);
    expect(summary.topic).toBe('library');
    expect(summary.sentences.length).toBeGreaterThan(0);
    for (const s of summary.sentences) expect(s.sources).toEqual([LIBRARY]);
  });

  it('prints readable text with numbered file citations without --json', async () => {
    const { code, stdout } = await runCli(['summarize', '--together', LIBRARY, WIRE, TIMES, '--sentences', '2']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/Dock workers at the port of Tarnby[^\n]*\[2\]\[3\]|Dock workers at the port of Tarnby[^\n]*\[3\]\[2\]/);
    expect(stdout).toContain(`[1] ${LIBRARY}\n[2] ${WIRE}\n[3] ${TIMES}`);
  });

  it('reports a file that is not an article on stderr and summarizes the rest (exit 1)', async () => {
    const { code, stdout, stderr } = await runCli(['summarize', '--together', '--json', WIRE, NOT_ARTICLE, LIBRARY]);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toEqual([`newsbrief: ${NOT_ARTICLE}: no article text found`]);
    expect((JSON.parse(stdout) as Together).files).toEqual([WIRE, LIBRARY]);
  });

  it.each([
    [['--words', '50', '--sentences', '2', WIRE], 'give --words or --sentences, not both'],
    [['--words', 'many', WIRE], '--words expects a whole number'],
    [['--words', '0', WIRE], '--words expects a whole number'],
    [[], 'needs at least one article file'],
    [[NOT_ARTICLE], 'none of the files given is an article'],
  ])('refuses bad input in one line: %j', async (args, message) => {
    const { code, stdout, stderr } = await runCli(['summarize', '--together', ...args]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n').at(-1)).toContain(message);
  });

  it('refuses --words without --together', async () => {
    const { code, stderr } = await runCli(['summarize', WIRE, '--words', '40']);
    expect(code).toBe(1);
    expect(stderr).toContain('add --together');
  });
});

describe('summaries over stories (the /summary step)', () => {
  it('spreads a summary over the stories the store gives', async () => {
    const articles = [...BRIDGE, COUNCIL].map(read);
    const refs = articles.map((a, i) => ({ id: a.id, title: a.title, url: null, source: null, published: null, story: i < 3 ? 7 : 9 }));
    const result = await summarizeGiven(new ExtractiveSummarizer(), { topic: '', refs, articles, maxSentences: 2 });
    const stories = new Set(result.sentences.flatMap((s) => s.sources).map((id) => refs.find((r) => r.id === id)!.story));
    expect([...stories].sort()).toEqual([7, 9]);
  });

  it('leaves a summary without stories or a word budget as it was (single article)', async () => {
    const article = read(BRIDGE[0]!);
    const summary = await new ExtractiveSummarizer().summarize({ articles: [article], maxSentences: 2 });
    expect(summary.sentences.map((s) => s.text)).toEqual([
      'A cargo ship struck the Halden harbour bridge early on Monday, forcing the authorities to close the crossing to all traffic while engineers inspect the damage to its central span.',
      "The vessel, the Nordic Oriole, lost power as it left the container terminal shortly after 5 a.m. and drifted into one of the bridge's concrete piers, the port authority said.",
    ]);
  });
});
