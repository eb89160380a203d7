/**
 * Quote-heavy page dumps of any length, in the shapes that stress quote extraction (issue 18):
 * attributed quotes with many distinct speakers, "he said", unclosed quotes, one huge paragraph,
 * quotes spanning paragraphs, a speaker named in the paragraph before. Used by bench/scaling.ts and
 * by the tests of the article limits and of polling off the main thread.
 */
export const QUOTE_SHAPES = ['attributed', 'he-said', 'unclosed', 'one-paragraph', 'spanning', 'named-before'] as const;
export type QuoteShape = (typeof QUOTE_SHAPES)[number];

const FIRST = [
  'Anna',
  'Boris',
  'Carla',
  'David',
  'Elena',
  'Farid',
  'Greta',
  'Hugo',
  'Irina',
  'Jonas',
  'Kemal',
  'Lena',
  'Marco',
  'Nadia',
  'Oskar',
  'Petra',
];
const SYLLABLES = ['ka', 'lo', 'mi', 'ren', 'tos', 'va', 'dan', 'bel', 'cor', 'fi', 'gu', 'har', 'is', 'jon', 'kel', 'mar'];
const CLAIMS = [
  'The council will vote on the budget next week after months of debate over taxes and services',
  'We cannot keep the libraries open on weekends unless the state pays its share of the costs',
  'Nobody on this board wants to raise fares, but the buses are older than most of our drivers',
  'The numbers we were given in March were wrong, and the residents deserve to hear that from us',
];

/** A distinct surname for every i: its digits in base 16 spelled as syllables. */
function surname(i: number): string {
  let word = '';
  let rest = i;
  do {
    word += SYLLABLES[rest % 16];
    rest = Math.floor(rest / 16);
  } while (rest > 0);
  return word[0]!.toUpperCase() + word.slice(1);
}

/** Speaker i: a different person for every i. */
export function speakerName(i: number): string {
  return `${FIRST[i % FIRST.length]} ${surname(i)}`;
}

function claim(i: number): string {
  return `${CLAIMS[i % CLAIMS.length]}, and that is point ${i}`;
}

/** The paragraphs of quote i in a shape. */
function quoteParagraphs(shape: QuoteShape, i: number): string[] {
  switch (shape) {
    case 'attributed':
      return [`“${claim(i)},” ${speakerName(i)} said on Tuesday.`];
    case 'he-said':
      return [`“${claim(i)},” he said.`];
    case 'unclosed':
      return [`“${claim(i)}, according to ${speakerName(i)}.`];
    case 'one-paragraph':
      return [`“${claim(i)},” ${speakerName(i)} said. `];
    case 'spanning':
      return [`“${claim(i)}.`, `“And it will pass this time,” ${speakerName(i)} said.`];
    case 'named-before':
      return [`${speakerName(i)}, a member of the council, spoke after the vote.`, `“${claim(i)},” she said.`];
  }
}

/** A page dump (title line, blank line, paragraphs separated by blank lines) holding `quotes` quotes of a shape. */
export function quoteHeavyText(shape: QuoteShape, quotes: number): string {
  const paragraphs: string[] = [];
  for (let i = 0; i < quotes; i++) paragraphs.push(...quoteParagraphs(shape, i));
  const body = shape === 'one-paragraph' ? paragraphs.join('') : paragraphs.join('\n\n');
  return `Council budget vote draws a crowd\n\n${body}\n`;
}

/** An HTML article page of about `bytes` bytes of attributed quotes, numbered from `first` (pages differ by it). */
export function quoteHeavyHtml(title: string, bytes: number, first = 0): string {
  const parts: string[] = [];
  let size = 0;
  for (let i = first; size < bytes; i++) {
    const paragraph = `<p>“${claim(i)},” ${speakerName(i)} said on Tuesday.</p>\n`;
    parts.push(paragraph);
    size += Buffer.byteLength(paragraph);
  }
  return `<!doctype html><html><head><title>${title}</title><meta property="og:site_name" content="Quote Times"></head>
<body><article><h1>${title}</h1><p class="byline">By Ada Reporter</p>
${parts.join('')}</article></body></html>`;
}
