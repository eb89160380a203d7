/** The LLM summarizer for any OpenAI-compatible endpoint: the shared pipeline (llm/llm.ts) over an HTTP transport with bounded retries. */
import OpenAI from 'openai';
import type { Logger } from '../../log.js';
import { redactUrl } from '../../redact.js';
import {
  type ChatRequest,
  type ChatTransport,
  type CompletionResult,
  DEFAULT_RETRY,
  type Deadline,
  type EndpointBreaker,
  LlmSummarizer,
  type PromptPass,
  type RetryPolicy,
  type SummarizerFailure,
  withRetry,
} from '../llm/index.js';
import { complete, dialectFor, type EndpointDialect, isOpenAIItself, type OutputMode, type Transport } from './completion.js';
import { OPENAI_ERRORS, toFailure } from './errors.js';

export const OPENAI_DEFAULT_ENDPOINT = 'https://api.openai.com/v1';
// A stream that sends nothing for this long has stalled, whatever time is left on the deadline.
const DEFAULT_IDLE_MS = 10_000;

export interface OpenAISummarizerOptions {
  model: string;
  apiKey: string;
  /** An OpenAI-compatible endpoint ending in /v1; OpenAI itself when absent. */
  baseUrl?: string;
  outputMode: OutputMode;
  /** Total time for one summary, retries and map-reduce passes included. */
  deadlineMs: number;
  /** Most prompt tokens per request. */
  inputTokenBudget: number;
  transport?: Partial<Transport>;
  retry?: Partial<RetryPolicy>;
  breaker?: EndpointBreaker;
  /** Injectable for tests; built from apiKey and baseUrl otherwise. */
  client?: OpenAI;
  now?: () => number;
  nonce?: () => string;
  logger?: Logger;
  /** Told the estimated prompt tokens of every request sent (for measurements and logs). */
  onPrompt?: (info: { pass: PromptPass; tokens: number }) => void;
}

/**
 * The endpoint as it appears in cache keys and logs: the base URL without a trailing slash, and
 * without credentials (user:password, ?api-key=...), which are no more part of an answer's identity than the API key.
 */
export function endpointOf(baseUrl: string | undefined): string {
  return redactUrl((baseUrl ?? OPENAI_DEFAULT_ENDPOINT).replace(/\/+$/, ''));
}

/** The client with the SDK's own retries off: its back-off ignores abort signals and honours retry-after uncapped. */
export function createOpenAIClient(options: { apiKey: string; baseUrl?: string; timeoutMs: number }): OpenAI {
  return new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0, timeout: options.timeoutMs });
}

/** Room for the JSON answer; OpenAI's reasoning models spend part of it thinking. */
function outputTokenLimit(maxSentences: number, baseUrl: string | undefined): number {
  return Math.max(isOpenAIItself(baseUrl) ? 4096 : 1024, 200 + 150 * maxSentences);
}

/** An OpenAI-compatible endpoint as a ChatTransport: one streamed (or whole) completion, retried within the deadline. */
export class OpenAITransport implements ChatTransport {
  private readonly dialect: EndpointDialect;

  constructor(
    private readonly client: OpenAI,
    private readonly settings: {
      model: string;
      baseUrl?: string;
      outputMode: OutputMode;
      deadlineMs: number;
      transport: Transport;
      retry: RetryPolicy;
    },
  ) {
    this.dialect = dialectFor(settings.baseUrl);
  }

  complete(request: ChatRequest, deadline: Deadline, signal: AbortSignal): Promise<CompletionResult> {
    const body = {
      model: this.settings.model,
      messages: request.messages,
      maxOutputTokens: outputTokenLimit(request.maxSentences, this.settings.baseUrl),
      outputMode: this.settings.outputMode,
      dialect: this.dialect,
    };
    return withRetry(() => complete(this.client, body, this.settings.transport, signal), this.settings.retry, deadline, OPENAI_ERRORS);
  }

  toFailure(error: unknown, deadline: Deadline): SummarizerFailure {
    return toFailure(error, deadline, this.settings.deadlineMs);
  }
}

export class OpenAISummarizer extends LlmSummarizer {
  constructor(options: OpenAISummarizerOptions) {
    const client =
      options.client ?? createOpenAIClient({ apiKey: options.apiKey, baseUrl: options.baseUrl, timeoutMs: options.deadlineMs });
    const transport = new OpenAITransport(client, {
      model: options.model,
      baseUrl: options.baseUrl,
      outputMode: options.outputMode,
      deadlineMs: options.deadlineMs,
      transport: { stream: true, idleMs: Math.min(DEFAULT_IDLE_MS, options.deadlineMs), ...options.transport },
      retry: { ...DEFAULT_RETRY, ...options.retry },
    });
    super(transport, {
      name: `openai:${options.model}`,
      endpoint: endpointOf(options.baseUrl),
      deadlineMs: options.deadlineMs,
      inputTokenBudget: options.inputTokenBudget,
      breaker: options.breaker,
      now: options.now,
      nonce: options.nonce,
      logger: options.logger,
      onPrompt: options.onPrompt,
    });
  }
}
