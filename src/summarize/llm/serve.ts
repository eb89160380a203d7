/** How every LLM summarizer is served: cached in the store, falling back to extractive (ADR 6), whatever the provider. */
import type { Logger } from '../../log.js';
import type { Summarizer } from '../common/index.js';
import { ExtractiveSummarizer } from '../extractive/index.js';
import { type CacheIdentity, type SummaryCacheStore, withCache } from './cache.js';
import { withFallback } from './fallback.js';

/** What serving needs from the application: where answers are cached, and where failures are logged. */
export interface ServeDeps {
  store: SummaryCacheStore;
  logger?: Logger;
}

/** The cache sits inside the fallback, so a fallback answer is never stored. `label` names the provider in the footer. */
export function serveLlm(llm: Summarizer, identity: CacheIdentity, label: string, deps: ServeDeps): Summarizer {
  const cached = withCache(llm, deps.store, identity, deps.logger);
  return withFallback(cached, new ExtractiveSummarizer(), { label, logger: deps.logger });
}
