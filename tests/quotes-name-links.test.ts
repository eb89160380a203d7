import { describe, expect, it } from 'vitest';
import { speakers } from './support/speakers.js';

describe('linking a surname to the full name', () => {
  it('links a surname to the person, not to a headline that opens with it', () => {
    expect(
      speakers([
        'Obama Gun Control Proposals Unveiled',
        'WASHINGTON — President Barack Obama unveiled his plan on Wednesday.',
        '“This is our first task as a society: keeping our children safe,” Obama said.',
      ]),
    ).toEqual(['Barack Obama']);
  });

  it('reads a surname through a suffix ("Theodore J. Boutrous Jr." is Boutrous)', () => {
    expect(
      speakers([
        'The company’s lawyer, Theodore J. Boutrous Jr., argued the case on Tuesday.',
        '“There is absolutely no way there can be a fair proceeding here,” Boutrous said.',
      ]),
    ).toEqual(['Theodore J. Boutrous Jr.']);
  });

  it('still links a first name to a short full name ("Hillary" is Hillary Clinton)', () => {
    expect(
      speakers(['Hillary Clinton spoke in Iowa.', '“We are going to win this state and this election together,” Hillary said.']),
    ).toEqual(['Hillary Clinton']);
  });

  it('reads "and" between capitals as part of a body’s name, not the start of a clause', () => {
    expect(
      speakers([
        'Representative Darrell Issa of California, the senior Republican on the House Oversight and Government Reform Committee, said the deal “represents an illegal quid pro quo,” even if the job was unpaid.',
        '“The Committee has been contacted by the lawyer for the witness,” Oversight and Government Reform Committee spokesman Ali Ahmad said.',
      ]),
    ).toEqual(['Darrell Issa', 'Ali Ahmad']);
  });
});
