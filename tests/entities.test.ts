import { describe, expect, it } from 'vitest';
import { extractEntities } from '../src/articles/names/index.js';

const VIENNA = [
  'Officials met in Vienna on Monday. The Bank of England said rates would hold.',
  'Vienna hosted the Bank of England team, and Trump’s envoy Steve Witkoff arrived.',
  'Witkoff said Steve Witkoff would stay. Critics disagreed.',
];

describe('extractEntities', () => {
  it('keeps names said twice or named in the title, connectors inside them, most mentioned first', () => {
    expect(extractEntities('Talks in Vienna', VIENNA)).toEqual(['Vienna', 'Bank of England', 'Steve Witkoff']);
  });

  it('reads a paragraph with tabs, double or no-break spaces as one with single spaces', () => {
    const spaced = [
      'Officials met in  Vienna on Monday.\tThe Bank of England said rates would hold.',
      'Vienna hosted the Bank of\u00a0England team, and Trump’s envoy Steve Witkoff  arrived.',
      'Witkoff said Steve\u2003Witkoff would stay.  Critics disagreed.',
    ];
    expect(extractEntities('Talks in Vienna', spaced)).toEqual(extractEntities('Talks in Vienna', VIENNA));
  });

  it('reads names beyond ASCII, with curly quotes around them', () => {
    const paragraphs = [
      'Željko Ražnatović was named. Prosecutors said Željko Ražnatović fled to Beograd.',
      '“Željko Ražnatović is here,” said Ана Иванова, and Ана Иванова agreed.',
    ];
    expect(extractEntities('Ražnatović case', paragraphs)).toEqual(['Željko Ražnatović', 'Ана Иванова']);
  });

  it('skips a lone capitalised word that only opens sentences, and words that are never names', () => {
    expect(extractEntities('Nothing', ['Residents said the storm passed. Residents cleaned up. Monday was calm. Monday ended.'])).toEqual(
      [],
    );
  });

  it('drops a possessive, straight or curly, and counts the name under one spelling', () => {
    expect(extractEntities('Budget', ["Officials said Iran's oil minister spoke.", 'Exports from Iran’s ports rose.'])).toEqual(['Iran']);
  });

  it('keeps a pronoun-like surname in a full name ("He Yafei", "Cindy He"), and a lone "He" out', () => {
    const paragraphs = [
      'Former minister He Yafei met economist Cindy He in Beijing. He said little.',
      'He Yafei spoke first, and Cindy He answered him.',
    ];
    expect(extractEntities('Trade talks', paragraphs)).toEqual(['He Yafei', 'Cindy He']);
  });
});
