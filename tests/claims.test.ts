import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../src/log.js';
import { createClaimChecker } from '../src/summarize/citations/index.js';
import { ExtractiveSummarizer, holdCitations, type SummarizableArticle } from '../src/summarize/index.js';
import { withFallback } from '../src/summarize/llm/index.js';
import { OpenAISummarizer, type OutputMode } from '../src/summarize/openai/index.js';
import { modelJson, OpenAIFake } from './support/openai-fake.js';

// The seed page's article: its body paragraphs as the page prints them, without the site's furniture.
function seedArticle(): SummarizableArticle {
  const raw = readFileSync(new URL('../data/articles/townhall-iran-rejects-direct-talks.txt', import.meta.url), 'utf8');
  const blocks = raw.split(/\n\s*\n/).map((b) => b.trim());
  const start = blocks.findIndex((b) => b.startsWith("Iran's president made it clear"));
  const end = blocks.findIndex((b) => b.startsWith('Join the conversation'));
  return {
    id: 'seed',
    title: "Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter",
    published: null,
    paragraphs: blocks.slice(start, end).filter((b) => b !== 'Advertisement'),
  };
}

const SEED = seedArticle();
const OIL: SummarizableArticle = {
  id: 'oil',
  title: 'Oil exports fall',
  published: null,
  paragraphs: [
    'Iranian oil exports fell 12 percent in March, shipping data showed.',
    'Buyers in Asia cut purchases of Iranian crude, traders said.',
  ],
};

// Faithful: the first shortened, the second restated with its attribution moved to the front.
const FAITHFUL = [
  {
    text: "Iran's president made it clear on Sunday that the Islamic Republic would not engage in direct talks with the United States.",
    citations: [1],
  },
  { text: 'Iran President Masoud Pezeshkian said the path for indirect negotiations remains open.', citations: [1] },
];
// The three sentences of issue 17: a president the article never names, the right sentence given to the wrong actor, a reversal.
const ROUHANI =
  "Iran's president Hassan Rouhani made it clear on Sunday that the Islamic Republic would not engage in direct talks with the United States.";
const WRONG_ACTOR =
  'Donald Trump made it clear on Sunday that the Islamic Republic would not engage in direct talks with the United States.';
const REVERSAL = 'Iran agreed on Sunday to direct talks with the United States about its nuclear program.';

describe('the claim check against the seed article (ADR 18)', () => {
  const checker = createClaimChecker([SEED, OIL]);
  const check = (text: string, cited = ['seed']) => checker.check(text, cited);

  it('rejects a person the article never names, the wrong actor, and a reversal', () => {
    expect(check(ROUHANI)).toEqual({ holding: [], fault: 'name' });
    expect(check(WRONG_ACTOR)).toEqual({ holding: [], fault: 'actor' });
    expect(check(REVERSAL)).toEqual({ holding: [], fault: 'opposite' });
  });

  it('rejects a negation dropped or added, another number, and names swapped between roles', () => {
    expect(check('During a cabinet meeting, Pezeshkian stressed that Iran is opposed to talks with the U.S.').fault).toBe('negation');
    expect(
      check("Iran's president made it clear on Sunday that the Islamic Republic would engage in direct talks with the United States.")
        .fault,
    ).toBe('negation');
    expect(check('Trump withdrew the U.S. from the 2015 nuclear deal in 2019.').fault).toBe('number');
    expect(check('Earlier this month, Khamenei said he had sent a letter to Trump.').fault).toBe('actor');
    // A name made of two people's names.
    expect(check("Earlier this month, Trump said he had sent a letter to Iran's Supreme Leader Ayatollah Ali Trump.").fault).toBe('name');
    expect(check('Iranian oil exports rose 12 percent in March.', ['oil']).fault).toBe('opposite');
  });

  it('sees a negation dropped at the end of a sentence, and two names traded across an appositive', () => {
    const wire: SummarizableArticle = {
      id: 'wire',
      title: '',
      published: null,
      paragraphs: [
        'Officials hoped the talks would resume this week, but the envoy said they would not.',
        'Steve Ash, from Activcard, told the BBC there are two parts to the process.',
      ],
    };
    const wireCheck = createClaimChecker([wire]);
    expect(wireCheck.check('Officials hoped the talks would resume this week, but the envoy said they would.', ['wire']).fault).toBe(
      'negation',
    );
    expect(wireCheck.check('Activcard, from Steve Ash, told the BBC there are two parts to the process.', ['wire']).fault).toBe('actor');
    expect(wireCheck.check('Steve Ash of Activcard told the BBC there are two parts to the process.', ['wire']).fault).toBeNull();
  });

  it('keeps faithful paraphrase: shortened, reordered, a pronoun named, two sentences fused', () => {
    for (const { text } of FAITHFUL) expect(check(text).holding).toEqual(['seed']);
    expect(check('On Sunday, Iran rejected direct talks with the United States, its president made clear.').fault).toBeNull();
    // "He emphasized ..." in the article: the model names him.
    expect(
      check('Pezeshkian emphasized that the U.S. must prove it can rebuild trust before meaningful negotiations occur.').holding,
    ).toEqual(['seed']);
    expect(check('Trump said he had sent a letter to Khamenei asking him to negotiate a deal.').holding).toEqual(['seed']);
    // The headline restated (every word of it capitalised); "said" for the article's "He emphasized".
    expect(check("Iran has rejected direct negotiations with the U.S. in response to Trump's letter.").holding).toEqual(['seed']);
    expect(check('Pezeshkian said the U.S. must rebuild trust before negotiations.').holding).toEqual(['seed']);
    expect(check("Trump rejected direct negotiations with the U.S. in response to Iran's letter.").fault).toBe('actor');
    const fused =
      'Pezeshkian stressed that Iran is not opposed to talks with the U.S., and he emphasized that the U.S. must prove it can rebuild trust.';
    expect(check(fused).holding).toEqual(['seed']);
  });

  it('fuses sentences across the articles a sentence cites, and keeps each article that holds a part', () => {
    const across = "Iran's president rejected direct talks with the United States, and Iranian oil exports fell 12 percent in March.";
    expect(check(across, ['seed', 'oil']).holding).toEqual(['seed', 'oil']);
    expect(check(across, ['seed']).holding).toEqual([]);
  });
});

