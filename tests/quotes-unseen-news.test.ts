import { describe, expect, it } from 'vitest';
import { speakers } from './support/speakers.js';

// Rules found on news the quote rules were never tuned on (BASIL sample, half A; issue 16). Fixtures written here.
describe('speakers on news the rules were not tuned on', () => {
  it('takes a titled full name for a person even when a word of it names a broadcaster', () => {
    expect(
      speakers([
        'Former President Marco Fox said on the radio that he opposed the visit.',
        '“He is not welcome here,” Fox told reporters.',
        '“I think the minister is taking an enormous risk by hosting him,” he said.',
      ]),
    ).toEqual(['Marco Fox', 'Marco Fox']);
  });
});
