/**
 * The LLM summarizer, whatever model answers: budgeted prompt, map-reduce, every sentence verified,
 * a breaker for a failing provider. The provider itself is a ChatTransport (transport.ts).
 */
import type { Logger } from '../../log.js';
import type { Summarizer, Summary, SummaryRequest } from '../common/index.js';
import { requestTerms } from '../extractive/index.js';
import { EndpointBreaker } from './breaker.js';
import { type ExcerptPlan, messagesTokens, planExcerpts } from './budget.js';
import { createDeadline, type Deadline } from './deadline.js';
import { isEndpointFailure, SummarizerFailure } from './failure.js';
import { type ChatMessage, type Note, type NumberedExcerpt, newNonce, reduceMessages, summaryMessages } from './prompt.js';
import { type ChatTransport, checkFinish, type PromptPass } from './transport.js';
import { type CitableArticle, citableArticles, isEnoughLeft, parseModelOutput, type Verified, verifySentences } from './verify.js';

export interface LlmSummarizerOptions {
  /** Shown in the footer and logs, e.g. `openai:gpt-4o-mini`, `local:SmolLM2-135M-Instruct.Q4_1`. */
  name: string;
  /** Where the model runs, for logs (an endpoint without credentials, or the model file). */
  endpoint: string;
  /** Total time for one summary, retries and map-reduce passes included. */
  deadlineMs: number;
  /** Most prompt tokens per request. */
  inputTokenBudget: number;
  breaker?: EndpointBreaker;
  now?: () => number;
  nonce?: () => string;
  logger?: Logger;
  /** Told the estimated prompt tokens of every request sent (for measurements and logs). */
  onPrompt?: (info: { pass: PromptPass; tokens: number }) => void;
}

/** The articles of some groups, for verifying a pass that saw only those. */
function citableSubset(all: Map<number, CitableArticle>, groups: NumberedExcerpt[][]): Map<number, CitableArticle> {
  const out = new Map<number, CitableArticle>();
  for (const excerpt of groups.flat()) {
    const article = all.get(excerpt.n);
    if (article) out.set(excerpt.n, article);
  }
  return out;
}

/** Why too little is left, in words: what the model wrote and why it was left out. */
function unverified(verified: Verified): SummarizerFailure {
  const dropped = verified.dropped.length;
  const written = verified.sentences.length + dropped;
  if (written === 0) return new SummarizerFailure('unverified', 'the model wrote no sentences');
  const reasons = [...new Set(verified.dropped)].join('; ');
  return new SummarizerFailure(
    'unverified',
    `${dropped} of the ${pluralSentences(written)} the model wrote did not hold up against the articles: ${reasons}`,
  );
}

/** A model sentence as it goes into a log line: one line, at most 160 characters. */
function quoteForLog(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return JSON.stringify(line.length > 160 ? `${line.slice(0, 157)}...` : line);
}

function pluralSentences(n: number): string {
  return n === 1 ? '1 sentence' : `${n} sentences`;
}

/** What the reader should know about how the summary was made. */
function summaryNotes(verified: Verified, plan: ExcerptPlan): string[] {
  const notes: string[] = [];
  if (verified.dropped.length > 0) {
    const reasons = [...new Set(verified.dropped)].join('; ');
    notes.push(
      `Left out ${pluralSentences(verified.dropped.length)} the model wrote that could not be checked against the articles (${reasons}).`,
    );
  }
  if (plan.leftOut > 0) notes.push(`The ${plan.leftOut} lowest-ranked articles were not read, to stay within the time and token limits.`);
  return notes;
}

export class LlmSummarizer implements Summarizer {
  readonly name: string;
  readonly endpoint: string;
  private readonly breaker: EndpointBreaker;

  constructor(
    private readonly transport: ChatTransport,
    private readonly options: LlmSummarizerOptions,
  ) {
    this.name = options.name;
    this.endpoint = options.endpoint;
    this.breaker = options.breaker ?? new EndpointBreaker({ now: options.now });
  }

