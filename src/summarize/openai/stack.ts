/** The LLM summarizer stack, loaded only when SUMMARIZER=openai (the openai SDK is slow to import). */
import type { Config } from '../../config.js';
import type { Summarizer } from '../common/index.js';
import { PROMPT_VERSION, type ServeDeps, serveLlm } from '../llm/index.js';
import { OpenAISummarizer, type OpenAISummarizerOptions } from './openai.js';

export interface OpenAIStackDeps extends ServeDeps {
  /** Test seams for the LLM summarizer (retry sleeps, clock, transport). */
  openai?: Partial<OpenAISummarizerOptions>;
}

/** openai, cached in the store, falling back to extractive: the cache sits inside so fallbacks are never stored. */
export function createOpenAIStack(config: Config, deps: OpenAIStackDeps, apiKey: string, model: string): Summarizer {
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
