/** The transport for any OpenAI-compatible endpoint: the only files that import the openai SDK (slow to load: imported on first use). */
export type { OutputMode } from './completion.js';
export { createOpenAIClient, OpenAISummarizer, type OpenAISummarizerOptions } from './openai.js';
export { createOpenAIStack, type OpenAIStackDeps } from './stack.js';
