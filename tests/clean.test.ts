import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanText, splitTitle } from '../src/articles/clean/index.js';
import { tidyParagraphs, withoutHoverCards, withoutWireOpener } from '../src/articles/clean/paragraphs.js';

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`./fixtures/clean/${name}`, import.meta.url)), 'utf8');
const seedPath = fileURLToPath(new URL('../data/articles/townhall-iran-rejects-direct-talks.txt', import.meta.url));

const harbour = fixture('harbour-bridge.txt');

describe('cleanText on a whole-page text dump', () => {
  const page = cleanText(harbour);

  it("drops the site's navigation headlines", () => {
    const body = page.paragraphs.join('\n');
    for (const nav of [
      'Council Approves New Budget for Libraries',
      'Storm Warning Issued for Weekend',
      'Subscribe',
      'Weather',
      'Ferry Service to Resume Full Timetable in May',
    ]) {
      expect(body).not.toContain(nav);
    }
  });

  it('finds the title line above the body, its section and the site from the <title> line', () => {
    expect(page.title).toBe('Harbour Bridge Reopens to Traffic After Two Years of Repairs');
    expect(page.section).toBe('Local');
    expect(page.source).toBe('The Coastal Gazette');
  });

  it('drops Advertisement lines, photo credits and the share bar', () => {
    expect(page.paragraphs).not.toContain('Advertisement');
    expect(page.paragraphs.some((p) => p.includes('Getty Images'))).toBe(false);
    expect(page.paragraphs.some((p) => /^(Share this article|Facebook|Twitter|Email)$/.test(p))).toBe(false);
  });

  it('keeps the article paragraphs in order, and a short subhead between long ones', () => {
    expect(page.paragraphs).toHaveLength(6);
    expect(page.paragraphs[0]).toMatch(/^The Harbour Bridge reopened/);
    expect(page.paragraphs[2]).toBe('Why it took so long');
    expect(page.paragraphs[5]).toMatch(/^The final cost of the project/);
  });

  it('stops at the related stories, comments and copyright footer', () => {
    const body = page.paragraphs.join('\n');
    expect(body).not.toMatch(/Related Stories|Trending|Comments|All rights reserved|Privacy Policy/);
  });

  it('reads the byline and the publication date', () => {
    expect(page.byline).toBe('Jane Doe');
    expect(page.published).toBe('2024-03-03');
  });
});

describe('cleanText metadata layouts', () => {
  const page = cleanText(fixture('name-first-byline.txt'));

  it('reads a "Name, Agency" byline, an ISO date-time and a "Headline | Site" title', () => {
    expect(page.title).toBe('Wind farm plan wins approval');
    expect(page.source).toBe('Northern Daily');
    expect(page.byline).toBe('Maria Lopez');
    expect(page.published).toBe('2024-05-14T08:30:00Z');
    expect(page.paragraphs).toHaveLength(3);
  });

  it('says null for what the page does not tell', () => {
    const bare = cleanText(
      'Regulators approved the plan on Tuesday after a review that lasted more than three years and drew thousands of comments from residents.\n',
    );
    expect(bare).toMatchObject({ title: null, section: null, byline: null, published: null, source: null, url: null });
    expect(bare.paragraphs).toHaveLength(1);
  });
});

describe('cleanText on a wire story that repeats a pull quote', () => {
  const page = cleanText(fixture('wire-repeats.txt'));
  const quote =
    '"We built these walls for exactly this morning, and they did what they were meant to do," said Mayor Ana Lindqvist, who walked the barrier line with the fire service before sunrise.';

  it('takes the headline from the <title> without its section labels and site name', () => {
    expect(page.title).toBe('Flood barriers hold as river crests in Riverton');
    expect(page.source).toBe('The Daily Ledger');
  });

  it('strips the wire opener from the first paragraph', () => {
    expect(page.paragraphs[0]).toMatch(/^Temporary flood barriers held on Tuesday/);
  });

  it('keeps a paragraph the page prints twice exactly once, where it first stood', () => {
    expect(page.paragraphs.filter((p) => p === quote)).toHaveLength(1);
    expect(page.paragraphs[2]).toBe(quote);
  });

  it('drops date lines, a lone byline, captions and newsletter pitches from the body', () => {
    expect(page.paragraphs).toHaveLength(6);
    const body = page.paragraphs.join('\n');
    for (const junk of ['Updated Nov. 19', 'By Reuters', '(Image: Getty)', 'breaking news alerts', 'unsubscribe', 'Recommended'])
      expect(body).not.toContain(junk);
    expect(page.paragraphs[5]).toMatch(/^Insurers said/);
  });
});

