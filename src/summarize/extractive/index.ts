/** The extractive summarizer (sentences picked verbatim, no model) and the scoring the LLM budget reuses. */
export { articleCandidates, type Candidate, isFragment } from './candidates.js';
export { ExtractiveSummarizer, requestTerms } from './extractive.js';
export { centralityScores, pickSentences, scoreSentence, TOPIC_WEIGHTS } from './scoring.js';
