/** The LLM summarizer stack, loaded only when SUMMARIZER=openai (the openai SDK is slow to import). */
import type { Config } from '../config.js';
import type { SummarizerDeps } from './factory.js';
import { serveLlm } from './llm-stack.js';
import { OpenAISummarizer } from './openai.js';
import { PROMPT_VERSION } from './prompt.js';
import type { Summarizer } from './summarizer.js';

/** openai, cached in the store, falling back to extractive: the cache sits inside so fallbacks are never stored. */
export function createOpenAISummarizer(config: Config, deps: SummarizerDeps, apiKey: string, model: string): Summarizer {
  const openai = new OpenAISummarizer({
    model,
    apiKey,
    baseUrl: config.openai.baseUrl,
    outputMode: config.openai.outputMode,
    deadlineMs: config.openai.deadlineMs,
    inputTokenBudget: config.openai.inputTokenBudget,
    logger: deps.logger,
    ...deps.openai,
  });
  return serveLlm(openai, { promptVersion: PROMPT_VERSION, model, endpoint: openai.endpoint }, 'openai', deps);
}
