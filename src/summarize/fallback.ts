/** When the LLM summary fails, the extractive one answers instead, and the reply says so. */
import type { Logger } from '../log.js';
import { SummarizerFailure } from './failure.js';
import type { Summarizer, Summary, SummaryRequest } from './summarizer.js';

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

function fallbackNote(label: string, failure: SummarizerFailure): string {
  const detail = failure.detail ? ` (${failure.detail})` : '';
  return `The ${label} summary was not used: ${failure.reason}${detail}. These sentences are taken word for word from the articles.`;
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
        const failure = error instanceof SummarizerFailure ? error : new SummarizerFailure('error', error instanceof Error ? error.name : undefined);
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
