/** Chooses the summarizer from configuration. A new backend is a new file plus a case here. */
import { ConfigError, type Config } from '../config.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/store.js';
import { ExtractiveSummarizer } from './extractive.js';
import type { LocalSummarizerOptions } from './local.js';
import { checkLlamaInstalled, checkLocalModelFile, localModelName } from './local-file.js';
import type { OpenAISummarizerOptions } from './openai.js';
import type { Summarizer } from './summarizer.js';

export interface SummarizerDeps {
  store: Store;
  logger?: Logger;
  /** Test seams for the LLM summarizer (retry sleeps, clock, transport). */
  openai?: Partial<OpenAISummarizerOptions>;
  /** Test seams for the local summarizer (a model shared between tests, clock). */
  local?: Partial<LocalSummarizerOptions>;
}

// Local servers (Ollama, llama.cpp) ignore the key, but the SDK refuses to start without one.
const PLACEHOLDER_KEY = 'not-needed';

/** The key to send: the configured one, a placeholder for a custom endpoint, or a setup error for OpenAI itself. */
function apiKeyFor(config: Config): string {
  if (config.openai.apiKey) return config.openai.apiKey;
  if (config.openai.baseUrl) return PLACEHOLDER_KEY;
  throw new ConfigError('invalid setting OPENAI_API_KEY: required when SUMMARIZER=openai and OPENAI_BASE_URL is not set');
}

/**
 * openai, cached in the store, falling back to extractive. Settings are checked now; the stack (and
 * the openai SDK) is imported on the first summary, so other commands start fast.
 */
function createOpenAISummarizer(config: Config, deps: SummarizerDeps): Summarizer {
  const model = config.openai.model;
  if (!model) throw new ConfigError('invalid setting OPENAI_MODEL: required when SUMMARIZER=openai');
  const apiKey = apiKeyFor(config);
  let stack: Promise<Summarizer> | null = null;
  return {
    name: `openai:${model}`,
    async summarize(request) {
      stack ??= import('./openai-stack.js').then((m) => m.createOpenAISummarizer(config, deps, apiKey, model));
      return (await stack).summarize(request);
    },
  };
}

/**
 * local, cached and falling back the same way. The model file is checked now (one line when it is
 * missing or unreadable); the stack and node-llama-cpp are imported, and the model loaded, on the first summary.
 */
function createLocalSummarizer(config: Config, deps: SummarizerDeps): Summarizer {
  const modelPath = config.local.modelPath;
  if (!modelPath) throw new ConfigError('invalid setting LOCAL_MODEL: required when SUMMARIZER=local');
  checkLocalModelFile(modelPath);
  // A model handed in (tests) needs no library of its own.
  if (!deps.local?.model) checkLlamaInstalled();
  let stack: Promise<Summarizer> | null = null;
  return {
    name: `local:${localModelName(modelPath)}`,
    async summarize(request) {
      stack ??= import('./local-stack.js').then((m) => m.createLocalSummarizer(config, deps, modelPath));
      return (await stack).summarize(request);
    },
  };
}

export function createSummarizer(config: Config, deps: SummarizerDeps): Summarizer {
  switch (config.summarizer) {
    case 'extractive':
      return new ExtractiveSummarizer();
    case 'openai':
      return createOpenAISummarizer(config, deps);
    case 'local':
      return createLocalSummarizer(config, deps);
  }
}
