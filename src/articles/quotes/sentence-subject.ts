/** The subject a sentence opens with, past what introduces it: "On Tuesday, Carson called it ...", "The Florida senator". */

import { foldedWordSet } from '../text/index.js';
import { PERSON_TITLES, SOURCE_NOUNS } from './cues.js';
import {
  capitalsEnd,
  NOUN_MARKER,
  PLACE_PREPOSITION,
  phraseOf,
  type SpeakerPhrase,
  skipChunk,
  subjectKind,
  TITLE,
  whoseName,
} from './speaker-phrase.js';
import { type Stretch, stretchOf, type Token } from './speaker-tokens.js';

const MAX_CLAUSE_WORDS = 30;
const SENTENCE_JOINER = foldedWordSet(['and', 'but', 'so', 'then', 'yet', 'or', 'also', 'still', 'now']);

/** "in Birmingham, | Alabama,": a phrase ending on a capital, then only capitalised words up to the next comma. */
function isPlaceChunk(tokens: Token[], comma: number): boolean {
  if (!/^\p{Lu}/u.test(tokens[comma - 1]?.word ?? '')) return false;
  let k = comma + 1;
  while (k < tokens.length && /^\p{Lu}/u.test(tokens[k]?.word ?? '')) k++;
  return k > comma + 1 && tokens[k]?.word === ',';
}

