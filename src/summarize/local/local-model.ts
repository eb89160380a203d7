/**
 * A GGUF model run in-process by node-llama-cpp (an optional dependency): loaded on first use, one
 * request at a time, output held to a JSON schema by a grammar. Inference runs on llama.cpp's own
 * threads, so the event loop (and Discord's interactions) carry on while it works.
 */

import { availableParallelism } from 'node:os';
import { OperatorError } from '../../errors.js';
import type { ChatMessage, CompletionResult } from '../llm/index.js';

/** A JSON schema in the subset node-llama-cpp turns into a grammar (type, properties, items, enum, sizes). */
export type GrammarSchema = { readonly [key: string]: unknown };

export interface LocalModelSettings {
  /** The .gguf file. */
  modelPath: string;
  /** CPU threads for inference; unset: half the cores, at least 1. */
  threads?: number;
  /** Tokens the context holds: prompt and answer together. */
  contextSize: number;
}

export interface LocalChatOptions {
  /** A schema the answer must follow, `json` for any JSON value, or null for free text. */
  output: GrammarSchema | 'json' | null;
  maxTokens: number;
  signal: AbortSignal;
}

/** A failure loading the library or the model: the message is ours, safe to show and log. */
export class LocalModelError extends OperatorError {
  override name = 'LocalModelError';
}

// What is used of node-llama-cpp, typed here: the package is optional, so its own types may be absent.
interface Grammar {
  readonly _brand?: 'grammar';
}
interface ChatSession {
  promptWithMeta(
    text: string,
    options: { grammar?: Grammar; maxTokens: number; temperature: number; signal: AbortSignal },
  ): Promise<{ responseText: string; stopReason: string }>;
  dispose(): void;
}
interface Sequence {
  readonly _brand?: 'sequence';
}
interface Context {
  getSequence(): Sequence;
  dispose(): Promise<void>;
}
interface Model {
  createContext(options: { contextSize: number; threads: number; sequences: number }): Promise<Context>;
  dispose(): Promise<void>;
}
interface Llama {
  loadModel(options: { modelPath: string }): Promise<Model>;
  createGrammarForJsonSchema(schema: GrammarSchema): Promise<Grammar>;
  getGrammarFor(type: 'json'): Promise<Grammar>;
  dispose(): Promise<void>;
}
interface LlamaModule {
  getLlama(options: { gpu: false; build: 'never'; logLevel: string; logger: (level: string, message: string) => void }): Promise<Llama>;
  LlamaChatSession: new (options: { contextSequence: Sequence; systemPrompt: string; autoDisposeSequence: boolean }) => ChatSession;
}

interface Loaded {
  module: LlamaModule;
  llama: Llama;
  model: Model;
  context: Context;
  sequence: Sequence;
}

// Through a variable, so TypeScript does not look for the optional package's types.
const PACKAGE = 'node-llama-cpp';

/** node-llama-cpp, or a one-line reason it cannot be had. */
export async function importLlamaModule(): Promise<LlamaModule> {
  try {
    return (await import(PACKAGE)) as LlamaModule;
  } catch {
    throw new LocalModelError('node-llama-cpp is not installed (an optional dependency: npm install node-llama-cpp)');
  }
}

/**
 * Half the cores, at least 1. llama.cpp's threads wait for each other at every step: one more thread
 * than there are free cores made generation 25 times slower on a busy 2-core machine (docs/llm.md).
 */
export function defaultThreads(): number {
  return Math.max(1, Math.floor(availableParallelism() / 2));
}

/** The system messages joined, and the last user message: a summary request is one turn. */
function splitMessages(messages: readonly ChatMessage[]): { system: string; user: string } {
  const system = messages
    .filter((m) => m.role === 'system')
    .map((m) => m.content)
    .join('\n\n');
  const user = [...messages].reverse().find((m) => m.role === 'user')?.content ?? '';
  return { system, user };
}

