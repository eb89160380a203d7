import { describe, expect, it } from 'vitest';
import { extractQuotes } from '../src/articles/quotes/index.js';
import { speakers } from './support/speakers.js';

describe('who "he said" points back to', () => {
  it('skips a name inside someone else’s quoted words', () => {
    expect(
      speakers([
        'Glenn Beck spoke for an hour at the conference on Saturday.',
        '“Who can guarantee you happiness?” he asked. “Tiger Woods was not happy, and he had everything.”',
        '“I am not going to pay for your mistakes, not now and not ever,” he said.',
      ]).at(-1),
    ).toBe('Glenn Beck');
  });

  it('prefers a person the article shows as one over a place that opened a sentence', () => {
    expect(
      speakers([
        'Senator John Webb spoke in Richmond on Monday.',
        'Afghanistan has been at war for decades.',
        '“We have to bring our troops home before the end of the year,” he said.',
      ]),
    ).toEqual(['John Webb']);
  });

  it('still resolves to a lone surname when no one fuller fits', () => {
    expect(
      speakers([
        'At the briefing on Monday, Johnson took questions for an hour.',
        '“There were six arrests last night, down from forty,” he said.',
      ]),
    ).toEqual(['Johnson']);
  });

  it('reads "X of the Y of Z told" as X speaking, not Z', () => {
    const said = speakers([
      'As Archbishop Aris Shirvanian of the Armenian Patriarchate of Jerusalem told the Associated Press, “We have suffered the same fate as the others.” He added, “So we should have been among the first to speak up.”',
    ]);
    expect(said).toHaveLength(2);
    for (const speaker of said) expect(speaker).toContain('Shirvanian');
  });

  it('never points to a place of two words or a party standing alone', () => {
    expect(
      speakers([
        'Mark Mattioli, whose son died in the shooting, testified on Monday.',
        'South Dakota passed a similar bill last year.',
        '“It is now time for us to take responsibility for our schools,” he said.',
      ]),
    ).toEqual(['Mark Mattioli']);
    expect(
      speakers([
        '“I was pretty shocked by how dark it was,” Senator Sherrod Brown, Democrat of Ohio, said. “I love this country and want it whole.”',
        '“We need strength and authority in the White House,” he said.',
      ]),
    ).toEqual(['Sherrod Brown', 'Sherrod Brown', 'Sherrod Brown']);
  });

  it('keeps a surname that is also a place name ("Rep. Steve Israel")', () => {
    expect(speakers(['Rep. Steve Israel spoke on Monday.', '“We are going to win back the House this fall,” Israel said.'])).toEqual([
      'Steve Israel',
    ]);
  });

  it('reads "a fight he called “...”" as the pronoun speaking, even when the sentence opens out of reach', () => {
    expect(
      speakers([
        'WASHINGTON — Michael Steele, chairman of the Republican National Committee, drew fierce criticism and a call for his resignation on Friday after declaring at a party fund-raiser that the United States was on the wrong side of history with its conflict in Afghanistan, a military fight he called “a war of Obama’s choosing, not ours.”',
      ]),
    ).toEqual(['Michael Steele']);
  });

  it('keeps "X said he believed “...”" with X', () => {
    expect(
      speakers([
        'Mr. O’Rourke, asked if he supported impeaching Mr. Trump, said he believed the campaign “at least sought to collude with the Russian government.”',
      ]),
    ).toEqual(['O’Rourke']);
  });

  it('never gives "it said" to a place', () => {
    const quotes = extractQuotes([
      'The cable from Benghazi to the embassy in Tripoli warned that the brigade appeared to be compromised.',
      '“The security officer expressed concerns about the brigade,” it said.',
    ]);
    expect(quotes[0]?.speaker).not.toBe('Benghazi');
    expect(quotes[0]?.speaker).not.toBe('Tripoli');
  });
});
