import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildArticle } from '../src/articles/article.js';
import type { Article } from '../src/articles/model.js';
import { splitSentences } from '../src/articles/sentences.js';
import { summarizeTogether, type TogetherSummary } from '../src/cli/together.js';
import { createCitationChecker } from '../src/summarize/citations/index.js';
import { wordTokens } from '../src/summarize/common/index.js';
import { opensWithDanglingReference } from '../src/summarize/extractive/candidates.js';

// One flood told over four days by four reports: a warning, two outlets on the night itself (one a
// near-copy of the other), and the clean-up. Sentences opening "She said", "But", "It", "They".
const DIR = 'tests/fixtures/together/';
const WARNING = `${DIR}flood-warning.txt`;
const LANDFALL = `${DIR}flood-landfall.txt`;
const WIRE = `${DIR}flood-wire.txt`;
const CLEANUP = `${DIR}flood-cleanup.txt`;
const FLOOD = [WARNING, LANDFALL, WIRE, CLEANUP];

const read = (file: string): Article => buildArticle({ origin: file, format: 'text', content: readFileSync(file, 'utf8') });

async function summarize(files: readonly string[], words: number, topic: string | null = null): Promise<TogetherSummary> {
  return summarizeTogether(
    files.map((file) => ({ file, article: read(file) })),
    { topic, maxSentences: 50, maxWords: words },
  );
}

/** The article's sentences in order, as the summarizer splits them. */
function sentencesOf(file: string): string[] {
  return read(file).paragraphs.flatMap((p) => splitSentences(p));
}

// Budgets from a couple of sentences to all of them, and the files in both orders.
const BUDGETS = [40, 60, 80, 100, 140, 200, 400];
const ORDERS = [FLOOD, [...FLOOD].reverse()];

describe('a summary of several articles reads out of context', () => {
  it('shows a sentence that leans back ("She said", "But") only right after the sentence it leans on', async () => {
    let leaning = 0;
    for (const files of ORDERS) {
      for (const words of BUDGETS) {
        const { sentences } = await summarize(files, words);
        sentences.forEach((s, i) => {
          if (!opensWithDanglingReference(s.text)) return;
          leaning++;
          const own = sentencesOf(s.sources[0]!);
          const before = own[own.indexOf(s.text) - 1];
          expect(sentences[i - 1]?.text, `"${s.text}" follows its own predecessor`).toBe(before);
        });
      }
    }
    // The rule is exercised: some leaning sentences are shown, each with the one it leans on.
    expect(leaning).toBeGreaterThan(0);
  });

  it('keeps the same rules on a topic, as /summary asks (a leaning sentence after its own predecessor, oldest first)', async () => {
    const published = new Map(FLOOD.map((f) => [f, read(f).published!]));
    for (const words of [60, 120, 400]) {
      const { sentences } = await summarize([...FLOOD].reverse(), words, 'marlow');
      expect(sentences.length).toBeGreaterThan(0);
      sentences.forEach((s, i) => {
        if (opensWithDanglingReference(s.text)) {
          const own = sentencesOf(s.sources[0]!);
          expect(sentences[i - 1]?.text).toBe(own[own.indexOf(s.text) - 1]);
        }
        if (i > 0) expect(published.get(sentences[i - 1]!.sources[0]!)! <= published.get(s.sources[0]!)!).toBe(true);
      });
    }
  });

  it('never opens the summary with a sentence that leans back, whatever the budget', async () => {
    for (const files of ORDERS) {
      for (const words of BUDGETS) {
        const { sentences } = await summarize(files, words);
        expect(sentences.length).toBeGreaterThan(0);
        expect(opensWithDanglingReference(sentences[0]!.text)).toBe(false);
      }
    }
  });

  it("keeps one of two outlets' near-identical sentences and cites both, the citations holding", async () => {
    const { files, sentences } = await summarize(FLOOD, 400);
    const articles = files.map((f) => ({ ...read(f), id: f }));
    const checker = createCitationChecker(articles);
    const rescued = sentences.filter((s) => s.text.startsWith('Fire crews rescued 14 people'));
    expect(rescued).toHaveLength(1);
    expect([...rescued[0]!.sources].sort()).toEqual([LANDFALL, WIRE].sort());
    for (const s of sentences) for (const f of s.sources) expect(checker.holds(f, s.text), `${f} holds "${s.text}"`).toBe(true);
    // No two sentences of the summary say the same thing in nearly the same words.
    const words = sentences.map((s) => new Set(wordTokens(s.text)));
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 1; j < words.length; j++) {
        const shared = [...words[i]!].filter((w) => words[j]!.has(w)).length;
        expect(shared / (words[i]!.size + words[j]!.size - shared), `${sentences[i]!.text} / ${sentences[j]!.text}`).toBeLessThan(0.6);
      }
    }
  });

  it('tells a sequence of events in order: oldest article first, then place in the article, however the files are given', async () => {
    const published = new Map(FLOOD.map((f) => [f, read(f).published!]));
    for (const files of ORDERS) {
      for (const words of [100, 200, 400]) {
        const { sentences } = await summarize(files, words);
        const places = sentences.map((s) => ({
          date: published.get(s.sources[0]!)!,
          file: s.sources[0]!,
          at: sentencesOf(s.sources[0]!).indexOf(s.text),
        }));
        for (let i = 1; i < places.length; i++) {
          const [a, b] = [places[i - 1]!, places[i]!];
          expect(a.date <= b.date, `${a.file} (${a.date}) before ${b.file} (${b.date})`).toBe(true);
          if (a.file === b.file) expect(a.at).toBeLessThan(b.at);
        }
      }
    }
    const whole = await summarize([...FLOOD].reverse(), 400);
    expect(whole.sentences[0]!.sources[0]).toBe(WARNING);
    expect(whole.sentences.at(-1)!.sources[0]).toBe(CLEANUP);
  });
});