  async summarize(request: SummaryRequest): Promise<Summary> {
    const maxSentences = Math.max(0, Math.floor(request.maxSentences));
    if (maxSentences === 0 || request.articles.length === 0) return { sentences: [], generator: this.name };
    if (!this.breaker.tryAcquire()) {
      const skippedFor = this.breaker.skippedForMs();
      throw new SummarizerFailure(
        'skipped',
        skippedFor > 0
          ? `the endpoint failed repeatedly; trying it again in ${Math.ceil(skippedFor / 1000)} s`
          : 'the endpoint failed repeatedly; one request is trying it again',
      );
    }
    const deadline = createDeadline(this.options.deadlineMs, this.options.now);
    const signal = request.signal ? AbortSignal.any([request.signal, deadline.signal]) : deadline.signal;
    try {
      const summary = await this.summarizeWithin({ ...request, maxSentences }, deadline, signal);
      this.breaker.recordSuccess();
      return summary;
    } catch (error) {
      if (request.signal?.aborted) {
        // Cancelled before the model answered: nothing was learnt about it.
        this.breaker.release();
        throw error;
      }
      const failure = error instanceof SummarizerFailure ? error : this.transport.toFailure(error, deadline);
      if (isEndpointFailure(failure.reason)) this.breaker.recordFailure();
      else this.breaker.recordSuccess();
      this.options.logger?.warn(`summarizer ${this.name} at ${this.endpoint} failed: ${failure.message}`);
      throw failure;
    } finally {
      deadline.dispose();
    }
  }

  private async summarizeWithin(request: SummaryRequest, deadline: Deadline, signal: AbortSignal): Promise<Summary> {
    const max = request.maxSentences;
    const nonce = (this.options.nonce ?? newNonce)();
    const overhead = messagesTokens(summaryMessages(request.topic, [], max, nonce));
    const plan = planExcerpts(request.articles, requestTerms(request), this.options.inputTokenBudget - overhead);
    const citable = citableArticles(request.articles);
    const verified =
      plan.groups.length === 1
        ? await this.ask('single', summaryMessages(request.topic, plan.groups[0]!, max, nonce), citable, max, deadline, signal)
        : await this.mapReduce(request, plan, citable, nonce, deadline, signal);
    if (!isEnoughLeft(verified.sentences.length, verified.dropped.length)) throw unverified(verified);
    const notes = summaryNotes(verified, plan);
    return notes.length > 0
      ? { sentences: verified.sentences, generator: this.name, notes }
      : { sentences: verified.sentences, generator: this.name };
  }

  /** Too many articles for one prompt: summarize each group, then combine the verified notes in one more call. */
  private async mapReduce(
    request: SummaryRequest,
    plan: ExcerptPlan,
    citable: Map<number, CitableArticle>,
    nonce: string,
    deadline: Deadline,
    signal: AbortSignal,
  ): Promise<Verified> {
    const max = request.maxSentences;
    const settled = await Promise.allSettled(
      plan.groups.map((group) =>
        this.ask('map', summaryMessages(request.topic, group, max, nonce), citableSubset(citable, [group]), max, deadline, signal),
      ),
    );
    const passes = settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const firstFailure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (passes.length === 0 && firstFailure) throw firstFailure.reason;
    const notes: Note[] = passes.flatMap((p) => p.sentences.map((s, i) => ({ text: s.text, citations: p.citations[i] ?? [] })));
    if (notes.length === 0) {
      return {
        sentences: [],
        citations: [],
        dropped: passes.flatMap((p) => p.dropped),
        droppedTexts: passes.flatMap((p) => p.droppedTexts),
      };
    }
    return this.ask('reduce', reduceMessages(request.topic, notes, max, nonce), citableSubset(citable, plan.groups), max, deadline, signal);
  }

  /** One request through the transport, its ending checked, its JSON parsed and every sentence verified. */
  private async ask(
    pass: PromptPass,
    messages: ChatMessage[],
    citable: Map<number, CitableArticle>,
    maxSentences: number,
    deadline: Deadline,
    signal: AbortSignal,
  ): Promise<Verified> {
    const tokens = messagesTokens(messages);
    this.options.onPrompt?.({ pass, tokens });
    this.options.logger?.debug(`summarizer ${this.name}: ${pass} request, ~${tokens} prompt tokens`);
    const request = { pass, messages, maxSentences, citable: [...citable.keys()].sort((a, b) => a - b) };
    const result = await this.transport.complete(request, deadline, signal);
    checkFinish(result);
    const sentences = parseModelOutput(result.content);
    if (!sentences) throw new SummarizerFailure('invalid-output', 'the reply was not the JSON asked for');
    const verified = verifySentences(sentences, citable, maxSentences);
    verified.dropped.forEach((reason, i) => {
      this.options.logger?.info(`summarizer ${this.name}: left out a sentence (${reason}): ${quoteForLog(verified.droppedTexts[i] ?? '')}`);
    });
    return verified;
  }
}
