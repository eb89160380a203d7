/**
 * Builds fetched pages into articles, and reads feeds, on a worker thread. Cleaning a multi-megabyte
 * page and finding its quotes and names takes seconds, and the thread that polls feeds is the one
 * that answers Discord: built there, one such page left /headlines unanswered past Discord's 3 s
 * (issue 18, docs/adr/0017-pages-built-off-the-discord-thread.md).
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';
import { isMainThread, parentPort, type Worker, workerData } from 'node:worker_threads';
import { buildArticle, NotAnArticleError, type RawPage } from '../articles/article.js';
import type { Article } from '../articles/model.js';
import { isModuleWorker, startModuleWorker } from '../module-worker.js';
import { CharsetError } from '../sources/charset.js';
import { type Feed, FeedError, parseFeed } from '../sources/feeds.js';
import { bodyText } from '../sources/fetch.js';

/** A fetched page whose body is still bytes: decoded where it is built, not on the thread that fetched it. */
export interface FetchedPage extends Omit<RawPage, 'content'> {
  body: Uint8Array;
  contentType: string | null;
}

function decodePage(page: FetchedPage): RawPage {
  const { body, contentType, ...facts } = page;
  return { ...facts, content: bodyText(Buffer.from(body.buffer, body.byteOffset, body.byteLength), contentType) };
}

/** Where pages become articles and feed XML becomes items; the errors are the ones the in-process calls throw. */
export interface PageBuilder {
  /** The article a page holds; rejects with NotAnArticleError when it holds none. */
  build(page: RawPage, ingestedAt: Date): Promise<Article>;
  /** The same for a page as fetched: its body is decoded (charset from the BOM, Content-Type or markup) first. */
  buildFetched(page: FetchedPage, ingestedAt: Date): Promise<Article>;
  /** A feed's items; rejects with FeedError when the text is not a feed. */
  parseFeed(xml: string, feedUrl: string): Promise<Feed>;
  close(): Promise<void>;
}

/** Builds on the calling thread: for tests, and one-off tools that answer nobody meanwhile. */
export const inProcessPageBuilder: PageBuilder = {
  build: async (page, ingestedAt) => buildArticle(page, ingestedAt),
  buildFetched: async (page, ingestedAt) => buildArticle(decodePage(page), ingestedAt),
  parseFeed: async (xml, feedUrl) => parseFeed(xml, feedUrl),
  close: async () => {},
};

const ROLE = 'newsbrief:page-builder';

type Job =
  | { id: number; kind: 'build'; page: RawPage | FetchedPage; ingestedAt: number }
  | { id: number; kind: 'feed'; xml: string; feedUrl: string };

/** An error as it crosses the thread: structured cloning keeps neither its class nor its name. */
interface WireError {
  kind: 'not-an-article' | 'feed' | 'charset' | 'other';
  name: string;
  message: string;
}

type Answer = { id: number; ok: true; value: Article | Feed } | { id: number; ok: false; error: WireError };
/** The worker's first message: its modules are loaded, so a job's time from now on is the job's own. */
const READY = 'ready';

function toWire(error: unknown): WireError {
  const kind =
    error instanceof NotAnArticleError
      ? 'not-an-article'
      : error instanceof FeedError
        ? 'feed'
        : error instanceof CharsetError
          ? 'charset'
          : 'other';
  return error instanceof Error ? { kind, name: error.name, message: error.message } : { kind, name: 'Error', message: String(error) };
}

function fromWire(wire: WireError): Error {
  if (wire.kind === 'not-an-article') return new NotAnArticleError(wire.message);
  if (wire.kind === 'feed') return new FeedError(wire.message);
  if (wire.kind === 'charset') return new CharsetError(wire.message);
  const error = new Error(wire.message);
  error.name = wire.name;
  return error;
}

function runJob(job: Job): Answer {
  try {
    const value =
      job.kind === 'feed'
        ? parseFeed(job.xml, job.feedUrl)
        : buildArticle('body' in job.page ? decodePage(job.page) : job.page, new Date(job.ingestedAt));
    return { id: job.id, ok: true, value };
  } catch (error) {
    return { id: job.id, ok: false, error: toWire(error) };
  }
}

/**
 * Lowers this thread's scheduling priority, so that on a busy machine the thread answering Discord gets
 * the processor first. On Linux a thread's id is a pid to setpriority, and only that thread changes.
 */
function yieldToOtherThreads(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, 10);
  } catch {
    // Not Linux, or not allowed: the worker builds at the process's priority.
  }
}

if (!isMainThread && isModuleWorker(workerData, ROLE)) {
  yieldToOtherThreads();
  parentPort?.on('message', (job: Job) => parentPort?.postMessage(runJob(job)));
  parentPort?.postMessage(READY);
}

