/** `newsbrief summarize --together FILE...`: the given article files summarized as one set, through /summary's own step. */
import type { Article } from '../articles/model.js';
import { DEFAULT_SUMMARY_SENTENCES, summarizeGiven } from '../news/news.js';
import type { ArticleRef } from '../store/store.js';
import { groupArticles } from '../stories/group.js';
import { ExtractiveSummarizer, type Summarizer } from '../summarize/index.js';
import { escapeControls } from '../text-safety.js';
import { CliError, type CliIo, type Flags, positiveInt, writeLine } from './shared.js';

// A word budget is met with whole sentences, so it needs room for a few; sentences are capped as /summary's are.
const MAX_WORDS = 5000;
const MAX_SENTENCES = 50;

/** One article read from a file, named by that file. */
export interface NamedArticle {
  file: string;
  article: Article;
}

export interface TogetherOptions {
  topic: string | null;
  maxSentences: number;
  /** When given, the whole summary stays within this many words (whole sentences). */
  maxWords?: number;
}

/** The answer, as printed by --json: every sentence cites the files that hold it (ADR 14). */
export interface TogetherSummary {
  files: string[];
  topic: string | null;
  sentences: { text: string; sources: string[] }[];
  summarizer: string;
  notes?: string[];
}

/** The articles' refs with a story number each: the stories the given articles form (in the order given). */
export function refsWithStories(articles: readonly Article[]): ArticleRef[] {
  const storyOf: number[] = [];
  groupArticles(articles).forEach((story, s) => {
    for (const i of story.articles) storyOf[i] = s;
  });
  return articles.map((a, i) => ({
    id: a.id,
    title: a.title,
    url: a.url,
    source: a.source,
    published: a.published,
    story: storyOf[i] ?? null,
  }));
}

/** Summarizes the articles as one set, as /summary does, and names each citation by its file. */
export async function summarizeTogether(
  named: readonly NamedArticle[],
  options: TogetherOptions,
  summarizer: Summarizer = new ExtractiveSummarizer(),
): Promise<TogetherSummary> {
  const files = named.map((n) => n.file);
  const articles = named.map((n) => n.article);
  const fileOf = new Map<string, string>();
  for (const n of named) if (!fileOf.has(n.article.id)) fileOf.set(n.article.id, n.file);
  const result = await summarizeGiven(summarizer, {
    topic: options.topic ?? '',
    refs: refsWithStories(articles),
    articles,
    maxSentences: options.maxSentences,
    ...(options.maxWords !== undefined ? { maxWords: options.maxWords } : {}),
  });
  return {
    files,
    topic: options.topic,
    sentences: result.sentences.map((s) => ({ text: s.text, sources: s.sources.map((id) => fileOf.get(id) ?? id) })),
    summarizer: result.summarizer,
    ...(result.notes?.length ? { notes: result.notes } : {}),
  };
}

/** The length flags: --words N or --sentences N, never both; --words alone lifts the sentence count to its cap. */
export function togetherOptions(flags: Flags): TogetherOptions {
  if (flags.words !== undefined && flags.sentences !== undefined) throw new CliError('give --words or --sentences, not both');
  const topic = flags.topic?.trim() || null;
  if (flags.words !== undefined) return { topic, maxSentences: MAX_SENTENCES, maxWords: positiveInt('words', flags.words, 0, MAX_WORDS) };
  return { topic, maxSentences: positiveInt('sentences', flags.sentences, DEFAULT_SUMMARY_SENTENCES, MAX_SENTENCES) };
}

/** Readable text: numbered sentences, each with its files' numbers, then the numbered files. */
export function renderTogether(summary: TogetherSummary): string {
  const number = new Map(summary.files.map((f, i) => [f, i + 1]));
  const lines = summary.sentences.map((s) => `${escapeControls(s.text)} ${s.sources.map((f) => `[${number.get(f) ?? '?'}]`).join('')}`);
  if (lines.length === 0) lines.push('(no sentence to show)');
  for (const note of summary.notes ?? []) lines.push(`note: ${escapeControls(note)}`);
  lines.push('', ...summary.files.map((f, i) => `[${i + 1}] ${escapeControls(f)}`), `(${summary.summarizer})`);
  return lines.join('\n');
}

/** The command body: reads the files (each bad one reported on stderr), summarizes the good ones as one set. */
export async function commandTogether(
  flags: Flags,
  io: CliIo,
  readAll: (use: (file: string, article: Article) => void) => Promise<number>,
): Promise<number> {
  const options = togetherOptions(flags);
  const named: NamedArticle[] = [];
  const failures = await readAll((file, article) => void named.push({ file, article }));
  if (named.length === 0) throw new CliError('summarize --together: none of the files given is an article');
  const summary = await summarizeTogether(named, options);
  writeLine(io.stdout, flags.json ? JSON.stringify(summary) : renderTogether(summary));
  return failures > 0 ? 1 : 0;
}
