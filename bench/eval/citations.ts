/**
 * Citation precision of multi-article summaries (ADR 14): each set of articles on one story is summarized
 * by the extractive summarizer, and every (sentence, cited article) pair is checked. "held" is the share
 * whose cited article holds the sentence under the measure (one of its sentences has >= 0.8 of the
 * sentence's content words in much the same order, its numbers, names and polarity); "verbatim" the share whose cited article
 * contains the sentence word for word, a stricter check that does not depend on the measure.
 * Before: the summarizer's own citations (near-duplicates merged). After: through holdCitations.
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCitationChecker } from '../../src/summarize/citations/index.js';
import { normaliseForMatch } from '../../src/summarize/common/index.js';
import { ExtractiveSummarizer, holdCitations, type SummarizableArticle, type Summary } from '../../src/summarize/index.js';
import type { EvalSection } from './table.js';

// About 250 words, the length quality.md §5 scores multi-article summaries at.
const SUMMARY_SENTENCES = 10;

interface ArticleSet {
  id: string;
  articles: SummarizableArticle[];
}

interface Tally {
  sentences: number;
  multiCited: number;
  pairs: number;
  held: number;
  verbatim: number;
}

/** Multi-News: documents are plain text with paragraphs separated by blank lines. */
async function multiNewsSets(path: string): Promise<ArticleSet[]> {
  const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim());
  return lines.map((line) => {
    const set = JSON.parse(line) as { set_id: string; documents: string[] };
    const articles = set.documents.map((text, i) => ({
      id: `${set.set_id}#${i + 1}`,
      title: '',
      published: null,
      paragraphs: text
        .split(/\n\s*\n/)
        .map((p) => p.replace(/\s+/g, ' ').trim())
        .filter((p) => p.length > 0),
    }));
    return { id: set.set_id, articles };
  });
}

/** BASIL: one event told by three outlets in their own words (few shared sentences, unlike wire copies). */
async function basilSets(path: string): Promise<ArticleSet[]> {
  const byEvent = new Map<string, SummarizableArticle[]>();
  for (const line of (await readFile(path, 'utf8')).split('\n')) {
    if (!line.trim()) continue;
    const doc = JSON.parse(line) as { doc_id: string; cluster: string | number; title: string; text: string };
    const articles = byEvent.get(String(doc.cluster)) ?? [];
    articles.push({
      id: doc.doc_id,
      title: doc.title,
      published: null,
      paragraphs: doc.text
        .split(/\n+/)
        .map((p) => p.trim())
        .filter((p) => p.length > 0),
    });
    byEvent.set(String(doc.cluster), articles);
  }
  return [...byEvent].map(([id, articles]) => ({ id, articles }));
}

function emptyTally(): Tally {
  return { sentences: 0, multiCited: 0, pairs: 0, held: 0, verbatim: 0 };
}

/** Adds one summary's citations to the tally, checked against the set's articles. */
function count(tally: Tally, summary: Summary, articles: SummarizableArticle[]): void {
  const checker = createCitationChecker(articles);
  const texts = new Map(articles.map((a) => [a.id, normaliseForMatch([a.title, ...a.paragraphs].join('\n'))]));
  for (const sentence of summary.sentences) {
    tally.sentences++;
    if (sentence.sources.length > 1) tally.multiCited++;
    const wanted = normaliseForMatch(sentence.text);
    for (const id of sentence.sources) {
      tally.pairs++;
      if (checker.holds(id, sentence.text)) tally.held++;
      if (texts.get(id)?.includes(wanted)) tally.verbatim++;
    }
  }
}

function row(name: string, stage: string, sets: number, t: Tally): (string | number)[] {
  return [
    name,
    stage,
    sets,
    t.sentences,
    t.pairs,
    t.pairs / Math.max(1, t.sentences),
    t.multiCited / Math.max(1, t.sentences),
    t.held / Math.max(1, t.pairs),
    t.verbatim / Math.max(1, t.pairs),
  ];
}

async function tallySets(sets: ArticleSet[]): Promise<{ before: Tally; after: Tally }> {
  const summarizer = new ExtractiveSummarizer();
  const before = emptyTally();
  const after = emptyTally();
  for (const set of sets) {
    const summary = await summarizer.summarize({ articles: set.articles, maxSentences: SUMMARY_SENTENCES });
    count(before, summary, set.articles);
    count(after, holdCitations(summary, set.articles), set.articles);
  }
  return { before, after };
}

export async function evaluateCitations(corpus: string): Promise<EvalSection | null> {
  const sources: [string, string, (path: string) => Promise<ArticleSet[]>][] = [
    ['multinews-val', join(corpus, 'multidoc', 'multinews-val.jsonl'), multiNewsSets],
    ['basil (3 outlets)', join(corpus, 'stories', 'basil.jsonl'), basilSets],
  ];
  const rows: (string | number)[][] = [];
  for (const [name, path, load] of sources) {
    if (!existsSync(path)) continue;
    const sets = (await load(path)).filter((s) => s.articles.length > 1);
    const { before, after } = await tallySets(sets);
    rows.push(row(name, 'before (merged duplicates)', sets.length, before), row(name, 'after (holdCitations)', sets.length, after));
  }
  if (rows.length === 0) return null;
  return {
    title: `Citation precision of ${SUMMARY_SENTENCES}-sentence extractive summaries of article sets (ADR 14)`,
    columns: ['sets', 'stage', 'n', 'sentences', 'citations', 'per sentence', 'multi-cited', 'held', 'verbatim'],
    rows,
    notes: [
      "held: share of (sentence, cited article) pairs where one sentence of the article has >= 0.8 of the summary sentence's",
      'content words, >= 0.6 of its adjacent content-word pairs (one break free), all its numbers and names, and the same',
      'negation; verbatim: the article has the sentence word for word. multi-cited: share of sentences citing 2+ articles.',
    ],
  };
}
