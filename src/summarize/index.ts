/** The summarize stage as the rest of the code sees it: the Summarizer interface, the factory, and what every summary passes through. */

export { holdCitations } from './citations/index.js';
export {
  countWords,
  type SummarizableArticle,
  type Summarizer,
  type Summary,
  type SummaryRequest,
  type SummarySentence,
} from './common/index.js';
export type { SummarizerDeps } from './deps.js';
export { ExtractiveSummarizer } from './extractive/index.js';
export { createSummarizer } from './factory.js';