describe("cleanText on a page with hover cards and an author's teaser list", () => {
  const page = cleanText(fixture('hover-card.txt'));

  it('takes the headline above the byline, never the byline itself', () => {
    expect(page.title).toBe('Governor Stands By Her Anti-Drug Slogan');
  });

  it('removes profile cards glued into sentences, keeping the linked name', () => {
    expect(page.paragraphs).toContain('Governor Maria Ortega (R) said on Monday that the ridicule proved the campaign was doing its job.');
    expect(page.paragraphs.some((p) => p.includes('Senator Paul Reyes (D), said the money'))).toBe(true);
    expect(page.paragraphs.join('\n')).not.toContain('MORE');
  });

  it('keeps a lead printed twice in a row once, as the first paragraph', () => {
    const lead = 'The governor of the state defended her new anti-drug campaign on Monday after its slogan drew a wave of jokes online.';
    expect(page.paragraphs[0]).toBe(lead);
    expect(page.paragraphs.filter((p) => p === lead)).toHaveLength(1);
    expect(page.paragraphs.at(-1)).toMatch(/^Critics in the legislature/);
  });
});

describe('cleanText on a page that prints its headline twice', () => {
  const headline = 'Harbour pilots say the new ferry schedule leaves too little time for the night crossings';
  const page = cleanText(
    [
      `${headline} - The Coastal Gazette`,
      'News',
      'Sport',
      'Weather',
      headline,
      headline,
      'Pilots told the port authority the changes would stretch crews thin on the busiest winter evenings.',
      '@CoastalGazette',
      'Nov 18, 2019 at 9:24 pm ET • 2 min read',
      'The harbour pilots association wrote to the port authority on Monday to object to the new timetable, which adds two late crossings from January without adding crews.',
      'The authority said it would meet the pilots next week and that safety would come first, but it gave no sign that the timetable itself would change before the new year.',
      'Ferry passengers have welcomed the extra crossings, which were among the most requested changes in a survey of regular travellers last spring.',
    ].join('\n'),
  );

  it('keeps the header out of the body: a repeated headline is no repeated paragraph', () => {
    expect(page.title).toBe(headline);
    expect(page.paragraphs[0]).toMatch(/^The harbour pilots association wrote/);
    expect(page.paragraphs).toHaveLength(3);
  });
});

describe('cleanText on a page with a photo gallery inside the article', () => {
  const gallery = ['Full Screen', 'Autoplay', 'Skip Ad', 'View Photos'];
  const page = cleanText(
    [
      'Harbour museum reopens its mosaic hall - The Coastal Gazette',
      'News',
      'Sport',
      'Weather',
      'Harbour museum reopens its mosaic hall',
      'The harbour museum reopened its mosaic hall on Saturday after two years of restoration work, with queues stretching along the quay before the doors opened.',
      'The hall holds the largest collection of Roman floor mosaics outside the capital, most of them found under the old market square a century ago.',
      ...gallery,
      'Restorers cleaned each of the forty floor panels by hand, a job the museum said had taken longer than the building work around them.',
      'Some panels had cracked in the damp of the old basement store, and two had to be lifted and relaid on new concrete beds.',
      'What the visitors said',
      'Most of the first visitors said the wait had been worth it, and several asked when the upper galleries would open as well.',
      'A school group from the northern suburbs spent the whole morning sketching the hunting scene in the centre of the hall.',
      ...gallery,
      'The museum expects twice as many visitors this year as last, most of them in the summer months when the cruise ships call.',
      'Interviewer: What comes next?',
      'The director said the upper galleries would follow in the spring, once the new lifts had been installed and tested by the city.',
      'She added that the museum would stay open throughout the work, with the mosaic hall reached through the garden entrance.',
      'Interviewer: What comes next?',
      'Money for the next stage, the director added, would come from the ticket sales of the first months and from a grant by the regional council.',
      'The council is expected to decide on the grant at its meeting in March, after a report on the visitor numbers of the first weeks.',
    ].join('\n'),
  );

  it("drops a widget's buttons, printed wherever the widget is, but keeps the article's own short lines", () => {
    for (const label of gallery) expect(page.paragraphs).not.toContain(label);
    expect(page.paragraphs).toContain('What the visitors said');
    // a repeated line on its own between paragraphs (an interviewer's question) stays each time
    expect(page.paragraphs.filter((p) => p === 'Interviewer: What comes next?')).toHaveLength(2);
    expect(page.paragraphs).toHaveLength(14);
  });
});