/** node-llama-cpp's stop reasons in OpenAI's words, which checkFinish reads. */
function finishReasonOf(stopReason: string): string | null {
  if (stopReason === 'maxTokens') return 'length';
  if (stopReason === 'eogToken' || stopReason === 'stopGenerationTrigger' || stopReason === 'customStopTrigger') return 'stop';
  return null;
}

/** The work's outcome, or the signal's reason as soon as it aborts (the work goes on to its end unobserved). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

export class LocalModel {
  private loading: Promise<Loaded> | null = null;
  /** The tail of the queue: requests share one context sequence, so they take turns. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(private readonly settings: LocalModelSettings) {}

  /** Loads the library, the model and a context once; a failed load is tried again by the next request. */
  load(): Promise<Loaded> {
    this.loading ??= this.loadOnce().catch((error: unknown) => {
      this.loading = null;
      throw error;
    });
    return this.loading;
  }

  private async loadOnce(): Promise<Loaded> {
    const module = await importLlamaModule();
    // CPU only and never a build: a missing binary is an error, not a compile or a download.
    const llama = await module
      .getLlama({ gpu: false, build: 'never', logLevel: 'error', logger: () => {} })
      .catch(() => Promise.reject(new LocalModelError('node-llama-cpp has no prebuilt binary for this platform')));
    const model = await llama
      .loadModel({ modelPath: this.settings.modelPath })
      .catch(() => Promise.reject(new LocalModelError(`the model ${this.settings.modelPath} could not be loaded`)));
    const context = await model
      .createContext({ contextSize: this.settings.contextSize, sequences: 1, threads: this.settings.threads ?? defaultThreads() })
      .catch(() => Promise.reject(new LocalModelError(`no room for a ${this.settings.contextSize}-token context`)));
    return { module, llama, model, context, sequence: context.getSequence() };
  }

  /**
   * One chat turn (system + user), greedy, within `maxTokens`; waits for earlier requests to finish first.
   * An abort answers at once: llama.cpp notices it only between batches, and the next request waits for that.
   */
  chat(messages: readonly ChatMessage[], options: LocalChatOptions): Promise<CompletionResult> {
    const run = this.turn.then(() => this.chatNow(messages, options));
    this.turn = run.catch(() => undefined);
    return untilAborted(run, options.signal);
  }

  private async chatNow(messages: readonly ChatMessage[], options: LocalChatOptions): Promise<CompletionResult> {
    options.signal.throwIfAborted();
    const loaded = await this.load();
    options.signal.throwIfAborted();
    const grammar = await this.grammarFor(loaded.llama, options.output);
    const { system, user } = splitMessages(messages);
    // A fresh session per request: no earlier answer leaks into this one (the sequence keeps only the shared prefix).
    const session = new loaded.module.LlamaChatSession({
      contextSequence: loaded.sequence,
      systemPrompt: system,
      autoDisposeSequence: false,
    });
    try {
      const answer = await session.promptWithMeta(user, {
        ...(grammar ? { grammar } : {}),
        maxTokens: options.maxTokens,
        temperature: 0,
        signal: options.signal,
      });
      return { content: answer.responseText, finishReason: finishReasonOf(answer.stopReason), refusal: null };
    } finally {
      session.dispose();
    }
  }

  private grammarFor(llama: Llama, output: LocalChatOptions['output']): Promise<Grammar | null> {
    if (output === null) return Promise.resolve(null);
    return output === 'json' ? llama.getGrammarFor('json') : llama.createGrammarForJsonSchema(output);
  }

  /** Frees the model and its context (tests, shutdown). */
  async dispose(): Promise<void> {
    // A request given up on may still be running natively: let it reach its end first.
    await this.turn;
    const loading = this.loading;
    this.loading = null;
    if (!loading) return;
    const loaded = await loading.catch(() => null);
    if (!loaded) return;
    await loaded.context.dispose();
    await loaded.model.dispose();
    await loaded.llama.dispose();
  }
}
