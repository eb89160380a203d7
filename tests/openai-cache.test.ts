import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { ingestPaths } from '../src/news/ingest.js';
import { News } from '../src/news/news.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { createSummarizer, type SummarizableArticle, type SummarizerDeps } from '../src/summarize/index.js';
import { messagesTokens } from '../src/summarize/llm/budget.js';
import { summaryCacheKey } from '../src/summarize/llm/cache.js';
import type { ChatMessage, PromptPass } from '../src/summarize/llm/index.js';
import { createOpenAIClient, OpenAISummarizer } from '../src/summarize/openai/index.js';
import { makeArticle } from './support/articles.js';
import { type FakeScript, messageOf, modelJson, OpenAIFake } from './support/openai-fake.js';

const KEY = 'sk-test-cache-key';
let fake: OpenAIFake;
let dir: string;

beforeAll(async () => {
  fake = await OpenAIFake.start();
  dir = mkdtempSync(join(tmpdir(), 'newsbrief-openai-'));
});
afterAll(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
afterEach(() => {
  fake.requests.length = 0;
  fake.whenEmpty = undefined;
  expect(fake.pending).toBe(0);
});

/** A model that copies the first sentence of each of the first three articles (or notes) it is shown, citing them. */
function echoModel(): FakeScript {
  return {
    kind: 'dynamic',
    answer: (body) => {
      const user = messageOf(body, 'user');
      const notes = [...user.matchAll(/^- (.+?) ((?:\[\d+\])+)$/gm)].map((m) => ({
        text: m[1]!,
        citations: [...m[2]!.matchAll(/\d+/g)].map((d) => Number(d[0])),
      }));
      const articles = [...user.matchAll(/<<<ARTICLE (\d+) \w+>>>\nTitle: .*\n(?:Published: .*\n)?(.+?[.!?])(?: |\n)/g)].map((m) => ({
        text: m[2]!,
        citations: [Number(m[1])],
      }));
      return { kind: 'reply', content: modelJson((notes.length > 0 ? notes : articles).slice(0, 3)) };
    },
  };
}

function configFor(model = 'fake-model') {
  return parseConfig({ SUMMARIZER: 'openai', OPENAI_MODEL: model, OPENAI_BASE_URL: fake.baseUrl, OPENAI_API_KEY: KEY });
}

interface Sent {
  pass: PromptPass;
  tokens: number;
}

function depsFor(store: SqliteStore, sent: Sent[] = []): SummarizerDeps {
  return {
    store,
    openai: { transport: { stream: true, idleMs: 500 }, retry: { sleep: async () => undefined }, onPrompt: (info) => sent.push(info) },
  };
}

const FERRY_LINES = ['North', 'South', 'East', 'West', 'Island', 'Bay', 'Canal', 'River', 'Point', 'Harbour'];
const DAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** A news-length article (eight paragraphs, ~450 words) on the ferry topic, distinct from its siblings. */
function ferryArticle(n: number): SummarizableArticle & { source: string } {
  const line = `${FERRY_LINES[n % 10]} ${n}`;
  const paragraphs = Array.from({ length: 8 }, (_, j) =>
    [
      `The ${line} harbor ferry carried ${1000 + n * 37 + j * 11} riders on ${DAYS[(n + j) % 7]}, the transit agency said in its weekly report on the ferry network.`,
      `Commuters at pier ${j + 1} waited up to ${10 + ((n * j) % 30)} minutes, and officials from district ${(n + j) % 12} asked for ${j + 2} more evening sailings.`,
      `The agency said a decision on the ${line} schedule would follow a review of fuel costs of ${200 + n * 3 + j} dollars per trip.`,
    ].join(' '),
  );
  return {
    id: `ferry-${n}`,
    title: `${line} ferry adds evening sailings after rider complaints`,
    published: `2025-03-${String(1 + (n % 28)).padStart(2, '0')}`,
    paragraphs,
    source: 'Harbor Wire',
  };
}

describe('configuration', () => {
  it('builds the openai summarizer from settings alone, with a placeholder key for a local server', async () => {
    const store = new SqliteStore(':memory:');
    const config = parseConfig({ SUMMARIZER: 'openai', OPENAI_MODEL: 'llama3.2', OPENAI_BASE_URL: fake.baseUrl });
    fake.enqueue(echoModel());
    const summary = await createSummarizer(config, depsFor(store)).summarize({
      topic: 'ferry',
      articles: [ferryArticle(7), ferryArticle(8)],
      maxSentences: 2,
    });
    expect(summary.generator).toBe('openai:llama3.2');
    expect(fake.completions[0]!.authorization).toBe('Bearer not-needed');
    expect(() => createSummarizer(parseConfig({ SUMMARIZER: 'openai', OPENAI_MODEL: 'gpt-4o-mini' }), { store })).toThrow(/OPENAI_API_KEY/);
    expect(createSummarizer(parseConfig({}), { store }).name).toBe('extractive');
    await store.close();
  });

  it('talks to the fake with the real SDK: GET /v1/models', async () => {
    const client = createOpenAIClient({ apiKey: KEY, baseUrl: fake.baseUrl, timeoutMs: 1000 });
    const models = [];
    for await (const model of client.models.list()) models.push(model.id);
    expect(models).toEqual(['fake-model']);
    expect(fake.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /v1/models']);
  });
});

describe('the summary cache', () => {
  it('makes no second call for the same articles, model, endpoint and prompt, even after a restart', async () => {
    const dbPath = join(dir, 'restart.db');
    const request = { topic: 'ferry', terms: ['ferry'], articles: [ferryArticle(1), ferryArticle(2)], maxSentences: 2 };
    let store = new SqliteStore(dbPath);
    fake.enqueue(echoModel());
    const first = await createSummarizer(configFor(), depsFor(store)).summarize(request);
    expect(first.generator).toBe('openai:fake-model');
    expect(await createSummarizer(configFor(), depsFor(store)).summarize(request)).toEqual(first);
    await store.close();

    store = new SqliteStore(dbPath);
    const afterRestart = await createSummarizer(configFor(), depsFor(store)).summarize(request);
    expect(afterRestart).toEqual(first);
    expect(fake.completions).toHaveLength(1);

    // Another model is another answer.
    fake.enqueue(echoModel());
    await createSummarizer(configFor('other-model'), depsFor(store)).summarize(request);
    expect(fake.completions).toHaveLength(2);
    await store.close();
  });

  it('never stores a fallback: after a failure the next request asks again', async () => {
    const store = new SqliteStore(join(dir, 'failure.db'));
    const request = { topic: 'ferry', terms: ['ferry'], articles: [ferryArticle(3), ferryArticle(4)], maxSentences: 2 };
    fake.enqueue({ kind: 'http-error', status: 500 }, { kind: 'http-error', status: 500 }, { kind: 'http-error', status: 500 });
    const failed = await createSummarizer(configFor(), depsFor(store)).summarize(request);
    expect(failed.generator).toBe('extractive (openai failed: error)');
    fake.enqueue(echoModel());
    const retried = await createSummarizer(configFor(), depsFor(store)).summarize(request);
    expect(retried.generator).toBe('openai:fake-model');
    expect(fake.completions).toHaveLength(4);
    await store.close();
  });

  it('keys on prompt version, model, endpoint, topic and the exact article text, not on the key', () => {
    const request = { topic: 'ferry', articles: [ferryArticle(1)], maxSentences: 2 };
    const identity = { promptVersion: 'summary-v1', model: 'm', endpoint: 'http://127.0.0.1:1/v1' };
    const key = summaryCacheKey(identity, request);
    expect(summaryCacheKey({ ...identity }, { ...request })).toBe(key);
    expect(summaryCacheKey({ ...identity, promptVersion: 'summary-v2' }, request)).not.toBe(key);
    expect(summaryCacheKey({ ...identity, model: 'n' }, request)).not.toBe(key);
    expect(summaryCacheKey({ ...identity, endpoint: 'http://localhost:11434/v1' }, request)).not.toBe(key);
    expect(summaryCacheKey(identity, { ...request, topic: 'bus' })).not.toBe(key);
    const edited = { ...ferryArticle(1), paragraphs: [...ferryArticle(1).paragraphs, 'A correction.'] };
    expect(summaryCacheKey(identity, { ...request, articles: [edited] })).not.toBe(key);
  });
});

describe('a failing endpoint', () => {
  it('is skipped for a few minutes after three failed summaries, then tried again', async () => {
    let clock = 1_000_000;
    const openai = { now: () => clock, retry: { maxAttempts: 1, sleep: async () => undefined }, transport: { stream: false, idleMs: 500 } };
    const store = new SqliteStore(':memory:');
    const summarizer = createSummarizer(configFor(), { store, openai });
    const request = { topic: 'ferry', articles: [ferryArticle(5), ferryArticle(6)], maxSentences: 2 };
    fake.enqueue({ kind: 'http-error', status: 502 }, { kind: 'http-error', status: 502 }, { kind: 'http-error', status: 502 });
    for (let i = 0; i < 3; i++) expect((await summarizer.summarize(request)).generator).toBe('extractive (openai failed: error)');
    const skipped = await summarizer.summarize(request);
    expect(skipped.generator).toBe('extractive (openai skipped: repeated failures)');
    expect(skipped.notes?.[0]).toContain('trying it again in 300 s');
    expect(fake.completions).toHaveLength(3);
    clock += 5 * 60_000 + 1;
    fake.enqueue(echoModel());
    expect((await summarizer.summarize(request)).generator).toBe('openai:fake-model');
    expect(fake.completions).toHaveLength(4);
    await store.close();
  });
});

describe('the token budget', () => {
  it('maps groups of articles and reduces their verified notes when one prompt cannot hold them', async () => {
    const articles = Array.from({ length: 20 }, (_, i) => ferryArticle(i + 1));
    const sent: Sent[] = [];
    const summarizer = new OpenAISummarizer({
      model: 'fake-model',
      apiKey: KEY,
      baseUrl: fake.baseUrl,
      outputMode: 'json_schema',
      deadlineMs: 2000,
      inputTokenBudget: 1200,
      onPrompt: (info) => sent.push(info),
    });
    fake.whenEmpty = echoModel();
    const summary = await summarizer.summarize({ topic: 'ferry', terms: ['ferry'], articles, maxSentences: 3 });
    const passes = sent.map((s) => s.pass);
    expect(passes.filter((p) => p === 'map').length).toBeGreaterThan(1);
    expect(passes.at(-1)).toBe('reduce');
    for (const request of fake.completions) expect(messagesTokens(request.body.messages as ChatMessage[])).toBeLessThanOrEqual(1200);
    expect(messageOf(fake.completions.at(-1)!.body, 'user')).toContain('<<<NOTES');
    expect(summary.generator).toBe('openai:fake-model');
    expect(summary.sentences.flatMap((s) => s.sources).every((id) => articles.some((a) => a.id === id))).toBe(true);
  });
});

describe('prompt sizes and the cache on real data', () => {
  const countArticles = (i: number): number => (messageOf(fake.completions[i]!.body, 'user').match(/<<<ARTICLE \d+/g) ?? []).length;
  it('/summary iran on the sample data, a 20-article topic within the token budget, and the cache across a restart', async () => {
    const budget = configFor().openai.inputTokenBudget;
    const dbPath = join(dir, 'measure.db');
    let store = new SqliteStore(dbPath);
    await ingestPaths(store, [fileURLToPath(new URL('../data/articles', import.meta.url))], { maxFileBytes: 50 * 1024 * 1024 });
    for (let n = 1; n <= 20; n++) {
      const a = ferryArticle(n);
      await store.upsert(
        makeArticle({
          title: a.title,
          paragraphs: a.paragraphs,
          published: a.published,
          source: a.source,
          url: `https://wire.example/ferry-${n}`,
        }),
      );
    }
    const sent: Sent[] = [];
    fake.whenEmpty = echoModel();
    let news = new News({ store, summarizer: createSummarizer(configFor(), depsFor(store, sent)) });

    const iran = await news.summary('iran');
    expect(countArticles(0)).toBeGreaterThan(0);
    expect(sent[0]!.tokens).toBeLessThanOrEqual(budget);
    expect(iran.summarizer).toBe('openai:fake-model');
    // What users see as sources is the store's metadata for the cited ids, whatever the model wrote.
    const refs = await store.search({ groups: [['iran', 'iranian', 'tehran']] }, { limit: 12 });
    for (const source of iran.sources) expect(refs).toContainEqual(source);

    // Asked again, and again after a restart: answered from the cache, no new request.
    expect(await news.summary('iran')).toEqual(iran);
    await store.close();
    store = new SqliteStore(dbPath);
    news = new News({ store, summarizer: createSummarizer(configFor(), depsFor(store, sent)) });
    expect(await news.summary('iran')).toEqual(iran);
    expect(fake.completions).toHaveLength(1);

    // /summary reads the top 12 of the 20 matching articles, within the budget.
    await news.summary('ferry');
    expect(countArticles(1)).toBeLessThanOrEqual(12);
    expect(sent.slice(1).every((s) => s.tokens <= budget)).toBe(true);

    // All 20 given at once: what does not fit one prompt goes in further passes, each within the budget.
    const ferryRefs = await store.search({ groups: [['ferry']] }, { limit: 20 });
    const twenty = await store.get(ferryRefs.map((r) => r.id));
    expect(twenty).toHaveLength(20);
    const before = sent.length;
    const summarizer = createSummarizer(configFor(), depsFor(store, sent));
    await summarizer.summarize({ topic: 'ferry', terms: ['ferry'], articles: twenty, maxSentences: 3 });
    expect(sent.length).toBeGreaterThan(before);
    expect(sent.slice(before).every((s) => s.tokens <= budget)).toBe(true);
    await store.close();
  });
});
