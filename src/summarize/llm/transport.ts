/**
 * The seam between the provider-independent LLM pipeline (llm.ts: budget, prompt, verification,
 * breaker) and a provider that turns chat messages into text (an OpenAI-compatible endpoint, a GGUF
 * model in-process). A new provider implements ChatTransport and nothing else.
 */
import type { Deadline } from './deadline.js';
import { SummarizerFailure } from './failure.js';
import type { ChatMessage } from './prompt.js';

export type PromptPass = 'single' | 'map' | 'reduce';

/** One request for the summary JSON ({sentences: [{text, citations}]}). */
export interface ChatRequest {
  pass: PromptPass;
  messages: ChatMessage[];
  /** Most sentences asked for. */
  maxSentences: number;
  /** The article numbers this request may cite; a provider with a grammar can hold citations to them. */
  citable: number[];
}

/** What came back: the text and how it ended, in OpenAI's words (`stop`, `length`, `content_filter`). */
export interface CompletionResult {
  content: string;
  finishReason: string | null;
  refusal: string | null;
}

export interface ChatTransport {
  /** Answers one request within the deadline (retries, if any, included); the signal bounds all of it. */
  complete(request: ChatRequest, deadline: Deadline, signal: AbortSignal): Promise<CompletionResult>;
  /** Any error `complete` threw, as one of the failure reasons users may see; provider messages never pass through. */
  toFailure(error: unknown, deadline: Deadline): SummarizerFailure;
}

/** Turns how a completion ended into a failure when its text must not be used. */
export function checkFinish(result: CompletionResult): void {
  if (result.refusal) throw new SummarizerFailure('refusal');
  if (result.finishReason === 'length') throw new SummarizerFailure('length', 'the answer was cut off at the token limit');
  if (result.finishReason === 'content_filter') throw new SummarizerFailure('refusal', 'content filter');
  if (result.finishReason === null) throw new SummarizerFailure('error', 'the answer ended early');
}
