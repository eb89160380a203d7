/**
 * The provider-independent LLM pipeline: budget, prompt, verification, breaker, retries, and how an
 * LLM summarizer is served (cache, extractive fallback). Providers plug in as a ChatTransport.
 */
export { EndpointBreaker } from './breaker.js';
export type { Deadline } from './deadline.js';
export { SummarizerFailure } from './failure.js';
export { withFallback } from './fallback.js';
export { LlmSummarizer, type LlmSummarizerOptions } from './llm.js';
export { type ChatMessage, PROMPT_VERSION, SummaryOutputSchema } from './prompt.js';
export { DEFAULT_RETRY, type RetryErrors, type RetryPolicy, withRetry } from './retry.js';
export { type ServeDeps, serveLlm } from './serve.js';
export type { ChatRequest, ChatTransport, CompletionResult, PromptPass } from './transport.js';
export { citableArticles, parseModelOutput, verifySentences } from './verify.js';