export interface WorkerPageBuilderOptions {
  /** A job running longer than this fails, and the worker is replaced (default 60 s). */
  timeoutMs?: number;
  /** The worker's heap limit: a page that needs more fails alone (default 1,024 MB). */
  maxHeapMb?: number;
}

interface Pending {
  job: Job;
  resolve(value: Article | Feed): void;
  reject(error: Error): void;
}

/**
 * One worker thread, started on the first job, doing jobs in the order given. A job that crashes the
 * worker (out of memory) or outlasts the time limit fails alone: a new worker takes the jobs queued
 * behind it. The worker does not keep the process alive while it has nothing to do.
 */
export class WorkerPageBuilder implements PageBuilder {
  private worker: Worker | null = null;
  // Whether the worker has loaded its modules: until then no job is running, and none is timed.
  private ready = false;
  // Jobs sent and not answered, in the order sent: the first is the one the worker is running.
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly timeoutMs: number;
  private readonly maxHeapMb: number;

  constructor(options: WorkerPageBuilderOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.maxHeapMb = options.maxHeapMb ?? 1024;
  }

  build(page: RawPage, ingestedAt: Date): Promise<Article> {
    return this.submitBuild(page, ingestedAt);
  }

  buildFetched(page: FetchedPage, ingestedAt: Date): Promise<Article> {
    // Sent as bytes: copying them is a memcpy, where a decoded string costs a decode and a copy here.
    return this.submitBuild(page, ingestedAt);
  }

  private submitBuild(page: RawPage | FetchedPage, ingestedAt: Date): Promise<Article> {
    return this.run({ id: this.nextId++, kind: 'build', page, ingestedAt: ingestedAt.getTime() }) as Promise<Article>;
  }

  parseFeed(xml: string, feedUrl: string): Promise<Feed> {
    return this.run({ id: this.nextId++, kind: 'feed', xml, feedUrl }) as Promise<Feed>;
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failAll(new Error('stopped: the page builder was closed'));
    const worker = this.worker;
    this.worker = null;
    await worker?.terminate();
  }

  private run(job: Job): Promise<Article | Feed> {
    if (this.closed) return Promise.reject(new Error('stopped: the page builder was closed'));
    return new Promise((resolve, reject) => {
      this.pending.set(job.id, { job, resolve, reject });
      const worker = this.worker ?? this.startWorker();
      worker.ref();
      worker.postMessage(job);
      if (this.pending.size === 1) this.armTimer();
    });
  }

  private startWorker(): Worker {
    const worker = startModuleWorker(import.meta.url, ROLE, {}, { resourceLimits: { maxOldGenerationSizeMb: this.maxHeapMb } });
    worker.on('message', (answer: Answer | typeof READY) => {
      if (answer === READY) {
        this.ready = true;
        return this.armTimer();
      }
      const waiting = this.pending.get(answer.id);
      if (!waiting) return;
      this.pending.delete(answer.id);
      if (answer.ok) waiting.resolve(answer.value);
      else waiting.reject(fromWire(answer.error));
      this.settled(worker);
    });
    worker.on('error', (error: Error) => this.replaceWorker(worker, error.message));
    worker.on('exit', () => this.replaceWorker(worker, 'the page builder stopped'));
    this.worker = worker;
    this.ready = false;
    return worker;
  }

  private settled(worker: Worker): void {
    this.armTimer();
    if (this.pending.size === 0) worker.unref();
  }

  /** Fails the job the worker was running, and hands the ones queued behind it to a new worker. */
  private replaceWorker(worker: Worker, reason: string): void {
    if (this.worker !== worker) return; // already replaced, or closed
    this.worker = null;
    worker.removeAllListeners('message');
    void worker.terminate();
    const [running] = this.pending.values();
    if (running) {
      this.pending.delete(running.job.id);
      running.reject(new Error(reason));
    }
    if (this.closed || this.pending.size === 0) return this.armTimer();
    const next = this.startWorker();
    for (const { job } of this.pending.values()) next.postMessage(job);
    this.armTimer();
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const worker = this.worker;
    if (this.pending.size === 0 || !worker || !this.ready) return;
    const limit = this.timeoutMs >= 1000 ? `${Math.round(this.timeoutMs / 1000)} s` : `${this.timeoutMs} ms`;
    this.timer = setTimeout(() => this.replaceWorker(worker, `took longer than ${limit} to build`), this.timeoutMs);
    this.timer.unref();
  }

  private failAll(error: Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const waiting of this.pending.values()) waiting.reject(error);
    this.pending.clear();
  }
}
