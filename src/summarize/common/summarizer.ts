/** The one interface every summarizer implements; wrappers (fallback, cache) compose over it. */

/** What a summarizer may read of an article. */
export interface SummarizableArticle {
  id: string;
  title: string;
  paragraphs: string[];
  published: string | null;
}

export interface SummaryRequest {
  /** The topic as the user typed it; absent for a single-article summary. */
  topic?: string;
  /** The topic and its expansions (iran -> Iranian, Tehran), lowercased; empty when there is no topic. */
  terms?: string[];
  /** Articles in rank order (most relevant first). */
  articles: SummarizableArticle[];
  maxSentences: number;
  /** When given, the whole summary stays within this many words (whole sentences; see countWords). */
  maxWords?: number;
  /**
   * The story each article reports, parallel to `articles` (same number = same event, any outlet):
   * a summary of several stories spreads its sentences over them. Absent: every article its own.
   */
  stories?: readonly number[];
  signal?: AbortSignal;
}

export interface SummarySentence {
  text: string;
  /** Ids of the articles the sentence came from. */
  sources: string[];
}

export interface Summary {
  sentences: SummarySentence[];
  /** The name of the summarizer that produced it, shown to users. */
  generator: string;
  notes?: string[];
}

export interface Summarizer {
  readonly name: string;
  summarize(request: SummaryRequest): Promise<Summary>;
}

/** Words as a reader counts them: whitespace-separated runs holding a letter or digit ("U.S." is one, "—" none). */
export function countWords(text: string): number {
  return text.match(/\S*[\p{L}\p{N}]\S*/gu)?.length ?? 0;
}
