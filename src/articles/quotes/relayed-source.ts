/**
 * The source that relays a whole attribution: "“...,” Sanders said, according to CNN." and "..., CNN reported." name
 * who reported the words. As PolNeAR marks them, that outer source is the quote's source, as "according to X" is
 * when it stands alone.
 */
import { SOURCE_PREPOSITIONS } from './cues.js';
import type { SpeakerPhrase } from './speaker-phrase.js';

// ", according to the Las Vegas Sun." up to the next comma or the sentence's end.
const RELAY_PREPOSITION = new RegExp(`,\\s+(?:${SOURCE_PREPOSITIONS.join('|')})\\s+([^,;:()—–]+)`, 'i');
// ", CNN reported.", ", Right Wing Watch first reported": a name, then the reporting verb, ending the sentence.
const RELAY_REPORTED = /,\s+((?:the\s+)?\p{Lu}[^,;:()—–]{0,50}?)\s+(?:first\s+|later\s+)?report(?:ed|s)\W*$/u;
// ", reports USA Today."
const RELAY_REPORTS = /,\s+report(?:ed|s)\s+((?:the\s+)?\p{Lu}[^,;:()—–]{0,50}?)\W*$/u;

const OWN_CLAUSE = /\b(?:which|who|whom|that|where|because|while|although)\b/i;

/** The source relaying the rest of a quote's sentence (`rest` runs from the closing mark to the sentence's end), else null. */
export function relayingSource(rest: string, offset: number): SpeakerPhrase | null {
  // Most sentences hold no relay: one cheap look before the regexes.
  if (!rest.includes('ccording') && !rest.includes('report') && !rest.includes('words of')) return null;
  const found = RELAY_PREPOSITION.exec(rest) ?? RELAY_REPORTED.exec(rest) ?? RELAY_REPORTS.exec(rest);
  const phrase = found?.[1]?.replace(/[.!?]+$/, '').trim();
  // "..., which, according to the CBO, would cost": a relay inside a clause of its own speaks of that clause only.
  if (!found || !phrase || OWN_CLAUSE.test(rest.slice(0, found.index))) return null;
  return { phrase, index: offset + found.index + found[0].indexOf(phrase) };
}