/** The title or source noun ending a description within its first three lower-case words ("presidential candidate"), else -1. */
function describedHead(tokens: Token[], from: number): number {
  // A determiner ends it: "released a statement" is a verb and its object.
  for (let j = from; j < from + 3 && /^\p{Ll}/u.test(tokens[j]?.word ?? '') && !NOUN_MARKER.has(tokens[j]?.word ?? ''); j++) {
    const word = (tokens[j]?.word ?? '').toLowerCase().replace(/['’]s$/, '');
    // "Two military analysts, Patrick Megahan and ...": a title in the plural heads a description too.
    if (PERSON_TITLES.has(word) || SOURCE_NOUNS.has(word) || (word.endsWith('s') && PERSON_TITLES.has(word.slice(0, -1)))) return j;
  }
  return -1;
}

/** "The Trayvon Martin Foundation", "the NRA": "the", then two capitalised words or an acronym, not ending on a title. */
function namesOrganisation(tokens: Token[], determiner: number, end: number): boolean {
  if (tokens[determiner]?.word.toLowerCase() !== 'the' || end === determiner + 1 || TITLE.has(tokens[end - 1]?.word ?? '')) return false;
  return end - determiner > 2 || /^\p{Lu}{2,}$/u.test(tokens[determiner + 1]?.word ?? '');
}

/** Past lower-case titles ending on a title word ("presidential candidate"), the capitalised name they lead to; else `at`. */
function nameAfterTitles(tokens: Token[], at: number): number {
  let k = at;
  while (k < tokens.length && k - at < 3 && /^\p{Ll}/u.test(tokens[k]?.word ?? '')) k++;
  if (k === at || !TITLE.has(tokens[k - 1]?.word ?? '')) return at;
  const end = capitalsEnd(tokens, k, k + 4);
  return end > k ? end : at;
}

/** The subject a sentence opens with, after any introductory chunk: "On Tuesday, Carson called it ...". */
export function sentenceSubject(text: string, start: number, to: number): SpeakerPhrase | null {
  return sentenceSubjectIn(stretchOf(text, start, to));
}

/** sentenceSubject over a stretch already tokenized. */
export function sentenceSubjectIn(stretch: Stretch): SpeakerPhrase | null {
  const { start, window, tokens } = stretch;
  let i = datelineEnd(tokens);
  while (i < tokens.length && i < MAX_CLAUSE_WORDS) {
    // "And then Trump went ...": a sentence may open with words that join it to the one before.
    i = pastJoiners(tokens, i);
    // "Immediately after the attacks, Trump issued ...", "Trying to quell the furor, Steele issued ...": no name opens these.
    if (isOpeningAdverb(tokens, i) || isOpeningParticiple(tokens, i)) i = skipChunk(tokens, i);
    const kind = subjectKind(tokens[i]);
    if (kind === 'pronoun') return phraseOf(window, tokens, [i, i + 1], start);
    if (kind === 'name' || kind === 'determiner') {
      let k = capitalsEnd(tokens, i + 1, i + 6);
      // "Former Republican presidential candidate Jeb Bush": titles in lower case, then the name.
      if (kind === 'name') k = nameAfterTitles(tokens, k);
      // "The Florida senator": a determiner phrase names someone only through a title.
      if (kind === 'determiner') {
        const head = describedHead(tokens, k);
        // "The Democratic National Committee released ...", "the NRA opposes ...": capitals after "the" name an organisation.
        if (head < 0 && !namesOrganisation(tokens, i, k)) return null;
        if (head >= 0) k = whoseName(tokens, head + 1);
        // "A top strategist, John Weaver, tells ...": the name in the appositive.
        if (tokens[k]?.word === ',' && subjectKind(tokens[k + 1]) === 'name')
          return phraseOf(window, tokens, [k + 1, capitalsEnd(tokens, k + 1, k + 6)], start);
      }
      return phraseOf(window, tokens, [i, k], start);
    }
    const comma = tokens.findIndex((t, j) => j > i && t.word === ',');
    if (comma < 0) return null;
    // "At a rally in Birmingham, Alabama, on Saturday, ...": the place after a prepositional phrase is no subject.
    const next = comma + 1;
    i = PLACE_PREPOSITION.has(tokens[i]?.word ?? '') && isPlaceChunk(tokens, comma) ? skipChunk(tokens, next) : next;
  }
  return null;
}

// A wire dateline is a place in capitals, maybe a date and the agency, then a dash: "PHILADELPHIA, July 25 (UPI) —".
const MAX_DATELINE_TOKENS = 10;

// ", while Mike Huckabee, the former governor, proposed we “...”": a clause after one of these has a subject of its own.
const CLAUSE_JOINER = foldedWordSet(['while', 'but', 'whereas', 'although', 'though']);

/** The subject of the clause a quote sits in: after the last ", while X" that leads to a name, else the sentence's. */
export function clauseSubjectIn(stretch: Stretch): SpeakerPhrase | null {
  const { tokens } = stretch;
  for (let j = tokens.length - 2; j > 0; j--) {
    if (tokens[j - 1]?.word !== ',' || !CLAUSE_JOINER.has(tokens[j]?.word ?? '')) continue;
    if (subjectKind(tokens[j + 1]) !== 'name') continue;
    const found = sentenceSubjectIn({ ...stretch, tokens: tokens.slice(j + 1) });
    if (found) return found;
  }
  return sentenceSubjectIn(stretch);
}

/** Where the sentence starts past a dateline ("WASHINGTON (AP) — The ..."), else 0. */
function datelineEnd(tokens: Token[]): number {
  const first = tokens[0]?.word ?? '';
  if (first.length < 2 || first !== first.toUpperCase() || !/^\p{Lu}/u.test(first)) return 0;
  for (let k = 1; k < tokens.length && k < MAX_DATELINE_TOKENS; k++) if (tokens[k]?.word === '—' || tokens[k]?.word === '–') return k + 1;
  return 0;
}

/** Past "And", "But then" to the name or pronoun they lead to; else `i` ("But a few days later, Trump ..." goes on to the comma). */
function pastJoiners(tokens: Token[], i: number): number {
  let j = i;
  while (SENTENCE_JOINER.has(tokens[j]?.word ?? '')) j++;
  const kind = j > i ? subjectKind(tokens[j]) : 'other';
  return kind === 'name' || kind === 'pronoun' ? j : i;
}

// Words after which a capitalised -ing word opens a participle phrase ("Trying to", "Telling the crowd"), not a name ("King said").
const PARTICIPLE_OBJECT = foldedWordSet([
  'to',
  'the',
  'a',
  'an',
  'his',
  'her',
  'their',
  'its',
  'this',
  'that',
  'about',
  'at',
  'on',
  'in',
  'with',
  'from',
  'for',
  'by',
  'after',
  'before',
  'up',
  'out',
  'down',
  'back',
  'off',
  'over',
  'into',
  'reporters',
  'people',
  'voters',
]);

/** A capitalised participle phrase up to a comma: "Trying to quell the furor,", "Speaking to reporters on Monday,". */
function isOpeningParticiple(tokens: Token[], i: number): boolean {
  const word = tokens[i]?.word ?? '';
  if (word.length < 6 || !word.endsWith('ing') || !/^\p{Lu}\p{Ll}/u.test(word) || !PARTICIPLE_OBJECT.has(tokens[i + 1]?.word ?? ''))
    return false;
  return tokens.some((t, j) => j > i && j < i + MAX_CLAUSE_WORDS && t.word === ',');
}

/** A capitalised adverb in -ly before a preposition ("Shortly before", "Immediately after"), up to a comma. */
function isOpeningAdverb(tokens: Token[], i: number): boolean {
  const word = tokens[i]?.word ?? '';
  return word.length > 4 && word.endsWith('ly') && /^\p{Lu}/u.test(word) && PLACE_PREPOSITION.has(tokens[i + 1]?.word ?? '');
}
