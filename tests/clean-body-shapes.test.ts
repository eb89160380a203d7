import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/articles/clean/index.js';

const MENU = [
  'League table after round 12 - The Valley Post',
  'News',
  'Sport',
  'Weather',
  'Local clubs',
  'Contact',
  'League table after round 12',
];

describe('cleanText on an article whose body holds a table of figures', () => {
  const intro = [
    'The Valley football league has played its twelfth round, and the two mill town clubs are level on points at the top of the table for the first time in nine years.',
    'The table below gives every club’s position, points, wins, draws and goals after the weekend’s games.',
  ];
  const table = [
    'Pos. Club Points Won Drawn Goals',
    '1 Millbrook Rovers 28 9 1 31',
    '2 Eastford Town 28 8 4 27',
    '3 Ashby United 22 7 1 24',
    '4 Riverside Athletic 19 5 4 18',
    '5 Northgate Wanderers 15 4 3 16',
    '6 Kings Ferry 12 3 3 12',
    '7 Oldmill Albion 8 2 2 10',
    '8 Westbridge 5 1 2 7',
  ];
  const after = [
    'The two leaders meet in the last round before the winter break, on the first Saturday of December, and the league expects a record crowd at the Millbrook ground.',
  ];
  const page = [
    ...MENU,
    ...intro,
    ...table,
    ...after,
    'More Stories',
    'Orchard owners count the cost of a late frost',
    'Contact us',
    '© 2024 The Valley Post',
  ];

  it('keeps the rows of figures between its paragraphs: a table is data, not a menu', () => {
    expect(cleanText(page.join('\n')).paragraphs).toEqual([...intro, ...table, ...after]);
  });

  it('still leaves out short menu lines without figures', () => {
    const paragraphs = cleanText(page.join('\n')).paragraphs;
    for (const entry of ['News', 'Sport', 'Weather', 'Local clubs']) expect(paragraphs).not.toContain(entry);
  });
});

describe('cleanText on an article with links to other stories set between its paragraphs', () => {
  const paragraphs = [
    'The river ferry between the two old mill towns will run again from May, the transport board said on Tuesday, after a winter in which the crossing was closed for repairs to both landing stages.',
    'Engineers found that the timber piles under the northern stage had rotted further than an inspection in the autumn had shown, and the board chose to replace all of them rather than patch the worst.',
    'The work cost about twice what was first planned, and the board says it will recover part of it with a small rise in the fare for cars, while foot passengers and cyclists will pay what they paid last year.',
    'Regular passengers, many of whom drove an hour around by the bridge all winter, said they were glad to hear it, though some asked why the repairs had not been started in the summer when the river was low.',
  ];

  it('drops a bracketed "[Read: ...]" or "[Related: ...]" link and a bare "Read: ..." one, keeping the paragraphs around them', () => {
    const page = [
      'Ferry to run again from May - The Valley Post',
      'Ferry to run again from May',
      paragraphs[0],
      '[Read: Why the valley’s bridges are wearing out faster than expected]',
      paragraphs[1],
      '[ Related: The mill museum reopens after its own long repairs ]',
      paragraphs[2],
      'Read: Ten years of the ferry, in pictures',
      paragraphs[3],
    ];
    expect(cleanText(page.join('\n')).paragraphs).toEqual(paragraphs);
  });

  it('keeps a bracketed line that is no link, such as an editor’s note', () => {
    const note = '[This article was updated on Wednesday with the board’s figures for the cost of the work.]';
    const page = ['Ferry to run again from May - The Valley Post', 'Ferry to run again from May', ...paragraphs, note];
    expect(cleanText(page.join('\n')).paragraphs).toEqual([...paragraphs, note]);
  });
});

describe('cleanText on a page whose other-stories section gives each story a headline and standfirst', () => {
  const article = [
    'The river ferry between the two old mill towns will run again from May, the transport board said on Tuesday, after a winter in which the crossing was closed for repairs to both landing stages.',
    'Engineers found that the timber piles under the northern stage had rotted further than an inspection in the autumn had shown, and the board chose to replace all of them rather than patch the worst.',
    'The work cost about twice what was first planned, and the board says it will recover part of it with a small rise in the fare for cars, while foot passengers and cyclists will pay what they paid last year.',
  ];
  const teasers = [
    'Orchard owners count the cost of a late frost that killed most of the blossom in the valley this spring Growers say the apple harvest will be the smallest in twenty years',
    'The library will open on Sundays for the first time in its history from the start of next month The council found the money in its budget for the arts and for the parks',
    'A new footpath along the old railway line between the two towns is to be finished by the summer and will be open to walkers and to cyclists from both ends of the valley',
    'Why the bridges over the river are wearing out faster than the engineers who built them in the sixties expected and what the county plans to do about it in the coming years',
  ];

  it('leaves out the lines after the article that read like prose but end no sentence: they are headlines', () => {
    const page = ['Ferry to run again from May - The Valley Post', 'Ferry to run again from May', ...article, 'Most Read', ...teasers];
    expect(cleanText(page.join('\n')).paragraphs).toEqual(article);
  });
});

describe('cleanText on a page with markup saved as text between its paragraphs', () => {
  const paragraphs = [
    'The river ferry between the two old mill towns will run again from May, the transport board said on Tuesday, after a winter in which the crossing was closed for repairs to both landing stages.',
    'Engineers found that the timber piles under the northern stage had rotted further than an inspection in the autumn had shown, and the board chose to replace all of them rather than patch the worst.',
    'The work cost about twice what was first planned, and the board says it will recover part of it with a small rise in the fare for cars, while foot passengers and cyclists will pay what they paid last year.',
  ];

  it("drops a line of nothing but tags and character references, an editor's leftover, and keeps the paragraphs", () => {
    const leftover =
      '&lt;span data-editor="marker" style="display: inline-block; width: 0px;" class="selection_start"&gt;&amp;#65279;&lt;/span&gt;';
    const page = [
      'Ferry to run again from May - The Valley Post',
      'Ferry to run again from May',
      paragraphs[0],
      leftover,
      paragraphs[1],
      '<div class="embed-placeholder" data-id="ferry-map"></div>',
      paragraphs[2],
    ];
    expect(cleanText(page.join('\n')).paragraphs).toEqual(paragraphs);
  });
});
