import { describe, expect, it } from 'vitest';
import { describeLines, isBoilerplateLine, isCallToAction } from '../src/articles/clean/blocks.js';
import { LinePatterns } from '../src/articles/clean/line-patterns.js';
import {
  BOILERPLATE_LINES,
  BOILERPLATE_PHRASE_KEYWORDS,
  BOILERPLATE_PHRASES,
  CALL_TO_ACTION_KEYWORDS,
  CALL_TO_ACTION_PHRASES,
  CAPTION_CREDIT,
  CAPTION_LABELLED_CREDIT,
  CAPTION_NAMED_CREDIT,
  CAPTION_TRAILING_CREDIT,
  END_OF_ARTICLE_LINES,
} from '../src/articles/clean/patterns.js';
import { matchExtent } from '../src/articles/clean/regex-length.js';

/** One notice per phrase pattern at least: a new phrase without an example here fails the first test. */
const NOTICES = [
  'We use cookies to improve your experience.',
  'This site uses cookies. Read our Cookie Policy.',
  'Please enable JavaScript to view the comments.',
  'Your browser does not support the video tag.',
  'Sign up for our daily newsletter',
  'Subscribe to the Morning Briefing newsletter for more.',
  'By clicking Sign Up, you agree to our Terms of Use.',
  'By subscribing you accept our privacy notice.',
];

/** One pitch or caption per call-to-action pattern at least. */
const CALLS_TO_ACTION = [
  'No spam, we promise. You can unsubscribe at any time.',
  'Get breaking news alerts and special reports, delivered weekday mornings.',
  'Like this story? Share it with a friend!',
  'Join our Space Forums to keep talking space on the latest missions.',
  'Protesters march through the city centre (Image: Getty)',
  'A man loads timber into his truck outside the store. (AP Photo/Jane Doe)',
  'Rescuers reach the stranded hikers on the ridge above the valley on Sunday. (Photo Credit : PTI File Photo )',
  'The old customs house on the quay, shortly before it closed in 2009. Jane Doe / Reuters file',
  'A cyclist rides past the closed fuel depot on the edge of the city, November 19, 2019. © Reuters / John Roe',
  'Rep. Jane Doe speaks at the Capitol on July 25, 2019. J. Scott Roe / AP',
  'Have a tip? Jane Doe may be reached at jdoe@gazette.example. Follow her on Twitter @janedoe.',
  'A ferry leaves the harbour at dawn on Thursday Credit: STR/AFP',
  'The old customs house on the quay. Photograph: Jane Doe for the Gazette',
  'Crews repair a water main on the avenue in 2014.CreditJohn Roe/The Gazette',
  'Shoppers queue outside the market before it opens on Saturday. (Jane Q. Doe / The Harbor Gazette)',
];

