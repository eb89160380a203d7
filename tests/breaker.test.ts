import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ExtractiveSummarizer, type SummarizableArticle } from '../src/summarize/index.js';
import { EndpointBreaker, withFallback } from '../src/summarize/llm/index.js';
import { OpenAISummarizer, type OutputMode } from '../src/summarize/openai/index.js';
import { modelJson, OpenAIFake } from './support/openai-fake.js';

const ARTICLE: SummarizableArticle = {
  id: 'oil',
  title: 'Oil exports fall',
  published: null,
  paragraphs: ['Iranian oil exports fell 12 percent in March, shipping data showed.'],
};
const GOOD = modelJson([{ text: 'Iranian oil exports fell 12 percent in March.', citations: [1] }]);

describe('the endpoint breaker on its own', () => {
  it('lets exactly one trial through after the cooldown, until it reports back', () => {
    let now = 0;
    const breaker = new EndpointBreaker({ threshold: 2, cooldownMs: 1000, now: () => now });
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordFailure();
    breaker.recordFailure();
    expect(breaker.tryAcquire()).toBe(false);
    now = 1001;
    expect([breaker.tryAcquire(), breaker.tryAcquire(), breaker.tryAcquire()]).toEqual([true, false, false]);
    // The trial failed: skipped again for a whole cooldown.
    breaker.recordFailure();
    expect(breaker.skippedForMs()).toBe(1000);
    expect(breaker.tryAcquire()).toBe(false);
    now = 2002;
    expect(breaker.tryAcquire()).toBe(true);
    // A cancelled trial learns nothing: the next caller tries instead.
    breaker.release();
    expect(breaker.tryAcquire()).toBe(true);
    breaker.recordSuccess();
    expect([breaker.tryAcquire(), breaker.tryAcquire()]).toEqual([true, true]);
  });
});

let fake: OpenAIFake;
beforeAll(async () => {
  fake = await OpenAIFake.start();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.requests.length = 0;
  expect(fake.pending).toBe(0);
});

function summarizerWith(breaker: EndpointBreaker, outputMode: OutputMode) {
  const openai = new OpenAISummarizer({
    model: 'fake-model',
    apiKey: 'sk-test',
    baseUrl: fake.baseUrl,
    outputMode,
    deadlineMs: 2000,
    inputTokenBudget: 6000,
    transport: { stream: false, idleMs: 1000 },
    retry: { maxAttempts: 1 },
    breaker,
  });
  return withFallback(openai, new ExtractiveSummarizer(), { label: 'openai' });
}

const ask = (summarizer: ReturnType<typeof summarizerWith>) => summarizer.summarize({ articles: [ARTICLE], maxSentences: 1 });

describe.each<[string, OutputMode]>([
  ['structured output', 'json_schema'],
  ['plain JSON', 'json_object'],
])('after the cooldown, concurrent /summary requests against a loopback endpoint (%s)', (_label, mode) => {
  it.each([
    ['answers', { kind: 'reply', content: GOOD } as const, 'openai:fake-model'],
    ['fails again', { kind: 'http-error', status: 503 } as const, 'extractive (openai failed: error)'],
  ])(
    'send exactly one trial request; the others are answered extractively at once (the trial %s)',
    async (_what, trialAnswer, trialGenerator) => {
      let now = 0;
      const breaker = new EndpointBreaker({ threshold: 1, cooldownMs: 60_000, now: () => now });
      const summarizer = summarizerWith(breaker, mode);
      fake.enqueue({ kind: 'http-error', status: 500 });
      expect((await ask(summarizer)).generator).toBe('extractive (openai failed: error)');
      expect((await ask(summarizer)).generator).toBe('extractive (openai skipped: repeated failures)');
      expect(fake.completions).toHaveLength(1);

      now = 60_001;
      fake.requests.length = 0;
      // The trial's answer is slow, so every other request arrives while it is out.
      fake.enqueue({ kind: 'slow-headers', delayMs: 150, then: trialAnswer });
      const answers = await Promise.all(Array.from({ length: 6 }, () => ask(summarizer)));
      expect(fake.completions).toHaveLength(1);
      const generators = answers.map((a) => a.generator);
      expect(generators.filter((g) => g === trialGenerator)).toHaveLength(1);
      expect(generators.filter((g) => g === 'extractive (openai skipped: repeated failures)')).toHaveLength(5);

      // After a good trial the endpoint is used again; after a bad one it is skipped for another cooldown.
      fake.requests.length = 0;
      if (trialGenerator === 'openai:fake-model') {
        fake.enqueue({ kind: 'reply', content: GOOD }, { kind: 'reply', content: GOOD });
        const next = await Promise.all([ask(summarizer), ask(summarizer)]);
        expect(next.map((a) => a.generator)).toEqual(['openai:fake-model', 'openai:fake-model']);
        expect(fake.completions).toHaveLength(2);
      } else {
        expect((await ask(summarizer)).generator).toBe('extractive (openai skipped: repeated failures)');
        expect(fake.completions).toHaveLength(0);
      }
    },
  );
});
