/** SUMMARIZER=local without a real model: settings, the start-up check, the grammar asked for, and the shared pipeline. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../src/config.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { createSummarizer } from '../src/summarize/index.js';
import type { ChatMessage, CompletionResult } from '../src/summarize/llm/index.js';
import { LocalModel } from '../src/summarize/local/index.js';
import { localInputBudget, summaryGrammarSchema } from '../src/summarize/local/local.js';
import { type LocalChatOptions, LocalModelError } from '../src/summarize/local/local-model.js';
import { makeArticle } from './support/articles.js';
import { grammarSubset } from './support/local-openai.js';

const dir = mkdtempSync(join(tmpdir(), 'newsbrief-local-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A file that starts like a GGUF model; nothing loads it in these tests. */
function ggufFile(name = 'Tiny-Instruct.Q4_0.gguf'): string {
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat([Buffer.from('GGUF'), Buffer.alloc(64)]));
  return path;
}

/** A model that answers from a script and records what it was asked. */
class ScriptedModel extends LocalModel {
  readonly asked: { messages: readonly ChatMessage[]; options: LocalChatOptions }[] = [];

  constructor(private readonly answer: (options: LocalChatOptions) => Promise<CompletionResult>) {
    super({ modelPath: 'scripted.gguf', contextSize: 4096 });
  }

  override chat(messages: readonly ChatMessage[], options: LocalChatOptions): Promise<CompletionResult> {
    this.asked.push({ messages, options });
    return this.answer(options);
  }
}

const articles = [
  makeArticle({
    id: 'a1',
    title: 'Council approves bridge',
    paragraphs: [
      'The city council approved a new bridge over the river on Monday.',
      'The mayor said construction would start in the spring.',
    ],
  }),
  makeArticle({ id: 'a2', title: 'Port expands', paragraphs: ['The port authority opened two new berths on Tuesday.'] }),
];

function summarizerWith(model: LocalModel, env: Record<string, string> = {}) {
  const store = new SqliteStore(':memory:');
  const config = parseConfig({ SUMMARIZER: 'local', LOCAL_MODEL: ggufFile(), ...env });
  return { store, summarizer: createSummarizer(config, { store, local: { model } }) };
}

describe('LOCAL_ settings', () => {
  it('needs LOCAL_MODEL when SUMMARIZER=local, in one line naming it', () => {
    expect(() => parseConfig({ SUMMARIZER: 'local' })).toThrow(/^invalid setting LOCAL_MODEL: required when SUMMARIZER=local/);
  });

  it('reads threads, context and deadline, with defaults', () => {
    const config = parseConfig({ SUMMARIZER: 'local', LOCAL_MODEL: 'm.gguf' });
    expect(config.local).toEqual({ modelPath: 'm.gguf', threads: undefined, contextSize: 4096, deadlineMs: 60_000 });
    const set = parseConfig({
      SUMMARIZER: 'local',
      LOCAL_MODEL: 'm.gguf',
      LOCAL_THREADS: '2',
      LOCAL_CONTEXT_SIZE: '8192',
      LOCAL_DEADLINE_MS: '5000',
    });
    expect(set.local).toEqual({ modelPath: 'm.gguf', threads: 2, contextSize: 8192, deadlineMs: 5000 });
    expect(() => parseConfig({ LOCAL_CONTEXT_SIZE: '100' })).toThrow(/^invalid setting LOCAL_CONTEXT_SIZE/);
    expect(() => parseConfig({ LOCAL_THREADS: '0' })).toThrow(/^invalid setting LOCAL_THREADS/);
  });
});

describe('the model file is checked at start-up, in one line', () => {
  const store = new SqliteStore(':memory:');
  const make = (path: string) => () => createSummarizer(parseConfig({ SUMMARIZER: 'local', LOCAL_MODEL: path }), { store });

  it('a missing file', () => {
    expect(make(join(dir, 'absent.gguf'))).toThrow(
      new ConfigError(`invalid setting LOCAL_MODEL: ${join(dir, 'absent.gguf')} does not exist`),
    );
  });

  it('a folder, and a file that is not a GGUF model', () => {
    mkdirSync(join(dir, 'folder.gguf'), { recursive: true });
    expect(make(join(dir, 'folder.gguf'))).toThrow(/is not a file$/);
    writeFileSync(join(dir, 'page.gguf'), '<html>not a model</html>');
    expect(make(join(dir, 'page.gguf'))).toThrow(/page\.gguf is not a GGUF model/);
  });

  it('a GGUF file is accepted, and nothing is loaded until the first summary', () => {
    const model = new ScriptedModel(() => Promise.reject(new Error('not asked')));
    const summarizer = createSummarizer(parseConfig({ SUMMARIZER: 'local', LOCAL_MODEL: ggufFile() }), { store, local: { model } });
    expect(summarizer.name).toBe('local:Tiny-Instruct.Q4_0');
    expect(model.asked).toEqual([]);
  });
});

