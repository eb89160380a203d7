/** What the application hands the summarizer factory: each provider's stack names what it needs, so none imports the factory. */
import type { Store } from '../store/store.js';
import type { LocalStackDeps } from './local/index.js';
import type { OpenAIStackDeps } from './openai/index.js';

export interface SummarizerDeps extends OpenAIStackDeps, LocalStackDeps {
  store: Store;
}
