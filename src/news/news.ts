/** The use cases every face calls: headlines, summary, quotes. Plain data in, plain data out. */

import type { ArticleRef, SearchOptions, Store } from '../store/store.js';
import { holdCitations, type SummarizableArticle, type Summarizer } from '../summarize/index.js';
import { lowerWords } from '../text.js';
import { rankedStories, type StoryHeadline, withOtherReports } from './stories.js';
import { expandTopic, queryPhrases } from './topics.js';
import { storyTrend, type TrendQuery, type TrendResult } from './trend.js';

/** One line per story: its best-ranked report, and the other reports of the same story (other outlets). */
export type Headline = StoryHeadline;

export interface HeadlinesQuery {
  topic?: string;
  limit?: number;
  offset?: number;
  /** Whose articles: a guild sees the operator's plus its own; null only the operator's; absent all (store.ts). */
  guildId?: string | null;
}

export interface HeadlinesResult {
  topic: string | null;
  headlines: Headline[];
  /** True when another page of results exists after this one. */
  hasMore: boolean;
}

export interface SummaryResult {
  topic: string;
  sentences: { text: string; sources: string[] }[];
  /** The cited articles, in order of first citation. */
  sources: ArticleRef[];
  summarizer: string;
  notes?: string[];
}

export interface QuoteResult {
  text: string;
  speaker: string | null;
  article: ArticleRef;
}

export interface QuotesQuery {
  topic: string;
  speaker?: string;
  limit?: number;
  /** Whose articles: a guild sees the operator's plus its own; null only the operator's; absent all (store.ts). */
  guildId?: string | null;
}

export const DEFAULT_HEADLINES = 10;
export const DEFAULT_SUMMARY_SENTENCES = 3;
export const DEFAULT_QUOTES = 10;
// How many top-ranked articles a summary or a quote list draws from.
const SUMMARY_ARTICLES = 12;
const QUOTE_ARTICLES = 30;
/** Quotes are first looked for in this many top articles that hold any. */
const QUOTE_FIRST_ARTICLES = 12;

export interface NewsDeps {
  store: Store;
  summarizer: Summarizer;
  /** The clock that says which day is today (/trend); Date.now unless given. */
  now?: () => number;
}

/** True when every word of the wanted name occurs in the speaker's name ("trump" matches "Donald Trump"). */
function speakerMatches(speaker: string | null, wanted: string): boolean {
  if (!speaker) return false;
  const have = new Set(lowerWords(speaker));
  const want = lowerWords(wanted);
  return want.length > 0 && want.every((word) => have.has(word));
}

/** The scope option to pass on: only when a scope was given, so "absent" stays absent. */
function scoped(guildId: string | null | undefined): { guildId?: string | null } {
  return guildId === undefined ? {} : { guildId };
}

/** A ref with the story it reports, when known (ArticleRef.story; the same number is the same event). */
type StoryRef = ArticleRef & { story?: number | null };

/** Articles already in hand, with their refs (same order), and how long a summary of them may be. */
export interface GivenArticles {
  topic: string;
  refs: readonly StoryRef[];
  articles: readonly SummarizableArticle[];
  maxSentences: number;
  maxWords?: number;
  signal?: AbortSignal;
}

/** The refs' story numbers for the summarizer; absent when none is known, a number of its own for each unknown one. */
export function storiesOf(refs: readonly StoryRef[]): number[] | undefined {
  if (refs.every((r) => r.story === undefined || r.story === null)) return undefined;
  // Negative numbers never clash with the store's story numbers.
  return refs.map((r, i) => r.story ?? -1 - i);
}

