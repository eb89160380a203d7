/** Chooses the summarizer from configuration. A new provider is its folder (a ChatTransport served by llm/serve.ts) plus a case here. */
import { type Config, ConfigError } from '../config.js';
import type { Summarizer } from './common/index.js';
import type { SummarizerDeps } from './deps.js';
import { ExtractiveSummarizer } from './extractive/index.js';
import { checkLlamaInstalled, checkLocalModelFile, localModelName } from './local/index.js';

// Local servers (Ollama, llama.cpp) ignore the key, but the SDK refuses to start without one.
const PLACEHOLDER_KEY = 'not-needed';

/** The key to send: the configured one, a placeholder for a custom endpoint, or a setup error for OpenAI itself. */
function apiKeyFor(config: Config): string {
  if (config.openai.apiKey) return config.openai.apiKey;
  if (config.openai.baseUrl) return PLACEHOLDER_KEY;
  throw new ConfigError('invalid setting OPENAI_API_KEY: required when SUMMARIZER=openai and OPENAI_BASE_URL is not set');
}

/** A summarizer whose stack is built on the first summary, so other commands never load it (or its SDK). */
function builtOnFirstUse(name: string, build: () => Promise<Summarizer>): Summarizer {
  let stack: Promise<Summarizer> | null = null;
  return {
    name,
    async summarize(request) {
      stack ??= build();
      return (await stack).summarize(request);
    },
  };
}

/** openai, cached in the store, falling back to extractive. Settings are checked now; the stack and the openai SDK on the first summary. */
function createOpenAISummarizer(config: Config, deps: SummarizerDeps): Summarizer {
  const model = config.openai.model;
  if (!model) throw new ConfigError('invalid setting OPENAI_MODEL: required when SUMMARIZER=openai');
  const apiKey = apiKeyFor(config);
  return builtOnFirstUse(`openai:${model}`, async () => (await import('./openai/index.js')).createOpenAIStack(config, deps, apiKey, model));
}

/**
 * local, cached and falling back the same way. The model file is checked now (one line when it is
 * missing or unreadable); node-llama-cpp is imported, and the model loaded, on the first summary.
 */
function createLocalSummarizer(config: Config, deps: SummarizerDeps): Summarizer {
  const modelPath = config.local.modelPath;
  if (!modelPath) throw new ConfigError('invalid setting LOCAL_MODEL: required when SUMMARIZER=local');
  checkLocalModelFile(modelPath);
  // A model handed in (tests) needs no library of its own.
  if (!deps.local?.model) checkLlamaInstalled();
  return builtOnFirstUse(`local:${localModelName(modelPath)}`, async () =>
    (await import('./local/index.js')).createLocalStack(config, deps, modelPath),
  );
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
