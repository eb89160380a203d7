/** Direct quotes in an article body and who said them; the cue verbs the summary checks share. */

export { CUE_VERBS } from './cues.js';
export { extractQuotes } from './quotes.js';