describe('line patterns', () => {
  it('gives every notice phrase a keyword, so the keyword scan never hides a notice', () => {
    for (const phrase of BOILERPLATE_PHRASES)
      expect(
        NOTICES.some((line) => phrase.test(line)),
        phrase.source,
      ).toBe(true);
    for (const line of NOTICES) expect(BOILERPLATE_PHRASE_KEYWORDS.test(line), line).toBe(true);
  });

  it('has an example of every call to action, each one found', () => {
    for (const phrase of [
      ...CALL_TO_ACTION_PHRASES,
      CAPTION_CREDIT,
      CAPTION_TRAILING_CREDIT,
      CAPTION_LABELLED_CREDIT,
      CAPTION_NAMED_CREDIT,
    ])
      expect(
        CALLS_TO_ACTION.some((line) => phrase.test(line)),
        phrase.source,
      ).toBe(true);
    for (const line of CALLS_TO_ACTION) expect(isCallToAction(line), line).toBe(true);
    for (const line of CALLS_TO_ACTION.filter((text) => CALL_TO_ACTION_PHRASES.some((phrase) => phrase.test(text)))) {
      expect(CALL_TO_ACTION_KEYWORDS.test(line), line).toBe(true);
    }
    expect(isCallToAction('The council voted to subscribe the town to the regional water scheme, officials said.')).toBe(false);
    expect(isCallToAction('The mayor (photo: left) spoke first, and the council voted afterwards on the new ferry routes.')).toBe(false);
    // an agency named in a sentence, or after a slash that is no credit, is no caption
    expect(isCallToAction('The figures, first reported on Monday, were confirmed to Reuters by two officials in the ministry.')).toBe(
      false,
    );
    // a tip or a social account in a news sentence is no pitch
    expect(isCallToAction('Police got a tip from a neighbour and searched the house on Tuesday, the sheriff said.')).toBe(false);
    expect(isCallToAction('Fans can follow her on Instagram, where she posts from every stop of the tour.')).toBe(false);
    // a paragraph that mentions an image or a credit, or a writer's bracketed aside, is no caption
    expect(isCallToAction('The board saw the image: a ferry half sunk in the harbour, its crew on the quay.')).toBe(false);
    expect(isCallToAction('The council gave the ferry company credit for the new timetable, officials said.')).toBe(false);
    expect(isCallToAction('Fares will rise again next spring (the second rise in 2024/25).')).toBe(false);
    expect(isCallToAction('Fares rise 5% in 2024/25. The full timetable is online at gazette.example/ferries and via AP')).toBe(false);
  });

  it("takes a widget's platform credit for furniture, not a sentence that mentions power", () => {
    expect(isBoilerplateLine('Powered by SmartAsset.com')).toBe(true);
    expect(isBoilerplateLine('Powered by WordPress.com VIP')).toBe(true);
    expect(isBoilerplateLine('Powered by wind and sun, the ferry crossed the harbour in under an hour on Tuesday.')).toBe(false);
  });

  it('takes a labelled link to one related story for furniture, not a subhead that opens with "Related"', () => {
    expect(isBoilerplateLine('Related post: Orchard owners count the cost of a late frost')).toBe(true);
    expect(isBoilerplateLine('Also: See the full timetable for the summer crossings')).toBe(true);
    expect(isBoilerplateLine('Related legislation')).toBe(false);
  });

  it('answers exactly as testing each pattern in turn, for short and long lines alike', () => {
    const patterns = [...BOILERPLATE_LINES, ...END_OF_ARTICLE_LINES];
    const lines = new LinePatterns(patterns);
    const words = ['Getty Images', 'via AP', 'all rights reserved', 'Advertisement', 'comments', 'share', '©', 'the', 'council'];
    let state = 11;
    const random = () => (state = (state * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < 3000; i++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 60) }, () => words[Math.floor(random() * words.length)]);
      const line = parts.join(random() < 0.5 ? ' ' : ' x ');
      expect(lines.test(line), line).toBe(patterns.some((p) => p.test(line)));
    }
  });
});

describe('matchExtent', () => {
  it('bounds what a pattern can match and whether the match must reach the end', () => {
    expect(matchExtent('\\bvia AP\\b.{0,20}$')).toEqual({ max: 26, endsAtEnd: true });
    expect(matchExtent('(getty images|ap photo)\\b.{0,60}$')).toEqual({ max: 72, endsAtEnd: true });
    expect(matchExtent('[a-z]{2,5}(?:x|yy)?$')).toEqual({ max: 7, endsAtEnd: true });
    expect(matchExtent('(?<!\\.)ab$')).toEqual({ max: 2, endsAtEnd: true });
  });

  it('claims nothing for what it does not understand or what can run on', () => {
    expect(matchExtent('a+$').max).toBe(Infinity);
    expect(matchExtent('a.*b$').max).toBe(Infinity);
    expect(matchExtent('(a)\\1$').max).toBe(Infinity);
    expect(matchExtent('ab$|cd').endsAtEnd).toBe(false);
    expect(matchExtent('ab$?').endsAtEnd).toBe(false);
    expect(matchExtent('ab)').max).toBe(Infinity);
  });
});

describe('describeLines', () => {
  it('describes a repeated line exactly as its first copy, in an object of its own, both marked repeated', () => {
    const texts = [
      'Advertisement',
      'The Harbor Ferry Adds A Late Trip',
      'The harbor ferry will add an evening trip next month, the transit agency said on Tuesday.',
      'Advertisement',
      'The Harbor Ferry Adds A Late Trip',
      'Officials said the extra sailing would be reviewed after six months of service.',
    ];
    const lines = describeLines(texts);
    for (const [copy, first] of [
      [3, 0],
      [4, 1],
    ] as const) {
      expect(lines[copy]).toEqual(lines[first]);
      expect(lines[copy]).not.toBe(lines[first]);
      expect(lines[copy]!.repeated).toBe(true);
    }
    expect(lines[0]!.furniture).toBe(true);
    expect(lines[1]!.titleCase).toBe(true);
    expect(lines[2]!.repeated || lines[5]!.repeated).toBe(false);
    // Described alone, a line reads the same as when it is a copy (its own features, not the page's).
    const alone = describeLines(texts.slice(3));
    expect({ ...alone[0]!, repeated: true }).toEqual(lines[3]);
  });
});
