/**
 * A small OpenAI-compatible server on 127.0.0.1 around a real in-process model (LocalModel), so the
 * openai path (SDK, streaming, response_format, verification) meets real model output in tests.
 * POST /v1/chat/completions (whole or `stream: true` SSE) and GET /v1/models; the requests are kept.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatMessage } from '../../src/summarize/llm/index.js';
import type { LocalModel } from '../../src/summarize/local/index.js';
import type { GrammarSchema, LocalChatOptions } from '../../src/summarize/local/local-model.js';

export interface LocalOpenAI {
  /** Ends in /v1, as OPENAI_BASE_URL. */
  baseUrl: string;
  /** Every chat request body received, in order. */
  requests: ChatBody[];
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  messages?: ChatMessage[];
  stream?: boolean;
  max_tokens?: number;
  max_completion_tokens?: number;
  response_format?: { type: string; json_schema?: { schema?: GrammarSchema } };
}

// The keywords node-llama-cpp's grammar understands; strict-mode extras (required, $schema, bounds) are dropped.
const GRAMMAR_KEYWORDS = new Set(['type', 'properties', 'items', 'enum', 'const', 'minItems', 'maxItems', 'additionalProperties']);

/** A JSON schema cut down to what the grammar reads, recursively. */
export function grammarSubset(schema: unknown): GrammarSchema {
  if (typeof schema !== 'object' || schema === null) return {};
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (!GRAMMAR_KEYWORDS.has(key)) continue;
    if (key === 'properties' && typeof value === 'object' && value !== null) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, grammarSubset(sub)]));
    } else if (key === 'items') {
      out[key] = grammarSubset(value);
    } else if (key === 'additionalProperties') {
      out[key] = false;
    } else {
      out[key] = value;
    }
  }
  return out;
}

function outputOf(body: ChatBody): LocalChatOptions['output'] {
  const format = body.response_format;
  if (format?.type === 'json_schema' && format.json_schema?.schema) return grammarSubset(format.json_schema.schema);
  if (format?.type === 'json_object') return 'json';
  return null;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(value));
}

function completionObject(content: string, finishReason: string | null): unknown {
  return {
    id: 'chatcmpl-local',
    object: 'chat.completion',
    created: Math.floor(Date.now() / 1000),
    model: 'local',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, finish_reason: finishReason ?? 'stop' }],
  };
}

function chunkFrame(delta: Record<string, unknown>, finishReason: string | null): string {
  const chunk = {
    id: 'chatcmpl-local',
    object: 'chat.completion.chunk',
    created: Math.floor(Date.now() / 1000),
    model: 'local',
    choices: [{ index: 0, delta, finish_reason: finishReason }],
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

/** The answer as SSE: the role, the text, then how it ended and [DONE]. */
function sendStream(res: ServerResponse, content: string, finishReason: string | null): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(chunkFrame({ role: 'assistant', content: '' }, null));
  res.write(chunkFrame({ content }, null));
  res.write(chunkFrame({}, finishReason ?? 'stop'));
  res.end('data: [DONE]\n\n');
}

async function answerChat(model: LocalModel, body: ChatBody, res: ServerResponse): Promise<void> {
  // The client hanging up (its deadline) stops the model too.
  const controller = new AbortController();
  res.on('close', () => controller.abort());
  const result = await model.chat(body.messages ?? [], {
    output: outputOf(body),
    maxTokens: body.max_tokens ?? body.max_completion_tokens ?? 512,
    signal: controller.signal,
  });
  if (res.destroyed) return;
  if (body.stream) sendStream(res, result.content, result.finishReason);
  else sendJson(res, 200, completionObject(result.content, result.finishReason));
}

export async function startLocalOpenAI(model: LocalModel): Promise<LocalOpenAI> {
  const requests: ChatBody[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      if (req.method === 'GET' && req.url === '/v1/models')
        return sendJson(res, 200, { object: 'list', data: [{ id: 'local', object: 'model' }] });
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return sendJson(res, 404, { error: { message: 'not found' } });
      const body = JSON.parse(await readBody(req)) as ChatBody;
      requests.push(body);
      await answerChat(model, body, res);
    })().catch(() => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: 'the model failed' } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
