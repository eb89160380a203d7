import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/articles/quotes/index.js';
import { speakers } from './support/speakers.js';

describe('which clause a verb of saying belongs to', () => {
  it('gives a question to the one asking in "X was asked by Y whether “...”"', () => {
    expect(
      speakers([
        'Mayor Tom Becker and the reporter Jane Hill met at city hall.',
        'Becker was asked by reporter Jane Hill, who covers the council, whether “the budget will cover the new police hires at all.”',
      ]),
    ).toEqual(['Jane Hill']);
  });

  it('leaves a passive "asked by" alone when a later verb of saying takes the quote', () => {
    expect(
      speakers([
        'Mayor Tom Becker and the reporter Jane Hill met at city hall.',
        'Becker was asked by Hill about the budget and said “we will find the money one way or another.”',
      ]),
    ).toEqual(['Tom Becker']);
  });

  it('reads "said Kim had “...”" as what was said about Kim, keeping the sentence subject', () => {
    expect(
      speakers([
        'Carl Jensen and Paul Kim shared a stage on Friday.',
        'Jensen used to support Kim, but now said Kim had “the opportunity and the obligation to bring us together.”',
      ]),
    ).toEqual(['Carl Jensen']);
  });

  it('never takes the object of "called" or "praised" for the speaker', () => {
    const quotes = extractQuotes([
      'Carl Jensen and Paul Kim shared a stage on Friday.',
      'Jensen thanked the crowd and called Paul Kim “one of the finest public servants in the state.”',
    ]);
    expect(quotes[0]?.speaker).not.toBe('Paul Kim');
  });

  it('does not give a quote to the subject of a clause after it ("“...” until Haley said")', () => {
    expect(
      speakers([
        'Jason Sims, a teacher, and Gov. Nikki Haley both spoke at the rally.',
        'Sims said he was “kind of riding the fence” until Haley said she was backing the senator.',
      ]),
    ).toEqual(['Jason Sims']);
  });

  it('reads "“... November.” Kim said." as one attribution split by a stray full stop', () => {
    expect(
      speakers(['Carl Jensen and Paul Kim shared a stage on Friday.', '“We are going to win this state in November.” Kim said.']),
    ).toEqual(['Paul Kim']);
  });

  it('reads past a participle phrase opening the sentence to its subject ("Trying to ..., Steele issued")', () => {
    expect(
      speakers([
        'Michael Steele and Tom Hill were at the fund-raiser.',
        'Trying to quell the furor, Steele issued a statement saying: “There is no question that America must win the war.”',
      ]),
    ).toEqual(['Michael Steele']);
  });

  it('still takes a surname in -ing for a name ("King said")', () => {
    expect(speakers(['Peter King spoke on Monday.', 'King said the plan was “a long time coming for all of us.”'])).toEqual(['Peter King']);
  });

  it('takes the speaker of a cue set off by commas inside the sentence ("Her comments, said X, the Y, are “...”")', () => {
    expect(
      speakers([
        'Josh Earnest and Ann Hill held a briefing.',
        'Her comments, said Josh Earnest, the White House press secretary, are “entirely consistent with what the president has said.”',
      ]),
    ).toEqual(['Josh Earnest']);
  });

  it('takes a credit after a dash on the quote’s own line ("“...” — Jon Cryer, on his win")', () => {
    expect(
      speakers([
        'Best lines of the night:',
        '“I’m as shocked as you people are, and I mean that,” — Jon Cryer, on his upset victory',
        '“Why? Because I’m better than I was before, I think.” — Julia Louis-Dreyfus, on her third award',
      ]),
    ).toEqual(['Jon Cryer', 'Julia Louis-Dreyfus']);
  });

  it('never takes a photo credit for the one "he says" points to', () => {
    const quotes = extractQuotes([
      'Jimmy Page has remastered the band’s albums. Getty Images',
      '“I don’t want to die and have somebody else do it,” he says.',
    ]);
    expect(quotes[0]?.speaker).toBe('Jimmy Page');
  });
});
