import { describe, expect, it } from 'vitest';
import { speakers } from './support/speakers.js';

describe('a source relaying the attribution is not the speaker', () => {
  it('keeps the person of "X said, according to Y", and for the quote that goes on after it', () => {
    expect(
      speakers([
        'Senator Maria Lopez spoke to supporters in Dayton on Monday night.',
        '“We will not back down from this fight, not now and not ever,” Lopez said, according to the Dayton Herald. “The people of this state deserve better.”',
      ]),
    ).toEqual(['Maria Lopez', 'Maria Lopez']);
  });

  it('keeps the person named beside the quote when an outlet ends the sentence (", reports the Chicago Tribune")', () => {
    expect(
      speakers([
        'Governor Tom Becker signed the bill on Friday.',
        '“This is a good day for every teacher in the state,” said Ann Price, head of the teachers union, reports the Chicago Tribune.',
      ]),
    ).toEqual(['Ann Price']);
  });

  it('keeps the speaker when the relay names no one, or belongs to a clause of its own', () => {
    expect(
      speakers([
        'Senator Maria Lopez spoke on Monday.',
        '“We will not back down from this fight at all,” Lopez said, according to a statement from her office.',
        '“The plan will pay for itself within a decade,” Lopez said of the bill, which, according to the Budget Office, would cost $2 billion.',
      ]),
    ).toEqual(['Maria Lopez', 'Maria Lopez']);
  });

  it('does not reach into the next sentence for a relay', () => {
    expect(
      speakers([
        'Aide Jeff Walker spoke to the press.',
        'Henry wrote, “Walker told me the photo breaks the rules of the debate.” The claim, according to the Walker campaign, is settled.',
      ]),
    ).toEqual(['Henry']);
  });
});
