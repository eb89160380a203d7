import { describe, expect, it } from 'vitest';
import { extractEntities } from '../src/articles/names/index.js';

describe('names an article holds: contractions, name openers and titles', () => {
  it('gives the whole names and no junk on the wire story that gave "York" and "Sen"', () => {
    const paragraphs = [
      'The United Nations said on Monday that New York and New Hampshire would host talks. "I\'m not going anywhere," said Sen. Ted Cruz. "I\'ve said it before."',
      "The United States and the U.S. Senate agreed, Sen. Cruz said. I'll be there, he added. It's over.",
    ];
    expect(extractEntities('New York Mayor speaks', paragraphs)).toEqual(['New York']);
    const twice = [...paragraphs, 'Later, New Hampshire and the United Nations agreed. "I\'m sure," said Sen. Ted Cruz.'];
    expect(extractEntities('Talks', twice)).toEqual(['United Nations', 'New Hampshire', 'Ted Cruz']);
  });

  it('never takes a contraction of a pronoun or function word for a name, straight or curly', () => {
    const paragraphs = [
      "Then I'm told, he said, I've waited and I'll wait. “We’re done,” Ana Lopez said, “and that’s that. Don’t ask.”",
      'As I\'m sure Ana Lopez knows, I’d go, and I’ve said so; they said "Can\'t" and "Won\'t" and "Couldn\'t".',
    ];
    expect(extractEntities('Interview', paragraphs)).toEqual(['Ana Lopez']);
  });

  it('keeps an apostrophe inside a name that is no contraction', () => {
    const paragraphs = ["Officials said Shaquille O'Neal met Qur'an scholars.", "Later Shaquille O'Neal spoke of the Qur'an."];
    expect(extractEntities('Visit', paragraphs)).toEqual(["Shaquille O'Neal", "Qur'an"]);
  });

  it('keeps "New" and "Old" at the head of a name, even opening a sentence, but not before a lower-case word', () => {
    const paragraphs = [
      'New York is calm. Officials in New York and New Zealand met at Old Trafford.',
      "New rules came in. New Zealand's team and New York officials went to Old Trafford. New figures followed.",
    ];
    expect(extractEntities('Meeting', paragraphs)).toEqual(['New York', 'New Zealand', 'Old Trafford']);
  });

  it('counts "New York" as one name however it is written, spelled as the text goes on after the dateline', () => {
    const paragraphs = ["NEW YORK — Traders in New York's markets sold.", 'New York prices fell, and brokers left.'];
    expect(extractEntities('Markets', paragraphs)).toEqual(['New York']);
  });

  it('lets a number or "First" open a name only when capitalised mid-sentence', () => {
    const paragraphs = [
      'Fans said Wales play in the Six Nations and the First Amendment applies. Two Democrats agreed. Six nations signed.',
      'Then Wales won the Six Nations, and the First Amendment was cited. Two Democrats left. First came the rain.',
    ];
    expect(extractEntities('Sport and law', paragraphs)).toEqual(['Wales', 'Six Nations', 'First Amendment', 'Democrats']);
  });

  it('drops a title before a name, with or without its full stop, and the stop ends no sentence', () => {
    const paragraphs = [
      'Texas Gov. Greg Abbott met Gen. Mark Milley and Lt Col Tim Collins. Mr. Abbott spoke. Dr. Collins listened.',
      'Rep. Abbott said Prof. Collins agreed. President Obama and Senator Milley were told.',
      'Mr. Obama replied, and Gen. Milley left.',
    ];
    expect(extractEntities('Meeting', paragraphs)).toEqual(['Abbott', 'Collins', 'Obama', 'Milley']);
  });

  it('drops an office before a name, and "Vice" with it', () => {
    const paragraphs = [
      'Vice President Joe Biden met Democratic Senator Joe Manchin.',
      'Then Vice President Joe Biden and Joe Manchin left.',
    ];
    expect(extractEntities('Visit', paragraphs)).toEqual(['Joe Biden', 'Joe Manchin']);
  });

  it('keeps a middle initial inside the name, and one ending a sentence without its full stop', () => {
    const paragraphs = [
      'Former president George W. Bush met author J. K. Rowling. They had no Plan B. Then officials agreed.',
      'George W. Bush and J. K. Rowling spoke of Plan B. Then they left.',
    ];
    expect(extractEntities('Meeting', paragraphs)).toEqual(['George W. Bush', 'J. K. Rowling', 'Plan B']);
  });

  it('reads an abbreviated month as a date, not a name, where a name of that spelling stays one', () => {
    const paragraphs = [
      'The vote on Jan. 6 and the one due Sept. 11 were delayed, Gov. Jan Brewer said. Talks ended Feb. 2.',
      'Gov. Jan Brewer expects a vote by Dec. 1, not Jan. 6; aides to Jan Brewer agreed. Sept. 11 passed.',
    ];
    expect(extractEntities('Votes', paragraphs)).toEqual(['Jan Brewer']);
  });
});
