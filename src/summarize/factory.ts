/** Chooses the summarizer from configuration. A new backend is a new file plus a case here. */
import type { Config } from '../config.js';
import type { Store } from '../store/store.js';
import { ExtractiveSummarizer } from './extractive.js';
import type { Summarizer } from './summarizer.js';

export interface SummarizerDeps {
  store: Store;
}

export function createSummarizer(config: Config, _deps: SummarizerDeps): Summarizer {
  switch (config.summarizer) {
    case 'extractive':
      return new ExtractiveSummarizer();
    case 'openai':
      throw new Error('SUMMARIZER=openai is not available in this build');
  }
}
