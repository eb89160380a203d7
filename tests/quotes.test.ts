import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/articles/quotes/index.js';

/** The seed article's six body paragraphs: between the photo credit and the comments prompt, minus ads. */
function seedParagraphs(): string[] {
  const lines = readFileSync(new URL('../data/articles/townhall-iran-rejects-direct-talks.txt', import.meta.url), 'utf8').split('\n');
  const from = lines.findIndex((l) => l.trim() === 'Pool via AP');
  const to = lines.findIndex((l) => l.startsWith('Join the conversation'));
  return lines
    .slice(from + 1, to)
    .map((l) => l.trim())
    .filter((l) => l && l !== 'Advertisement');
}

describe('extractQuotes', () => {
  it('finds the three quotes of the seed article, in order, with full-name speakers', () => {
    const paragraphs = seedParagraphs();
    expect(paragraphs).toHaveLength(6);
    const quotes = extractQuotes(paragraphs);
    expect(quotes.map((q) => q.speaker)).toEqual(['Masoud Pezeshkian', 'Donald Trump', 'Donald Trump']);
    expect(quotes.map((q) => q.paragraph)).toEqual([1, 4, 4]);
    expect(quotes[0]?.text).toMatch(/^Although the possibility of direct negotiations/);
    expect(quotes[1]?.text).toMatch(/^I would rather negotiate a deal\./);
    expect(quotes[2]?.text).toMatch(/^But the time is happening now\..*'I hope you're going to negotiate\.'.*for them\.$/);
    expect(quotes.some((q) => q.text.includes('Axis of Resistance'))).toBe(false);
  });

  it('keeps a name particle glued by a hyphen in the speaker ("al-Harthy")', () => {
    const quotes = extractQuotes([
      '"Every extra berth outside the strait is an option for shippers," said Khalid al-Harthy, the chief executive of the port company.',
      'He added that talks with three shipping lines were well advanced. "We expect to sign two of them by the summer," he said.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Khalid al-Harthy', 'Khalid al-Harthy']);
  });

  it('attributes a quote to the speaker named after it', () => {
    const quotes = extractQuotes(['“We will rebuild the bridge before winter,” Mayor Ana Ortiz said on Monday.']);
    expect(quotes).toEqual([{ text: 'We will rebuild the bridge before winter', speaker: 'Ana Ortiz', paragraph: 0 }]);
  });

  it('attributes a quote to the speaker named before it', () => {
    const colon = extractQuotes(['Governor Lena Park said: "The budget is balanced for the first time in ten years."']);
    expect(colon[0]?.speaker).toBe('Lena Park');
    const that = extractQuotes(['Lena Park said that “the budget is balanced for the first time.”']);
    expect(that[0]?.speaker).toBe('Lena Park');
  });

  it('takes the name from "said X, the title of org"', () => {
    const quotes = extractQuotes(['“Prices will keep rising through the spring,” said Tomas Berg, the chief economist of Nordbank.']);
    expect(quotes[0]?.speaker).toBe('Tomas Berg');
  });

  it('names the source of "according to X" and "X told Reuters"', () => {
    const according = extractQuotes(['The talks “are over for this year and maybe the next,” according to Farid Haddad.']);
    expect(according[0]?.speaker).toBe('Farid Haddad');
    const told = extractQuotes(['“We have not received any formal offer yet,” Ines Castro told Reuters.']);
    expect(told[0]?.speaker).toBe('Ines Castro');
  });

  it('resolves "he said" to the person named before', () => {
    const quotes = extractQuotes([
      'Coach Daniel Reyes watched the final from the bench.',
      '“We played the best football of the season tonight,” he said.',
    ]);
    expect(quotes[0]?.speaker).toBe('Daniel Reyes');
  });

  it('does not take a name inside the quote for the "he" who said it', () => {
    const quotes = extractQuotes(['Governor Tom Hale spoke in Ohio.', '“Frank Miller is simply wrong about trade,” he said.']);
    expect(quotes[0]?.speaker).toBe('Tom Hale');
  });

  it('resolves "she added" past a man named in between', () => {
    const quotes = extractQuotes([
      'Senator Maria Lopez met Michael Grant in the capital on Friday.',
      '“The agreement protects farmers on both sides of the border,” she added.',
    ]);
    expect(quotes[0]?.speaker).toBe('Maria Lopez');
  });

  it('resolves a title to the person who holds it, and links a surname to the full name', () => {
    const quotes = extractQuotes([
      'President Helen Adair opened the summit. Her rival, Senator Paul Moreau, stayed away.',
      '“This summit is about jobs and nothing else,” the president said.',
      '“She is wasting everyone’s time with this summit,” Moreau said.',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Helen Adair', 'Paul Moreau']);
  });

  it('leaves the speaker null rather than answer with a pronoun', () => {
    const quotes = extractQuotes(['“Nobody told us anything about the closure at all,” he said.']);
    expect(quotes[0]?.speaker).toBeNull();
  });

  it('treats a short quoted term as a term, not a quote', () => {
    const quotes = extractQuotes(['Officials called it a "special operation" and moved on to the "Axis of Resistance."']);
    expect(quotes).toEqual([]);
  });

  it('joins a quote running over two paragraphs', () => {
    const quotes = extractQuotes([
      'Judge Ruth Okafor read her ruling aloud: “The city failed its residents when it ignored the warnings.',
      '“It cannot now ask them to pay for that failure,” she said.',
    ]);
    expect(quotes).toHaveLength(1);
    expect(quotes[0]).toEqual({
      text: 'The city failed its residents when it ignored the warnings. It cannot now ask them to pay for that failure',
      speaker: 'Ruth Okafor',
      paragraph: 0,
    });
  });

  it('keeps a nested single-quoted quote inside', () => {
    const quotes = extractQuotes(['“My father always told me, ‘Never sell the farm,’ and I never did,” Joe Lund said.']);
    expect(quotes[0]?.text).toBe('My father always told me, ‘Never sell the farm,’ and I never did');
  });

  it('pairs a straight opening mark with a curly closing one', () => {
    const quotes = extractQuotes(['Kim Soo-jin said: "We expect the results by the end of the month.” Then she left.']);
    expect(quotes[0]?.text).toBe('We expect the results by the end of the month.');
    expect(quotes[0]?.speaker).toBe('Kim Soo-jin');
  });

  it('does not take apostrophes for quote marks', () => {
    const quotes = extractQuotes([`Iran's leaders remember the '90s well, and the region's memory is long, the envoy's aide said.`]);
    expect(quotes).toEqual([]);
  });

  it('gives a quote standing alone to the speaker of the quote before it', () => {
    const quotes = extractQuotes([
      '“We are not leaving the negotiating table,” union leader Sam Okoro said.',
      '“We will stay here as long as it takes to get a fair contract.”',
    ]);
    expect(quotes.map((q) => q.speaker)).toEqual(['Sam Okoro', 'Sam Okoro']);
  });

  it('never throws on odd input, and reads a huge paragraph', () => {
    const odd = ['', '"', '“ ” " ”“', '"unbalanced quote that never closes and goes on', '”stray closer', '\u0000\uFFFF'];
    expect(() => extractQuotes(odd)).not.toThrow();
    expect(extractQuotes([])).toEqual([]);
    const huge =
      'Anna Berg said: "This is a long sentence that goes on and on, ' + 'with more words and Names Here, '.repeat(33_000) + 'the end."';
    const quotes = extractQuotes([huge, '“And then it was over for good,” he said.']);
    expect(quotes).toHaveLength(2);
  });

  it('keeps a shouted quote in capitals as speech, and still skips a title of a work in title case', () => {
    const quotes = extractQuotes([
      'The group tweeted a single line on Monday night: “THIS IS NOT OK AND NEVER WILL BE.”',
      'She wrote a column on the book “The Art of the Long Game” last spring.',
    ]);
    expect(quotes.map((q) => q.text)).toEqual(['THIS IS NOT OK AND NEVER WILL BE.']);
  });
});
