/** When the LLM summary fails, the extractive one answers instead, and the reply says so. */
import type { Logger } from '../../log.js';
import type { Summarizer, Summary, SummaryRequest } from '../common/index.js';
import { type FailureReason, SummarizerFailure } from './failure.js';

export interface FallbackOptions {
  /** How the primary is named in "extractive (openai failed: timeout)". */
  label: string;
  logger?: Logger;
}

/** The generator name for a fallback answer: which summarizer answered, and why the other did not. */
export function fallbackGenerator(fallbackName: string, label: string, failure: SummarizerFailure): string {
  const verb = failure.reason === 'skipped' ? 'skipped' : 'failed';
  const why = failure.reason === 'skipped' ? 'repeated failures' : failure.reason;
  return `${fallbackName} (${label} ${verb}: ${why})`;
}

// What each failure means to a reader of the footer.
const IN_WORDS: Record<FailureReason, string> = {
  timeout: 'the model did not answer in time',
  'rate-limited': 'the model server asked us to slow down',
  error: 'the model server returned an error',
  refusal: 'the model declined to answer',
  length: 'the model answer was cut off',
  'invalid-output': 'the model answer was not in the form asked for',
  unverified: 'too little of what the model wrote could be found in the articles',
  skipped: 'the model server failed several times in a row and is being rested',
};

function fallbackNote(label: string, failure: SummarizerFailure): string {
  const detail = failure.detail ? ` (${failure.detail})` : '';
  return `The ${label} summary was not used: ${IN_WORDS[failure.reason]}${detail}. These sentences are taken word for word from the articles.`;
}

export function withFallback(primary: Summarizer, fallback: Summarizer, options: FallbackOptions): Summarizer {
  return {
    name: primary.name,
    async summarize(request: SummaryRequest): Promise<Summary> {
      try {
        return await primary.summarize(request);
      } catch (error) {
        // The caller gave up: there is no one left to answer.
        if (request.signal?.aborted) throw error;
        // Only the failure's reason is kept: an unexpected error's message could carry anything, keys included.
        const failure =
          error instanceof SummarizerFailure ? error : new SummarizerFailure('error', error instanceof Error ? error.name : undefined);
        if (!(error instanceof SummarizerFailure)) options.logger?.warn(`summarizer ${primary.name} threw ${failure.message}`);
        const summary = await fallback.summarize(request);
        return {
          sentences: summary.sentences,
          generator: fallbackGenerator(fallback.name, options.label, failure),
          notes: [fallbackNote(options.label, failure), ...(summary.notes ?? [])],
        };
      }
    },
  };
}
