/** A loopback OpenAI-compatible server for tests: answers /v1/chat/completions from a scripted queue and records every request. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One scripted answer. Each request takes the next one from the queue, whether it asked for a stream or not. */
export type FakeScript =
  | { kind: 'reply'; content: string; finishReason?: 'stop' | 'length' | 'content_filter' }
  | { kind: 'refusal'; refusal: string }
  | { kind: 'http-error'; status: number; message?: string; headers?: Record<string, string> }
  /** Streams: some content, then an error frame. Non-streaming requests get a 500. */
  | { kind: 'stream-error'; contentBefore?: string; message?: string }
  /** Sends the headers (and, when streaming, some content), then nothing more. */
  | { kind: 'stall'; contentBefore?: string }
  | { kind: 'slow-headers'; delayMs: number; then: FakeScript }
  /** Decides from the request body, for answers that depend on what was asked (map-reduce passes). */
  | { kind: 'dynamic'; answer: (body: Record<string, unknown>) => FakeScript };

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: Record<string, unknown>;
}

const MODEL = 'fake-model';
// Frames are cut this small so a reply arrives as many chunks, as real servers send it.
const CHUNK_CHARS = 16;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Prompt tokens as the project estimates them (characters / 4), reported in `usage`. */
export function promptCharsOf(body: Record<string, unknown>): number {
  const messages = Array.isArray(body.messages) ? (body.messages as { content?: unknown }[]) : [];
  return messages.reduce((sum, m) => sum + (typeof m.content === 'string' ? m.content.length : 0), 0);
}

function completion(n: number, content: string | null, finishReason: string, refusal: string | null, promptTokens: number): unknown {
  return {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: MODEL,
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: finishReason, logprobs: null }],
    usage: { prompt_tokens: promptTokens, completion_tokens: Math.ceil((content ?? '').length / 4), total_tokens: promptTokens },
  };
}

function chunkFrame(n: number, delta: Record<string, unknown>, finishReason: string | null): string {
  const chunk = {
    id: `chatcmpl-fake-${n}`,
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: MODEL,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

function startStream(res: ServerResponse, n: number): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  res.write(chunkFrame(n, { role: 'assistant', content: '' }, null));
}

function streamText(res: ServerResponse, n: number, field: 'content' | 'refusal', text: string): void {
  for (let i = 0; i < text.length; i += CHUNK_CHARS) res.write(chunkFrame(n, { [field]: text.slice(i, i + CHUNK_CHARS) }, null));
}

export class OpenAIFake {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: FakeScript[] = [];
  private readonly timers = new Set<NodeJS.Timeout>();
  private served = 0;
  /** Answers requests once the queue is empty (none: a 500 saying so). */
  whenEmpty: FakeScript | undefined;

  private constructor(
    private readonly server: Server,
    readonly baseUrl: string,
  ) {}

  /** Listens on 127.0.0.1 only, on a free port. */
  static async start(): Promise<OpenAIFake> {
    let fake: OpenAIFake | undefined;
    const server = createServer((req, res) => {
      void fake?.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    fake = new OpenAIFake(server, `http://127.0.0.1:${port}/v1`);
    return fake;
  }

  enqueue(...scripts: FakeScript[]): void {
    this.queue.push(...scripts);
  }

  /** Scripts not yet used. */
  get pending(): number {
    return this.queue.length;
  }

  /** Requests to /v1/chat/completions only. */
  get completions(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/v1/chat/completions');
  }

  async close(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    // Stalled responses never end on their own.
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const raw = await readBody(req);
    let body: Record<string, unknown> = {};
    try {
      body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
    } catch {
      return sendJson(res, 400, { error: { message: 'invalid JSON body', type: 'invalid_request_error' } });
    }
    this.requests.push({ method: req.method ?? '', path, authorization: req.headers.authorization, body });
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, { object: 'list', data: [{ id: MODEL, object: 'model', created: 0, owned_by: 'fake' }] });
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return sendJson(res, 404, { error: { message: `no route ${req.method} ${path}`, type: 'invalid_request_error' } });
    }
    const script = this.queue.shift() ?? this.whenEmpty;
    if (!script) return sendJson(res, 500, { error: { message: 'the fake has no scripted reply left', type: 'server_error' } });
    this.play(script, body, res, ++this.served);
  }

  private play(script: FakeScript, body: Record<string, unknown>, res: ServerResponse, n: number): void {
    const stream = body.stream === true;
    const promptTokens = Math.ceil(promptCharsOf(body) / 4);
    switch (script.kind) {
      case 'dynamic':
        return this.play(script.answer(body), body, res, n);
      case 'slow-headers': {
        const timer = setTimeout(() => {
          this.timers.delete(timer);
          if (!res.destroyed) this.play(script.then, body, res, n);
        }, script.delayMs);
        this.timers.add(timer);
        return;
      }
      case 'http-error':
        return sendJson(
          res,
          script.status,
          { error: { message: script.message ?? `scripted ${script.status}`, type: 'server_error', code: null } },
          script.headers,
        );
      case 'stall':
        if (stream) {
          startStream(res, n);
          streamText(res, n, 'content', script.contentBefore ?? '');
        } else {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.write('{"id":');
        }
        return;
      case 'stream-error':
        if (!stream) return sendJson(res, 500, { error: { message: script.message ?? 'server error', type: 'server_error' } });
        startStream(res, n);
        streamText(res, n, 'content', script.contentBefore ?? '');
        res.end(`data: ${JSON.stringify({ error: { message: script.message ?? 'model overloaded', type: 'server_error' } })}\n\n`);
        return;
      case 'refusal':
        if (!stream) return sendJson(res, 200, completion(n, null, 'stop', script.refusal, promptTokens));
        startStream(res, n);
        streamText(res, n, 'refusal', script.refusal);
        res.end(`${chunkFrame(n, {}, 'stop')}data: [DONE]\n\n`);
        return;
      case 'reply': {
        const finish = script.finishReason ?? 'stop';
        if (!stream) return sendJson(res, 200, completion(n, script.content, finish, null, promptTokens));
        startStream(res, n);
        streamText(res, n, 'content', script.content);
        res.end(`${chunkFrame(n, {}, finish)}data: [DONE]\n\n`);
        return;
      }
    }
  }
}

/** The text of a message the fake received ('system' or 'user'). */
export function messageOf(body: Record<string, unknown>, role: 'system' | 'user'): string {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: unknown; content?: unknown }[]) : [];
  const found = messages.find((m) => m.role === role);
  return typeof found?.content === 'string' ? found.content : '';
}

/** The JSON a well-behaved model returns. */
export function modelJson(sentences: { text: string; citations: number[] }[]): string {
  return JSON.stringify({ sentences });
}