/** The summary step every face shares (/summary, briefings, summarize --together): summarize, then hold citations. */
export async function summarizeGiven(summarizer: Summarizer, given: GivenArticles): Promise<SummaryResult> {
  const { topic, refs, articles } = given;
  const stories = storiesOf(refs);
  const answer = await summarizer.summarize({
    topic,
    terms: queryPhrases(expandTopic(topic)),
    articles: [...articles],
    maxSentences: given.maxSentences,
    ...(given.maxWords !== undefined ? { maxWords: given.maxWords } : {}),
    ...(stories ? { stories } : {}),
    signal: given.signal,
  });
  // Every summary, whichever summarizer or cache made it, cites only articles that hold its sentences (ADR 14).
  const summary = holdCitations(answer, articles);
  const refById = new Map(refs.map((r) => [r.id, r]));
  const cited = [...new Set(summary.sentences.flatMap((s) => s.sources))].filter((id) => refById.has(id));
  return {
    topic,
    sentences: summary.sentences.map((s) => ({ text: s.text, sources: s.sources.filter((id) => refById.has(id)) })),
    sources: cited.map((id) => refById.get(id)!),
    summarizer: summary.generator,
    ...(summary.notes?.length ? { notes: summary.notes } : {}),
  };
}

export class News {
  constructor(private readonly deps: NewsDeps) {}

  get summarizerName(): string {
    return this.deps.summarizer.name;
  }

  /** One headline per story, newest (or, on a topic, best-ranked) first; `offset` and `limit` count stories. */
  async headlines(query: HeadlinesQuery = {}): Promise<HeadlinesResult> {
    const limit = query.limit ?? DEFAULT_HEADLINES;
    const offset = query.offset ?? 0;
    const topic = query.topic?.trim() || null;
    const scope = scoped(query.guildId);
    const { store } = this.deps;
    const read = topic
      ? (options: SearchOptions) => store.search(expandTopic(topic), options)
      : (options: SearchOptions) => store.latest(options);
    const { leads, more } = await rankedStories(read, scope, offset, limit);
    return { topic, headlines: await withOtherReports(store, leads, scope), hasMore: more };
  }

  async summary(
    topic: string,
    maxSentences = DEFAULT_SUMMARY_SENTENCES,
    signal?: AbortSignal,
    guildId?: string | null,
  ): Promise<SummaryResult> {
    const refs = await this.deps.store.search(expandTopic(topic), { limit: SUMMARY_ARTICLES, ...scoped(guildId) });
    return this.summarizeArticles(topic, refs, maxSentences, signal);
  }

  /** Summarises the given articles (in rank order) on a topic; every sentence keeps its sources. */
  async summarizeArticles(topic: string, refs: ArticleRef[], maxSentences: number, signal?: AbortSignal): Promise<SummaryResult> {
    if (refs.length === 0) {
      return { topic, sentences: [], sources: [], summarizer: this.deps.summarizer.name, notes: ['no articles on this topic'] };
    }
    const articles = await this.deps.store.get(refs.map((r) => r.id));
    return summarizeGiven(this.deps.summarizer, { topic, refs, articles, maxSentences, signal });
  }

  /** Stories on a topic per UTC day over the last `days` days (today included), and the busiest days' top stories. */
  async trend(query: TrendQuery): Promise<TrendResult> {
    return storyTrend(this.deps.store, query, (this.deps.now ?? Date.now)());
  }

  /** Topic suggestions for autocomplete: names the caller's guild can see (all, when absent), frequent and recent first. */
  async suggestTopics(prefix: string, limit = 25, guildId?: string | null): Promise<string[]> {
    return this.deps.store.suggestTopics(prefix, limit, guildId);
  }

  async quotes(query: QuotesQuery): Promise<QuoteResult[]> {
    const topic = expandTopic(query.topic);
    const limit = query.limit ?? DEFAULT_QUOTES;
    const wanted = query.speaker?.trim();
    const found: QuoteResult[] = [];
    // Only articles that quote somebody are ranked, so the top few usually hold enough; the next
    // ones are read only when they do not (a speaker asked for, say).
    for (const [offset, count] of [
      [0, QUOTE_FIRST_ARTICLES],
      [QUOTE_FIRST_ARTICLES, QUOTE_ARTICLES - QUOTE_FIRST_ARTICLES],
    ] as const) {
      const refs = await this.deps.store.search(topic, { limit: count, offset, withQuotes: true, ...scoped(query.guildId) });
      for (const q of await this.deps.store.quotesOf(refs.map((r) => r.id))) {
        if (!wanted || speakerMatches(q.speaker, wanted)) found.push({ text: q.text, speaker: q.speaker, article: q.article });
      }
      if (found.length >= limit || refs.length < count) break;
    }
    return found.slice(0, limit);
  }
}
