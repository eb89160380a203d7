import { describe, expect, it } from 'vitest';
import { rouge, spaceReference } from '../bench/eval/summaries.js';
import { splitSentences } from '../src/articles/sentences.js';
import { ExtractiveSummarizer, type SummarizableArticle } from '../src/summarize/index.js';

function article(id: string, paragraphs: string[]): SummarizableArticle {
  return { id, title: `Article ${id}`, paragraphs, published: null };
}

const IRAN_TERMS = ['iran', 'iranian', 'tehran'];

const harbourNews = article('harbour', [
  'The city council approved a new budget for the harbour district on Monday after a long debate.',
  'Iranian diplomats met European negotiators in Vienna to discuss the future of the nuclear agreement.',
  'Fishing crews said the harbour repairs were overdue and welcomed the extra money.',
]);

const vienna = article('vienna', [
  'Talks between Iran and European powers resumed in Vienna on Tuesday, officials said.',
  'The weather in the Austrian capital was mild, and cafés along the Ring were busy all afternoon.',
  'Officials in Tehran said they expected sanctions relief to be discussed before the end of the week.',
]);

const sport = article('sport', [
  'The home side won the cup final with a late goal from their captain in front of a record crowd.',
  'Fans celebrated in the streets until the early hours of the morning.',
]);

const WIRE = 'Oil prices rose sharply on Wednesday after Iran announced new limits on tanker traffic through the strait.';

describe('ExtractiveSummarizer, topic mode', () => {
  const summarizer = new ExtractiveSummarizer();

  it('picks sentences that mention the topic', async () => {
    const summary = await summarizer.summarize({
      topic: 'iran',
      terms: IRAN_TERMS,
      articles: [vienna, harbourNews, sport],
      maxSentences: 5,
    });
    expect(summary.generator).toBe('extractive');
    expect(summary.sentences.length).toBeGreaterThanOrEqual(2);
    for (const sentence of summary.sentences) expect(sentence.text.toLowerCase()).toMatch(/iran|tehran/);
  });

  it("keeps each sentence's source article", async () => {
    const articles = [vienna, harbourNews, sport];
    const summary = await summarizer.summarize({ topic: 'iran', terms: IRAN_TERMS, articles, maxSentences: 5 });
    for (const sentence of summary.sentences) {
      const source = articles.find((a) => a.id === sentence.sources[0]);
      expect(source?.paragraphs.some((p) => p.includes(sentence.text))).toBe(true);
    }
    expect(summary.sentences.map((s) => s.sources[0])).toContain('harbour');
  });

  it('drops a near-duplicate sentence from a second article and cites both', async () => {
    const first = article('wire-a', [WIRE, 'Shipping firms said they were reviewing their routes.']);
    const second = article('wire-b', [
      `${WIRE.slice(0, -1)}, traders said.`,
      'Analysts in London expect Iran to face renewed pressure at the United Nations.',
    ]);
    const summary = await summarizer.summarize({ topic: 'iran', terms: IRAN_TERMS, articles: [first, second], maxSentences: 5 });
    const oil = summary.sentences.filter((s) => s.text.startsWith('Oil prices rose sharply'));
    expect(oil).toHaveLength(1);
    expect(oil[0]?.sources).toEqual(['wire-a', 'wire-b']);
  });

  it('returns at most maxSentences', async () => {
    const subjects = ['oil exports', 'football', 'saffron harvests', 'carpet weaving', 'film festivals', 'rail links'];
    const places = ['Tabriz', 'Shiraz', 'Isfahan', 'Mashhad', 'Qom', 'Yazd'];
    const many = subjects.map((subject, i) =>
      article(`a${i}`, [`Iranian officials in ${places[i]} described ambitious new plans for ${subject} this spring.`]),
    );
    const summary = await summarizer.summarize({ topic: 'iran', terms: IRAN_TERMS, articles: many, maxSentences: 3 });
    expect(summary.sentences).toHaveLength(3);
  });

  it("falls back to the articles' openings when no sentence names the topic", async () => {
    const summary = await summarizer.summarize({ topic: 'iran', terms: IRAN_TERMS, articles: [sport], maxSentences: 2 });
    expect(summary.sentences[0]?.text).toBe(sport.paragraphs[0]);
    expect(summary.notes?.length).toBe(1);
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      summarizer.summarize({ topic: 'iran', terms: IRAN_TERMS, articles: [vienna], maxSentences: 3, signal: controller.signal }),
    ).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('ExtractiveSummarizer, single-article mode', () => {
  const summarizer = new ExtractiveSummarizer();
  const budget = article('budget', [
    'The government unveiled a budget that raises spending on schools and hospitals while cutting fuel duty for drivers.',
    'Is this the end of austerity?',
    'It was a long day.',
    'The chancellor told parliament the budget would lift spending on schools and hospitals by four percent next year.',
    'Opposition leaders said the plans for hospitals and schools relied on optimistic growth forecasts.',
    'A separate report on rural bus services will be published in the spring.',
    'The weather in the capital stayed dry.',
  ]);

  it('single-article mode prefers early informative sentences', async () => {
    const summary = await summarizer.summarize({ articles: [budget], maxSentences: 2 });
    const texts = summary.sentences.map((s) => s.text);
    expect(texts).toHaveLength(2);
    expect(texts[0]).toBe(budget.paragraphs[0]);
    expect(texts).not.toContain('Is this the end of austerity?');
    expect(texts).not.toContain('It was a long day.');
    expect(texts).not.toContain('The weather in the capital stayed dry.');
    for (const s of summary.sentences) expect(s.sources).toEqual(['budget']);
  });

  it('returns sentences in article order, verbatim', async () => {
    const summary = await summarizer.summarize({ articles: [budget], maxSentences: 3 });
    const positions = summary.sentences.map((s) => budget.paragraphs.indexOf(s.text));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});

describe('splitSentences', () => {
  it('does not split after Mr. or an initial', () => {
    const text = 'Mr. Smith met John F. Kennedy Jr. at the airport. They spoke briefly.';
    expect(splitSentences(text)).toEqual(['Mr. Smith met John F. Kennedy Jr. at the airport.', 'They spoke briefly.']);
  });

  it('splits after a quote that ends a sentence', () => {
    const text = 'She said: "We will not give up." The crowd cheered loudly.';
    expect(splitSentences(text)).toEqual(['She said: "We will not give up."', 'The crowd cheered loudly.']);
  });

  it('keeps a quoted question together with its speaker', () => {
    const text = '"Why target the airlines?" said the union leader. Talks resume on Monday.';
    expect(splitSentences(text)).toEqual(['"Why target the airlines?" said the union leader.', 'Talks resume on Monday.']);
  });

  it('splits after "no." that ends a sentence but not before a number', () => {
    expect(splitSentences('The answer was no. He left.')).toEqual(['The answer was no.', 'He left.']);
    expect(splitSentences('He lives at No. 10 Downing Street.')).toEqual(['He lives at No. 10 Downing Street.']);
  });
});

describe('ROUGE for the summary evaluation', () => {
  it('scores identical text 1 and separates glued reference sentences', () => {
    expect(rouge('Profits rose 5% in May.', 'profits rose 5% in may').r2).toBe(1);
    expect(spaceReference('Sales rose.Profits fell.')).toBe('Sales rose. Profits fell.');
    expect(rouge('Sales rose.', 'Nothing here.').r1).toBe(0);
  });
});
