/** One chat completion against an OpenAI-compatible endpoint, streamed or not, reduced to its text and how it ended. */
import type OpenAI from 'openai';
import { zodResponseFormat } from 'openai/helpers/zod';
import type { ChatCompletionCreateParamsNonStreaming, ChatCompletionCreateParamsStreaming } from 'openai/resources/chat/completions';
import { type ChatMessage, type CompletionResult, SummarizerFailure, SummaryOutputSchema } from '../llm/index.js';

/** How the endpoint is asked for JSON: strict structured output, JSON mode, or the prompt alone. */
export type OutputMode = 'json_schema' | 'json_object' | 'prompt';

/** What differs between OpenAI itself and the compatible servers, decided from the endpoint alone. */
export interface EndpointDialect {
  /** OpenAI's reasoning models refuse `max_tokens`; Ollama, llama.cpp and older vLLM only know `max_tokens`. */
  tokenField: 'max_tokens' | 'max_completion_tokens';
  /** OpenAI's reasoning models refuse any temperature but the default; local models write steadier JSON at 0. */
  sendTemperature: boolean;
}

export function isOpenAIItself(baseUrl: string | undefined): boolean {
  if (!baseUrl) return true;
  try {
    return new URL(baseUrl).hostname === 'api.openai.com';
  } catch {
    return false;
  }
}

export function dialectFor(baseUrl: string | undefined): EndpointDialect {
  return isOpenAIItself(baseUrl)
    ? { tokenField: 'max_completion_tokens', sendTemperature: false }
    : { tokenField: 'max_tokens', sendTemperature: true };
}

export interface CompletionRequest {
  model: string;
  messages: ChatMessage[];
  maxOutputTokens: number;
  outputMode: OutputMode;
  dialect: EndpointDialect;
}

export interface Transport {
  /** Stream the answer, so a body that stalls after the headers is caught by the idle timer. */
  stream: boolean;
  /** Longest silence allowed between streamed chunks. */
  idleMs: number;
}

type ResponseFormat = ChatCompletionCreateParamsNonStreaming['response_format'];

/** The response_format for an output mode: a strict JSON schema, plain JSON mode, or nothing (the prompt asks for JSON). */
export function responseFormatFor(mode: OutputMode): ResponseFormat | undefined {
  if (mode === 'json_object') return { type: 'json_object' };
  if (mode === 'prompt') return undefined;
  // A plain copy: the helper's object also carries a parser meant only for `.parse()`.
  return { type: 'json_schema', json_schema: zodResponseFormat(SummaryOutputSchema, 'news_summary').json_schema };
}

/** The request body, without the stream flag. */
export function completionBody(request: CompletionRequest): Omit<ChatCompletionCreateParamsNonStreaming, 'stream'> {
  const format = responseFormatFor(request.outputMode);
  return {
    model: request.model,
    messages: request.messages,
    ...(request.dialect.tokenField === 'max_tokens'
      ? { max_tokens: request.maxOutputTokens }
      : { max_completion_tokens: request.maxOutputTokens }),
    ...(request.dialect.sendTemperature ? { temperature: 0 } : {}),
    ...(format ? { response_format: format } : {}),
  };
}

async function completeWhole(client: OpenAI, request: CompletionRequest, signal: AbortSignal): Promise<CompletionResult> {
  const body: ChatCompletionCreateParamsNonStreaming = { ...completionBody(request), stream: false };
  const completion = await client.chat.completions.create(body, { signal });
  const choice = completion.choices[0];
  return {
    content: choice?.message.content ?? '',
    finishReason: choice?.finish_reason ?? null,
    refusal: choice?.message.refusal ?? null,
  };
}

/** An abort controller that fires after `ms` without a call to `touch`. */
function idleTimer(ms: number): { signal: AbortSignal; touch(): void; stop(): void } {
  const controller = new AbortController();
  let timer = setTimeout(() => controller.abort(), ms);
  return {
    signal: controller.signal,
    touch() {
      clearTimeout(timer);
      timer = setTimeout(() => controller.abort(), ms);
    },
    stop: () => clearTimeout(timer),
  };
}

async function completeStreamed(
  client: OpenAI,
  request: CompletionRequest,
  signal: AbortSignal,
  idleMs: number,
): Promise<CompletionResult> {
  const body: ChatCompletionCreateParamsStreaming = { ...completionBody(request), stream: true };
  const stream = await client.chat.completions.create(body, { signal });
  const idle = idleTimer(idleMs);
  // The SDK ends iteration quietly on abort, so the idle timer cancels the stream and we check why it ended.
  const onIdle = (): void => stream.controller.abort();
  idle.signal.addEventListener('abort', onIdle, { once: true });
  const result: CompletionResult = { content: '', finishReason: null, refusal: null };
  try {
    for await (const chunk of stream) {
      idle.touch();
      const choice = chunk.choices[0];
      if (!choice) continue;
      result.content += choice.delta.content ?? '';
      if (choice.delta.refusal) result.refusal = (result.refusal ?? '') + choice.delta.refusal;
      if (choice.finish_reason) result.finishReason = choice.finish_reason;
    }
  } finally {
    idle.stop();
    idle.signal.removeEventListener('abort', onIdle);
  }
  if (idle.signal.aborted) throw new SummarizerFailure('timeout', `no data for ${idleMs} ms`);
  if (signal.aborted) throw signal.reason;
  return result;
}

/** Sends one request; the caller's signal bounds the whole of it, headers and body. */
export function complete(client: OpenAI, request: CompletionRequest, transport: Transport, signal: AbortSignal): Promise<CompletionResult> {
  return transport.stream ? completeStreamed(client, request, signal, transport.idleMs) : completeWhole(client, request, signal);
}