describe('cleanText on a page with a related-stories box inside the article', () => {
  const page = cleanText(
    [
      'Neon signs return to the old harbour - The Coastal Gazette',
      'News',
      'Sport',
      'Weather',
      'Neon signs return to the old harbour',
      'The old harbour front has its neon back: six restored signs were switched on again on Friday evening, forty years after the last of them went dark.',
      'The signs were taken down in the eighties, when the fish market closed and the cafes along the quay gave way to offices and car parks.',
      'Recommended',
      'The Twists and Turns of Making a Neon Sign',
      'Linda Poon',
      'Aug 23, 2017',
      'Remembering the City’s Most Mesmerizing Sign',
      'Mark Byrnes',
      'Jul 17, 2014',
      'A local glass blower, who learned the trade from one of the original sign makers, spent most of last year bending the new tubes by hand.',
      'The council paid for half of the work, and the cafes that now fill the old market halls paid for the rest.',
      'Ingredients of the glow',
      'Each sign holds neon or argon, which gives the blue, in tubes coated inside with powders that turn the light into other colours.',
      'Visitors can see the signs every evening from dusk until midnight, and the harbour museum runs guided walks along the quay on Saturdays.',
    ].join('\n'),
  );

  it('drops the teasers, bylines and dates under a related-content header, but keeps a subhead', () => {
    const body = page.paragraphs.join('\n');
    for (const teaser of ['The Twists and Turns', 'Linda Poon', 'Aug 23, 2017', 'Mesmerizing', 'Mark Byrnes'])
      expect(body).not.toContain(teaser);
    expect(page.paragraphs).toContain('Ingredients of the glow');
    expect(page.paragraphs).toHaveLength(7);
  });
});

describe('splitTitle', () => {
  it('takes the site name and the section labels off the headline', () => {
    expect(splitTitle('Hong Kong chaos: troops deployed as protests grow | World | News | Express.co.uk')).toEqual({
      headline: 'Hong Kong chaos: troops deployed as protests grow',
      site: 'Express.co.uk',
      section: 'World',
    });
    expect(splitTitle('The Ledger view on the harbour: a city at the brink | Editorial | Opinion | The Ledger').headline).toBe(
      'The Ledger view on the harbour: a city at the brink',
    );
    expect(splitTitle('Alibaba to raise up to $12.9bn in landmark listing : CityAM')).toMatchObject({
      headline: 'Alibaba to raise up to $12.9bn in landmark listing',
      site: 'CityAM',
    });
    expect(splitTitle('Video shows rescue of kidnapped girl - NBC 5 Dallas-Fort Worth').site).toBe('NBC 5 Dallas-Fort Worth');
  });

  it('takes a section label before the headline off, and a known site name at either end', () => {
    expect(splitTitle('Opinion | Republicans Are Following Trump to Nowhere - The New York Times')).toEqual({
      headline: 'Republicans Are Following Trump to Nowhere',
      site: 'The New York Times',
      section: 'Opinion',
    });
    expect(splitTitle('Breitbart | Fact-checker under fire over his posts', 'Breitbart').headline).toBe(
      'Fact-checker under fire over his posts',
    );
  });

  it("leaves a headline's own dashes, colons and clauses alone", () => {
    for (const title of [
      "The Early Reviews For Google's Stadia Are Here — And They're Not Great",
      'Star Wars Jedi: Fallen Order review - shoots for the moon, lands among the stars',
      'Nadal wins - again',
      'Die elektronische Patientenakte (ePA) – der lange Marsch ins Digitale Gesundheitswesen',
    ])
      expect(splitTitle(title)).toEqual({ headline: title, site: null, section: null });
  });
});