describe("holdCitations: copied sentences by the strict rule (ADR 14), a model's by the claim check (ADR 18)", () => {
  const fused =
    "Iran's president rejected direct talks with the United States, and Pezeshkian said the path for indirect negotiations remains open.";
  it("keeps a model sentence fused from two of the article's sentences, and drops a wrong one", () => {
    const summary = {
      generator: 'openai:m',
      sentences: [
        { text: fused, sources: ['seed'] },
        { text: WRONG_ACTOR, sources: ['seed'] },
      ],
    };
    expect(holdCitations(summary, [SEED]).sentences).toEqual([{ text: fused, sources: ['seed'] }]);
  });
  it('holds an extractive sentence to one sentence of the article', () => {
    const summary = { generator: 'extractive', sentences: [{ text: fused, sources: ['seed'] }] };
    expect(holdCitations(summary, [SEED]).sentences).toEqual([]);
  });
});

let fake: OpenAIFake;
const logLines: string[] = [];
const logger: Logger = { debug: () => {}, info: (m) => logLines.push(m), warn: (m) => logLines.push(m), error: (m) => logLines.push(m) };

beforeAll(async () => {
  fake = await OpenAIFake.start();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.requests.length = 0;
  logLines.length = 0;
  expect(fake.pending).toBe(0);
});

async function summarize(outputMode: OutputMode, sentences: { text: string; citations: number[] }[], maxSentences = 3) {
  fake.enqueue({ kind: 'reply', content: modelJson(sentences) });
  const openai = new OpenAISummarizer({
    model: 'fake-model',
    apiKey: 'sk-test',
    baseUrl: fake.baseUrl,
    outputMode,
    deadlineMs: 2000,
    inputTokenBudget: 6000,
    transport: { stream: false, idleMs: 500 },
    nonce: () => 'feedfacefeedface',
    logger,
  });
  const summarizer = withFallback(openai, new ExtractiveSummarizer(), { label: 'openai', logger });
  return summarizer.summarize({ topic: 'iran', terms: ['iran'], articles: [SEED], maxSentences });
}

describe.each<[string, OutputMode]>([
  ['structured output (json_schema)', 'json_schema'],
  ['plain JSON (json_object)', 'json_object'],
  ['plain JSON asked for in the prompt', 'prompt'],
])('LLM summaries of the seed article from a loopback endpoint, %s', (_label, mode) => {
  it.each([
    ['a person the article never names', ROUHANI, 'a name or date its source does not give'],
    ['the right sentence given to the wrong actor', WRONG_ACTOR, 'gives what was said or done to someone else'],
    ['a reversal', REVERSAL, 'says the opposite of its source'],
  ])('drops %s, answers with the two faithful sentences, and logs why', async (_what, bad, reason) => {
    const summary = await summarize(mode, [...FAITHFUL, { text: bad, citations: [1] }]);
    expect(summary.generator).toBe('openai:fake-model');
    expect(summary.sentences.map((s) => s.text)).toEqual(FAITHFUL.map((s) => s.text));
    expect(summary.sentences.every((s) => s.sources[0] === 'seed')).toBe(true);
    expect(summary.notes?.join(' ')).toContain(reason);
    expect(logLines.some((l) => l.includes(`left out a sentence (${reason})`) && l.includes(bad.slice(0, 40)))).toBe(true);
  });

  it('uses a faithful answer shorter than asked, with no failure logged', async () => {
    const summary = await summarize(mode, [FAITHFUL[0]!], 3);
    expect(summary.generator).toBe('openai:fake-model');
    expect(summary.sentences).toHaveLength(1);
    expect(logLines.join('\n')).not.toMatch(/unverified|failed/);
  });

  it('answers with the extractive summary when too little holds, and says why in words', async () => {
    const summary = await summarize(mode, [
      FAITHFUL[0]!,
      { text: ROUHANI, citations: [1] },
      { text: WRONG_ACTOR, citations: [1] },
      { text: REVERSAL, citations: [1] },
    ]);
    expect(summary.generator).toBe('extractive (openai failed: unverified)');
    const footer = summary.notes?.[0] ?? '';
    expect(footer).toContain('too little of what the model wrote could be found in the articles');
    expect(footer).toContain('3 of the 4 sentences the model wrote did not hold up against the articles');
    expect(footer).toContain('says the opposite of its source');
    expect(logLines.some((l) => l.includes('failed: unverified: 3 of the 4 sentences'))).toBe(true);
  });

  it('keeps a faithful paraphrase: reordered, a pronoun named, two sentences fused', async () => {
    const paraphrase = [
      { text: 'On Sunday, Iran rejected direct talks with the United States, its president made clear.', citations: [1] },
      { text: 'Pezeshkian emphasized that the U.S. must prove it can rebuild trust before meaningful negotiations occur.', citations: [1] },
      {
        text: "Iran's president rejected direct talks with the United States, and Pezeshkian said the path for indirect negotiations remains open.",
        citations: [1],
      },
    ];
    const summary = await summarize(mode, paraphrase);
    expect(summary.generator).toBe('openai:fake-model');
    expect(summary.sentences.map((s) => s.text)).toEqual(paraphrase.map((s) => s.text));
  });
});
