import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/articles/clean/index.js';

/** Four paragraphs of one made-up article, long enough that a header after them ends something. */
const ARTICLE = [
  'The river ferry between the two old mill towns will run again from May, the transport board said on Tuesday, after a winter in which the crossing was closed for repairs to both landing stages.',
  'Engineers found that the timber piles under the northern stage had rotted further than an inspection in the autumn had shown, and the board chose to replace all of them rather than patch the worst.',
  'The work cost about twice what was first planned, and the board says it will recover part of it with a small rise in the fare for cars, while foot passengers and cyclists will pay what they paid last year.',
  'Regular passengers, many of whom drove an hour around by the bridge all winter, said they were glad to hear it, though some asked why the repairs had not been started in the summer when the river was low.',
];

const page = (lines: readonly string[]): string =>
  ['Ferry to run again from May - The Valley Post', 'News', 'Sport', 'Ferry to run again from May', ...lines].join('\n');

describe('cleanText where the page goes on to other stories', () => {
  it('stops at a bare related-content header: the other stories after it, teasers or whole openings, are left out', () => {
    const cleaned = cleanText(
      page([
        ...ARTICLE,
        'More Stories',
        'Orchard owners count the cost of a late frost',
        'Jane Roe',
        '3 hours ago',
        'A frost in the last week of April killed most of the blossom in the valley’s orchards, and growers say the apple harvest will be the smallest in twenty years.',
        'Some of them are already talking about selling land they have farmed for three generations, and the growers’ association has asked the council for help with the rates.',
        'Library opens on Sundays for the first time',
      ]),
    );
    expect(cleaned.paragraphs).toEqual(ARTICLE);
  });

  it('knows the headers of the other-stories section in their many wordings', () => {
    for (const header of [
      'More Great Valley Post Stories',
      'Other stories',
      'Most Read Business Stories',
      'Next Up In Science & Health',
      'Around the web',
      'Most Read',
      'Up next',
    ]) {
      const cleaned = cleanText(
        page([
          ...ARTICLE,
          header,
          'Orchard owners count the cost of a late frost',
          'Jane Roe',
          '3 hours ago',
          'A frost in the last week of April killed most of the blossom in the valley’s orchards, and growers say the apple harvest will be the smallest in twenty years.',
          'Some of them are already talking about selling land they have farmed for three generations, and the growers’ association has asked the council for help with the rates.',
        ]),
      );
      expect(cleaned.paragraphs, header).toEqual(ARTICLE);
    }
  });

  it('goes on past a box inside the article: a header naming its story, or one followed by the rest of a long article', () => {
    const rest = [
      'The board also plans a second, smaller boat for the busy summer weekends, which would halve the wait at the landing stages when the tourists come for the mill museum and the river walks.',
      'It has asked two boatyards for prices and expects to choose one of them before the end of the year, so that the new boat can be built over the winter and launched in time for next summer.',
      'Until then, the timetable will be the one used before the closure: a crossing every twenty minutes from seven in the morning until nine at night, and every half hour on Sundays and holidays.',
    ];
    for (const header of ['Related: Bridge tolls to rise in June', 'More on the valley’s transport', 'Related']) {
      const cleaned = cleanText(page([...ARTICLE, header, 'Bridge tolls to rise in June', 'Jane Roe', ...rest]));
      expect(cleaned.paragraphs, header).toEqual([...ARTICLE, ...rest]);
    }
  });

  it('drops the headlines listed under a bare "More:" inside the article, and keeps the article after them', () => {
    const [first, second, ...rest] = ARTICLE;
    const cleaned = cleanText(
      page([
        first!,
        second!,
        'More:',
        'Orchard owners count the cost of a late frost',
        'Library opens on Sundays for the first time',
        'Council votes to keep the night buses',
        ...rest,
      ]),
    );
    expect(cleaned.paragraphs).toEqual(ARTICLE);
  });
});