describe('tidyParagraphs', () => {
  it("strips wire and dateline openers, only from the story's opening", () => {
    expect(withoutWireOpener('WASHINGTON (AP) — Lawmakers met on Monday.')).toBe('Lawmakers met on Monday.');
    expect(withoutWireOpener('(Reuters) - The company said on Monday.')).toBe('The company said on Monday.');
    expect(withoutWireOpener('HAYWARD, Calif. (AP) — A train was stopped.')).toBe('A train was stopped.');
    expect(withoutWireOpener('BUFFALO, N.Y. — Hours before the game.')).toBe('Hours before the game.');
    expect(withoutWireOpener('NEW DELHI: Their dream shattered.')).toBe('Their dream shattered.');
    for (const plain of [
      'NASA said on Monday — in a statement — that it agreed.',
      'I — for one — disagree.',
      'Q: How do you prioritise your day?',
    ]) {
      expect(withoutWireOpener(plain)).toBe(plain);
    }
    const paragraphs = ['MADRID — Nadal won.', 'LONDON — A second dateline stays.'];
    expect(tidyParagraphs(paragraphs)).toEqual(['Nadal won.', 'LONDON — A second dateline stays.']);
  });

  it('removes a hover card only where it repeats the linked name and ends in MORE', () => {
    expect(withoutHoverCards('Rep. Ilhan Omar Ilhan Omar Senators call for 5G security coordinator MORE (D-Minn.), the office said.')).toBe(
      'Rep. Ilhan Omar (D-Minn.), the office said.',
    );
    const shout = 'South Dakota Gov. Kristi Noem said there was MORE to do (R) on the campaign.';
    expect(withoutHoverCards(shout)).toBe(shout);
  });
});

describe('cleanText robustness', () => {
  it('handles CRLF line endings like LF', () => {
    expect(cleanText(harbour.replace(/\n/g, '\r\n'))).toEqual(cleanText(harbour));
  });

  it('handles empty input, blank input and a single line', () => {
    expect(cleanText('')).toEqual({
      title: null,
      section: null,
      byline: null,
      published: null,
      publishedFrom: null,
      source: null,
      url: null,
      paragraphs: [],
    });
    expect(cleanText('\n\r\n  \n').paragraphs).toEqual([]);
    expect(() => cleanText('Just one line')).not.toThrow();
  });

  it('handles a dump with no blank lines', () => {
    const dense = cleanText(harbour.replace(/\n\n+/g, '\n'));
    expect(dense.title).toBe('Harbour Bridge Reopens to Traffic After Two Years of Repairs');
    expect(dense.paragraphs).toHaveLength(6);
  });

  // How fast is the bench's (npm run bench -- --scaling), not a unit test's.
  it('cleans several megabytes, in lines or in one long line', () => {
    const sentence = 'the inspectors walked the span again and wrote down what they saw on each of the cables';
    const big = Array.from({ length: 40_000 }, (_, i) => `Note ${i}: ${sentence}, and it was the ${i}th note of the day.`).join('\n'); // ~4 MB
    expect(cleanText(big).paragraphs.length).toBeGreaterThan(0);
    expect(cleanText(big.replace(/\n/g, ' ')).paragraphs.length).toBe(1);
  });
});

describe('the seed page shipped in data/articles', () => {
  const seed = cleanText(readFileSync(seedPath, 'utf8'));

  it('gives its title and section', () => {
    expect(seed.title).toBe("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(seed.section).toBe('Tipsheet');
  });

  it('gives exactly its six article paragraphs, trimmed', () => {
    expect(seed.paragraphs).toHaveLength(6);
    expect(seed.paragraphs[0]).toMatch(/^Iran's president made it clear on Sunday/);
    expect(seed.paragraphs[5]).toMatch(/^During a cabinet meeting/);
    for (const p of seed.paragraphs) expect(p).toBe(p.trim());
    const body = seed.paragraphs.join('\n');
    for (const junk of [
      'Advertisement',
      'Pool via AP',
      'Join the conversation',
      'Recommended',
      'Trending on Townhall',
      'Reagan National Airport',
    ]) {
      expect(body).not.toContain(junk);
    }
  });
});
