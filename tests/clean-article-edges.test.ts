import { describe, expect, it } from 'vitest';
import { cleanText } from '../src/articles/clean/index.js';

const HEADLINE = 'Harbor ferry returns after a winter of repairs';

const ARTICLE = [
  'The river ferry between the two old mill towns will run again from May, the transport board said on Tuesday, after a winter in which the crossing was closed for repairs to both landing stages.',
  'Engineers found that the timber piles under the northern stage had rotted further than an inspection in the autumn had shown, and the board chose to replace all of them rather than patch the worst.',
  'The work cost about twice what was first planned, and the board says it will recover part of it with a small rise in the fare for cars, while foot passengers and cyclists will pay what they paid last year.',
  'Regular passengers, many of whom drove an hour around by the bridge all winter, said they were glad to hear it, though some asked why the repairs had not been started in the summer when the river was low.',
];

describe('cleanText on a page that streams other stories above the article', () => {
  // a story stream: each teaser with its own comment count, the last count just above the article's headline
  const stream = [
    '24 Comments',
    'Orchard owners count the cost of a late frost',
    'Growers across the valley say the frost in the last week of April took most of the blossom on the early apple varieties, and several expect to lose half of this year’s crop or more.',
    '8 Comments',
    'Library reopens with a longer Saturday',
    'The town library has reopened after its roof was replaced, and it will now stay open until six on Saturdays, the council said, after a survey of readers asked for later hours at weekends.',
    'The new roof was paid for in part by a bequest from a former librarian, and the reading room under it has been repainted and given new lamps and chairs for the first time since the eighties.',
    '11 Comments',
  ];
  const page = [
    `${HEADLINE} - The Valley Post`,
    'News',
    'Sport',
    'Weather',
    ...stream,
    HEADLINE,
    'By Jane Doe',
    '11 Comments',
    ...ARTICLE,
    'What to Read Next',
    'Council delays vote on the new bus depot',
  ];

  it('keeps the article under its headline: a comment count above the headline ends another story', () => {
    expect(cleanText(page.join('\n')).paragraphs).toEqual(ARTICLE);
  });
});

describe('cleanText on an article that embeds a post', () => {
  const post = 'The ferry is back! First crossing on May 2, same timetable as last summer. pic.example/ferry';
  const credit = '— Valley Transport Board (@valleytransport) April 16, 2024';
  const closing = [
    'The board will publish the summer timetable next week, and it says the first crossing will leave the southern stage at seven in the morning.',
  ];
  const page = [`${HEADLINE} - The Valley Post`, 'News', 'Sport', HEADLINE, ...ARTICLE, post, credit, ...closing, '© 2024 The Valley Post'];

  it('keeps the embedded post and its credit line as part of the article', () => {
    expect(cleanText(page.join('\n')).paragraphs).toEqual([...ARTICLE, post, credit, ...closing]);
  });
});

describe('cleanText on an article with captions and a contact pitch', () => {
  const captions = [
    'The northern landing stage during repairs in March. Photograph: John Roe for the Valley Post',
    'A ferry waits at the southern stage on Thursday Credit: STR/AFP',
    'Workers drive new piles into the river bed in February.CreditJohn Roe/The Valley Post',
    'Passengers board the ferry at dawn in a photo from last summer. (Jane Q. Doe / The Valley Post)',
  ];
  const pitch = 'Have a tip? Jane Doe may be reached at jdoe@valleypost.example. Follow her on Twitter @janedoe.';
  const page = [
    `${HEADLINE} - The Valley Post`,
    'News',
    HEADLINE,
    ARTICLE[0],
    captions[0],
    ARTICLE[1],
    captions[1],
    captions[2],
    ARTICLE[2],
    captions[3],
    'Related post: Orchard owners count the cost of a late frost',
    ARTICLE[3],
    pitch,
    'Most Read',
  ];

  it('leaves out the captions, whatever form their credit takes, a link to a related post and the pitch after the article', () => {
    expect(cleanText(page.join('\n')).paragraphs).toEqual(ARTICLE);
  });
});

describe('cleanText on an interview printed as questions and answers', () => {
  const intro = [
    'The new harbour master, Jane Doe, took over the port in March after twenty years on the ferries, and we asked her about the job and about life away from the quay.',
    'Q: What surprised you most in your first month?',
    'A: How many people depend on the ferry running on time, from the school children on the early crossing to the lorries bringing fish to the market before dawn.',
  ];
  const quickfire = [
    'Ok, now for a few quick ones.',
    'Q: Favourite boat?',
    'A: The old steam tug',
    'Q: Favourite book?',
    'A: The Riddle of the Sands',
    'Q: Tea or coffee?',
    'A: Tea, always',
    'Q: Early or late shift?',
    'A: Early',
    'Q: Favourite crossing?',
    'A: The winter one',
    'Q: Best view?',
    'A: The lighthouse at dusk',
    'Q: Best day on the job so far?',
    'A: The morning the ferry went back into service, with half the town on the quay to watch the first crossing and the school band playing on the slipway.',
  ];
  const page = [
    `${HEADLINE} - The Valley Post`,
    'News',
    'Sport',
    HEADLINE,
    ...intro,
    ...quickfire,
    'Thanks Jane!',
    'Previous Post',
    'Next Post',
    'Categories:',
    'Ferries',
  ];

  it('keeps the short answers with the rest of the interview', () => {
    expect(cleanText(page.join('\n')).paragraphs).toEqual([...intro, ...quickfire]);
  });
});

describe('cleanText on a page whose consent notice runs long', () => {
  const notice =
    'We use cookies and similar technologies to improve your browsing experience, personalise content and offers, show targeted ads, analyse traffic and understand where our audiences come from. To find out more or to opt out, please read our privacy notice. By choosing I accept, you consent to our use of cookies and other tracking technologies, and you can change your choice at any time from the settings page of your account.';
  const page = [`${HEADLINE} - The Valley Post`, notice, 'I accept', HEADLINE, ...ARTICLE, '© 2024 The Valley Post'];

  it('leaves out the notice however long it is, and keeps the article', () => {
    expect(notice.length).toBeGreaterThan(400);
    expect(cleanText(page.join('\n')).paragraphs).toEqual(ARTICLE);
  });
});
