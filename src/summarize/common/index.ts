/** What every summarizer shares: the Summarizer interface, and the words and text forms they compare. */
export { normaliseForMatch, numberTokens, stripInvisibleControls } from './normalise.js';
export {
  createStemmer,
  createVocabulary,
  idSet,
  isStopWord,
  type Overlap,
  overlap,
  type Stemmer,
  stem,
  termCounter,
  type Vocabulary,
  wordTokens,
} from './similarity.js';
export {
  countWords,
  type SummarizableArticle,
  type Summarizer,
  type Summary,
  type SummaryRequest,
  type SummarySentence,
} from './summarizer.js';
