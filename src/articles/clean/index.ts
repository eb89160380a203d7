/** Plain-text page dumps -> CleanedPage, and the pieces html/ and stories/ share with it. */

// The rules one by one, for the evaluation that measures each (bench/eval/cleaning-rules.ts).
export { describeLines, isBylineLine, isDateLine } from './blocks.js';
export { findBody } from './body.js';
export { cleanText, splitLines } from './clean.js';
export { headlineProbe, splitPageTitle } from './metadata.js';
export { tidyParagraphs } from './paragraphs.js';
export {
  BOILERPLATE_LINES,
  BOILERPLATE_PHRASES,
  CALL_TO_ACTION_MAX_LENGTH,
  CALL_TO_ACTION_PHRASES,
  CAPTION_CREDIT,
  CAPTION_LABELLED_CREDIT,
  CAPTION_NAMED_CREDIT,
  CAPTION_TRAILING_CREDIT,
  EMBED_CREDIT,
  END_OF_ARTICLE_LINES,
  HOVER_CARD,
  LENGTH,
  PHRASE_MAX_LENGTH,
  WIRE_OPENER,
} from './patterns.js';
export { STOP_WORDS } from './stopwords.js';
export { splitTitle } from './title.js';
