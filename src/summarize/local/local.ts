/**
 * SUMMARIZER=local: a GGUF model in-process (local-model.ts) as a ChatTransport, so its answers go
 * through the same pipeline as an endpoint's (llm/llm.ts: budget, verification, breaker; llm/serve.ts:
 * cache and extractive fallback). The grammar holds the answer to the summary JSON.
 */
import {
  type ChatRequest,
  type ChatTransport,
  type CompletionResult,
  type Deadline,
  LlmSummarizer,
  type LlmSummarizerOptions,
  SummarizerFailure,
} from '../llm/index.js';
import { localModelName } from './local-file.js';
import { type GrammarSchema, LocalModel, LocalModelError, type LocalModelSettings } from './local-model.js';

export interface LocalSummarizerOptions extends LocalModelSettings {
  /** Total time for one summary, waiting for the model to load or for earlier requests included. */
  deadlineMs: number;
  /** A model already made (tests share one); made from the settings otherwise. */
  model?: LocalModel;
  breaker?: LlmSummarizerOptions['breaker'];
  now?: () => number;
  nonce?: () => string;
  logger?: LlmSummarizerOptions['logger'];
  onPrompt?: LlmSummarizerOptions['onPrompt'];
}

// Answer room kept out of the context: a few sentences of JSON fit well within it.
const OUTPUT_ROOM_TOKENS = 1024;
// The budget estimates 4 characters a token; a model's own tokenizer may need more: keep a quarter spare.
const ESTIMATE_MARGIN = 0.75;

/** Most prompt tokens (estimated) per request that still leave the answer room in the context. */
export function localInputBudget(contextSize: number): number {
  return Math.max(256, Math.floor((contextSize - OUTPUT_ROOM_TOKENS) * ESTIMATE_MARGIN));
}

/** Room for the answer: a sentence of JSON is rarely past 100 tokens. */
export function localOutputTokens(maxSentences: number): number {
  return 100 + 120 * maxSentences;
}

/**
 * The summary JSON as a grammar: the shape every provider is asked for, with at most `maxSentences`
 * sentences, each citing at least one of the articles given and no other number.
 */
export function summaryGrammarSchema(maxSentences: number, citable: readonly number[]): GrammarSchema {
  const citation = citable.length > 0 ? { enum: [...citable] } : { type: 'integer' };
  return {
    type: 'object',
    properties: {
      sentences: {
        type: 'array',
        maxItems: maxSentences,
        items: {
          type: 'object',
          properties: {
            text: { type: 'string' },
            citations: { type: 'array', items: citation, minItems: 1, maxItems: Math.max(1, citable.length) },
          },
        },
      },
    },
  };
}

/** The in-process model as a transport: one grammar-held completion per request, no retries (nothing to retry against). */
export class LocalTransport implements ChatTransport {
  constructor(
    private readonly model: LocalModel,
    private readonly deadlineMs: number,
  ) {}

  complete(request: ChatRequest, _deadline: Deadline, signal: AbortSignal): Promise<CompletionResult> {
    return this.model.chat(request.messages, {
      output: summaryGrammarSchema(request.maxSentences, request.citable),
      maxTokens: localOutputTokens(request.maxSentences),
      signal,
    });
  }

  toFailure(error: unknown, deadline: Deadline): SummarizerFailure {
    if (error instanceof SummarizerFailure) return error;
    if (deadline.expired()) return new SummarizerFailure('timeout', `no answer within ${this.deadlineMs} ms`);
    if (error instanceof LocalModelError) return new SummarizerFailure('error', error.message);
    return new SummarizerFailure('error', error instanceof Error ? error.name : 'unknown error');
  }
}

export class LocalSummarizer extends LlmSummarizer {
  readonly model: LocalModel;

  constructor(options: LocalSummarizerOptions) {
    const model = options.model ?? new LocalModel(options);
    super(new LocalTransport(model, options.deadlineMs), {
      name: `local:${localModelName(options.modelPath)}`,
      endpoint: options.modelPath,
      deadlineMs: options.deadlineMs,
      inputTokenBudget: localInputBudget(options.contextSize),
      breaker: options.breaker,
      now: options.now,
      nonce: options.nonce,
      logger: options.logger,
      onPrompt: options.onPrompt,
    });
    this.model = model;
  }
}
