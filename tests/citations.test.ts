import { describe, expect, it } from 'vitest';
import { News } from '../src/news/news.js';
import { SqliteStore } from '../src/store/sqlite.js';
import { createCitationChecker } from '../src/summarize/citations/index.js';
import { ExtractiveSummarizer, holdCitations, type SummarizableArticle, type Summarizer, type Summary } from '../src/summarize/index.js';
import { makeArticle } from './support/articles.js';

// Three outlets on one flood: two near-identical wire sentences, one sentence only the wire has,
// and versions that differ in a number, a negation or a name.
const WIRE: SummarizableArticle = {
  id: 'wire',
  title: 'Floods force thousands from Riverton homes',
  published: '2025-03-30',
  paragraphs: [
    'Floodwaters forced 3,000 residents of Riverton to leave their homes on Tuesday, city officials said.',
    'Mayor Ana Ruiz declared a state of emergency and opened two shelters at local schools.',
    'Insurers expect flood claims across the county to top $40 million, and the state will cover half of the repair bill, Governor Tom Hale said.',
  ],
};
const HERALD: SummarizableArticle = {
  id: 'herald',
  title: 'Riverton evacuates as river rises',
  published: '2025-03-30',
  paragraphs: [
    'Floodwaters forced 3,000 residents of Riverton to leave their homes on Tuesday, officials said.',
    'Mayor Ana Ruiz declared a state of emergency on Tuesday and opened two shelters at local schools.',
    'The river crested at nine metres overnight, the highest level since records began.',
  ],
};
const GAZETTE: SummarizableArticle = {
  id: 'gazette',
  title: 'Hundreds leave Riverton',
  published: '2025-03-30',
  paragraphs: [
    'Floodwaters forced 300 residents of Riverton to leave their homes on Tuesday.',
    'Mayor Ana Ruiz has not declared a state of emergency, but she opened two shelters at local schools.',
    'Insurers expect flood claims across the county to top $40 million.',
  ],
};
const OUTLETS = [WIRE, HERALD, GAZETTE];
const ALL = OUTLETS.map((a) => a.id);

const EVACUATED = 'Floodwaters forced 3,000 residents of Riverton to leave their homes on Tuesday, city officials said.';
const EMERGENCY = 'Mayor Ana Ruiz declared a state of emergency and opened two shelters at local schools.';
const WIRE_ONLY = WIRE.paragraphs[2]!;

function citing(...sentences: [string, string[]][]): Summary {
  return { generator: 'test', sentences: sentences.map(([text, sources]) => ({ text, sources })) };
}

describe('citations hold (ADR 14)', () => {
  it('cites a sentence only one outlet has to that outlet alone, though a trimmed copy elsewhere was merged with it', async () => {
    const summary = await new ExtractiveSummarizer().summarize({ articles: OUTLETS, maxSentences: 6 });
    const merged = summary.sentences.find((s) => s.text === WIRE_ONLY);
    // The summarizer folds the gazette's shorter copy into the wire's sentence...
    expect(merged?.sources).toEqual(['wire', 'gazette']);
    // ...and the step every summary passes keeps only the article that says all of it.
    const held = holdCitations(summary, OUTLETS).sentences.find((s) => s.text === WIRE_ONLY);
    expect(held?.sources).toEqual(['wire']);
  });

  it('cites every outlet that holds a near-identical sentence', () => {
    const out = holdCitations(citing([EVACUATED, ALL], [EMERGENCY, ALL]), OUTLETS);
    // The herald drops "city" and adds "on Tuesday": a reader would call them the same sentence.
    expect(out.sentences.map((s) => s.sources)).toEqual([
      ['wire', 'herald'],
      ['wire', 'herald'],
    ]);
  });

  it('drops a cited article whose closest sentence has another number or says the opposite', () => {
    const checker = createCitationChecker(OUTLETS);
    // 300 is not 3,000; "has not declared" is not "declared".
    expect(checker.holds('gazette', EVACUATED)).toBe(false);
    expect(checker.holds('gazette', EMERGENCY)).toBe(false);
    // The same number written without its separator is the same number.
    expect(checker.holds('wire', 'Floodwaters forced 3000 residents of Riverton to leave their homes on Tuesday.')).toBe(true);
  });

  it('drops a cited article that lacks a name the sentence gives', () => {
    const checker = createCitationChecker(OUTLETS);
    expect(checker.holds('wire', 'Mayor Ana Ruiz declared a state of emergency and opened two shelters at local schools.')).toBe(true);
    expect(checker.holds('wire', 'Mayor Ben Ruiz declared a state of emergency and opened two shelters at local schools.')).toBe(false);
  });

  it('checks sentence by sentence, not against the words of the whole article', () => {
    // Every word is in the wire article, spread over two of its sentences.
    const spread = 'Mayor Ana Ruiz expects flood claims across the county to top $40 million.';
    expect(createCitationChecker(OUTLETS).holds('wire', spread)).toBe(false);
  });

  it('does not cite through a chain of near-duplicates (A like B and B like C does not make A cite C)', () => {
    const a: SummarizableArticle = {
      id: 'a',
      title: '',
      published: null,
      paragraphs: ['Rescue crews pulled twelve stranded drivers from submerged cars near the old mill bridge overnight.'],
    };
    const b: SummarizableArticle = {
      id: 'b',
      title: '',
      published: null,
      paragraphs: ['Rescue crews pulled twelve stranded drivers from flooded cars near the mill bridge overnight.'],
    };
    const c: SummarizableArticle = {
      id: 'c',
      title: '',
      published: null,
      paragraphs: ['Rescue crews pulled twelve stranded motorists from flooded cars near the mill bridge.'],
    };
    const summary = citing([a.paragraphs[0]!, ['a', 'b', 'c']], [b.paragraphs[0]!, ['b', 'c']]);
    expect(holdCitations(summary, [a, b, c]).sentences.map((s) => s.sources)).toEqual([
      ['a', 'b'],
      ['b', 'c'],
    ]);
  });

  it('drops a sentence that none of its cited articles hold, and an article that is not in the request', () => {
    const out = holdCitations(citing(['Officials said the dam had failed.', ALL], [EMERGENCY, ['wire', 'elsewhere']]), OUTLETS);
    expect(out.sentences).toEqual([{ text: EMERGENCY, sources: ['wire'] }]);
  });

  it('answers /summary with held citations whichever summarizer or cache wrote the answer', async () => {
    const store = new SqliteStore(':memory:');
    try {
      const stored = OUTLETS.map((a) => makeArticle({ id: a.id, title: a.title, paragraphs: a.paragraphs }));
      await store.upsertMany(stored);
      // Like a cached LLM answer from before this rule: every sentence cites every article.
      const overCiting: Summarizer = {
        name: 'over-citing',
        summarize: async () => citing([EVACUATED, ALL], [WIRE_ONLY, ALL], ['The river crested at nine metres overnight.', ALL]),
      };
      const news = new News({ store, summarizer: overCiting });
      const refs = await store.latest({ limit: 10 });
      const result = await news.summarizeArticles('flood', refs, 3);
      expect(result.sentences.map((s) => s.sources)).toEqual([['wire', 'herald'], ['wire'], ['herald']]);
      expect(result.sources.map((r) => r.id).sort()).toEqual(['herald', 'wire']);
    } finally {
      await store.close();
    }
  });
});
