/** Direct quotes in an article body and who said them; the cue verbs the summary checks share. */
export { extractQuotes } from './quotes.js';
export { CUE_VERBS } from './cues.js';