describe('the grammar asked of the model', () => {
  it('the summary shape, at most N sentences, each citing only the articles given', () => {
    expect(summaryGrammarSchema(3, [1, 2])).toEqual({
      type: 'object',
      properties: {
        sentences: {
          type: 'array',
          maxItems: 3,
          items: {
            type: 'object',
            properties: { text: { type: 'string' }, citations: { type: 'array', items: { enum: [1, 2] }, minItems: 1, maxItems: 2 } },
          },
        },
      },
    });
  });

  it('keeps a prompt within the context, answer room spared', () => {
    expect(localInputBudget(4096)).toBe(2304);
    expect(localInputBudget(2048)).toBeLessThan(2048 - 1024);
  });

  it('the test wrapper reads a strict-mode schema as the grammar subset', () => {
    const strict = {
      type: 'object',
      properties: { n: { type: 'integer', minimum: 0 } },
      required: ['n'],
      additionalProperties: false,
      $schema: 'x',
    };
    expect(grammarSubset(strict)).toEqual({ type: 'object', properties: { n: { type: 'integer' } }, additionalProperties: false });
  });
});

describe('SUMMARIZER=local goes through the shared pipeline', () => {
  it("a faithful answer is the model's, named local:<file>; the request carries the grammar", async () => {
    const answer = JSON.stringify({
      sentences: [{ text: 'The city council approved a new bridge over the river on Monday.', citations: [1] }],
    });
    const model = new ScriptedModel(async () => ({ content: answer, finishReason: 'stop', refusal: null }));
    const { summarizer, store } = summarizerWith(model);
    const summary = await summarizer.summarize({ topic: 'bridge', terms: ['bridge'], articles, maxSentences: 2 });
    expect(summary.generator).toBe('local:Tiny-Instruct.Q4_0');
    expect(summary.sentences).toEqual([{ text: 'The city council approved a new bridge over the river on Monday.', sources: ['a1'] }]);
    expect(model.asked[0]!.options.output).toEqual(summaryGrammarSchema(2, [1, 2]));
    // Cached: asking again costs no call.
    await summarizer.summarize({ topic: 'bridge', terms: ['bridge'], articles, maxSentences: 2 });
    expect(model.asked).toHaveLength(1);
    store.close();
  });

  it('an invented answer is checked out, and the extractive summary answers saying why', async () => {
    const answer = JSON.stringify({ sentences: [{ text: 'Governor Smith rejected the bridge on Friday.', citations: [1] }] });
    const model = new ScriptedModel(async () => ({ content: answer, finishReason: 'stop', refusal: null }));
    const { summarizer, store } = summarizerWith(model);
    const summary = await summarizer.summarize({ articles, maxSentences: 2 });
    expect(summary.generator).toBe('extractive (local failed: unverified)');
    expect(summary.notes?.[0]).toMatch(
      /^The local summary was not used: too little of what the model wrote could be found in the articles/,
    );
    store.close();
  });

  it('an answer cut at the token limit, a model that cannot load, a deadline: each a reason in the footer', async () => {
    const cases: [(options: LocalChatOptions) => Promise<CompletionResult>, Record<string, string>, string][] = [
      [async () => ({ content: '{"sentences": [{"text": "The city', finishReason: 'length', refusal: null }), {}, 'length'],
      [async () => Promise.reject(new LocalModelError('the model m.gguf could not be loaded')), {}, 'error'],
      [
        (options) => new Promise((_, reject) => options.signal.addEventListener('abort', () => reject(options.signal.reason))),
        { LOCAL_DEADLINE_MS: '1000' },
        'timeout',
      ],
    ];
    for (const [answer, env, reason] of cases) {
      const { summarizer, store } = summarizerWith(new ScriptedModel(answer), env);
      const summary = await summarizer.summarize({ articles, maxSentences: 2 });
      expect(summary.generator).toBe(`extractive (local failed: ${reason})`);
      store.close();
    }
  });
});
