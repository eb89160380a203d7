/** Who a speaker phrase names ("he", "the senator", "former governor Jeb Bush"): linked or resolved against the cast speakers.ts collects. */
import { IRREGULAR_SPACING } from '../../text.js';
import { PRONOUN_SURNAMES } from '../names/index.js';
import { SPACE } from '../text/index.js';
import { looksCommon, resolvePronoun, resolveTitle } from './back-references.js';
import { NEVER_A_SPEAKER, PERSON_TITLES, SOURCE_NOUNS, SPEAKER_PRONOUNS } from './cues.js';
import { normalise } from './speaker-runs.js';
import { type Cast, type Entity, isLowerOrHyphen, linkName, NAME_RUN, runOf } from './speakers.js';

const NAME_RUN_IN_PHRASE = new RegExp(NAME_RUN.source, 'g');

const DETERMINER_LED = /^(?:the|a|an|one|two|three|several|some|many|other|another|both|its|their|his|her)\s/i;
const MAX_PHRASE_WORDS = 10;
const MAX_DESCRIPTION_WORDS = 9;

/** The capitalised runs of a phrase that hold a name once titles and sentence words are set aside. */
interface NameRun {
  index: number;
  end: number;
  titles: readonly string[];
  name: readonly string[];
}

function nameRuns(phrase: string, cast: Cast): NameRun[] {
  const runs: NameRun[] = [];
  // exec on a regex of its own, not matchAll: matchAll copies the regex on every call.
  NAME_RUN_IN_PHRASE.lastIndex = 0;
  for (let m = NAME_RUN_IN_PHRASE.exec(phrase); m; m = NAME_RUN_IN_PHRASE.exec(phrase)) {
    const tail = runOf(cast, m[0]).reading.namesSomeone ? 0 : fullNameAtEnd(m[0]);
    const reading = runOf(cast, m[0].slice(tail)).reading;
    if (!reading.namesSomeone) continue;
    const { titles, name } = reading.parts;
    runs.push({ index: m.index, end: m.index + m[0].length, titles, name });
  }
  return runs;
}

const LONG_RUN = 6;

/** Where the last two words of a run too long to be a name start ("New York City Public Advocate Trish James"), else 0. */
function fullNameAtEnd(run: string): number {
  const words = run.split(' ');
  if (words.length < LONG_RUN) return 0;
  return run.length - words.slice(-2).join(' ').length;
}

/** Turns the words standing for a speaker into a name: a name is linked, a pronoun or title resolved; null when nobody fits. */
export function resolveSpeaker(phrase: string, at: number, cast: Cast, midSentence = false): string | null {
  const clean = cleanPhrase(phrase);
  if (!clean) return null;
  const words = clean.split(' ');
  if (words.length > MAX_PHRASE_WORDS) return null;
  // "“...,” He said", "“...,” From said": a capital in mid-sentence is a surname, when the article names someone so.
  const surnamed = midSentence && words.length === 1 ? personSurnamed(clean, cast) : null;
  if (surnamed) return surnamed.name;
  if (SPEAKER_PRONOUNS.has(normalise(words[0] ?? ''))) {
    if (words.length === 1) return resolvePronoun(clean, at, cast)?.name ?? null;
    // "He Yafei said": a capitalised word after the pronoun makes it a surname; "his friend X" is a description.
    if (!/^\p{Lu}/u.test(words[1] ?? '') && !DETERMINER_LED.test(clean)) return null;
  }
  if (DETERMINER_LED.test(clean)) return resolveDescription(clean, words, at, cast);
  const run = namedRun(clean, cast);
  const name = run ? (linkName(run.name, cast)?.name ?? unknownName(run, cast)) : null;
  return name === null || name.includes(' ') || namesSpeaker(name) ? name : null;
}

/** A one-word name that can speak: not a state or a number ("Florida", "Eight"), an initial ("S."), or a party tag ("R-Ky"). */
function namesSpeaker(word: string): boolean {
  if (/^\p{Lu}\.?$|^[RDI]-\p{Lu}/u.test(word)) return false;
  return !NEVER_A_SPEAKER.has(word.toLowerCase());
}

/** The person whose name holds `word` as written ("He" in "He Yafei"), for a capitalised pronoun-like surname. */
function personSurnamed(word: string, cast: Cast): Entity | null {
  if (!/^\p{Lu}/u.test(word)) return null;
  const pronoun = PRONOUN_SURNAMES.has(word.toLowerCase());
  // A sentence word ("From", "Will") only as the last word of a full name: "Al From".
  if (!pronoun && (runOf(cast, word).reading.namesSomeone || !cast.byWord.has(word))) return null;
  const entity = linkName([word], cast);
  if (!entity || entity.organisation || entity.words.length < 2) return null;
  return pronoun || entity.words.at(-1) === word ? entity : null;
}

/** A run the cast never took for a name: a full name stands as written; a lone word must not read as a common word. */
function unknownName(run: NameRun, cast: Cast): string | null {
  if (run.name.length > 1) return run.name.join(' ');
  const word = run.name[0] ?? '';
  return looksCommon(word, cast) ? null : word;
}

/** The phrase without asides in brackets, its spaces collapsed and punctuation off its ends. */
function cleanPhrase(phrase: string): string {
  const unbracketed = phrase.includes('(') ? phrase.replace(/\([^)]*\)/g, ' ') : phrase;
  const spaced = IRREGULAR_SPACING.test(unbracketed) ? unbracketed.replace(/\s+/g, ' ') : unbracketed;
  // The trimming regex tries its end anchor at every position: run it only when an end needs trimming.
  const untrimmed = spaced.length > 0 && (PHRASE_EDGE.test(spaced[0]!) || PHRASE_EDGE.test(spaced[spaced.length - 1]!));
  return untrimmed ? spaced.replace(/^[\s,;:—–-]+|[\s,;:—–-]+$/g, '') : spaced;
}

const PHRASE_EDGE = /^[\s,;:—–-]$/;

/** The name a phrase ends on, past titles and descriptions before it ("former Florida governor Jeb Bush", "RealClearPolitics’ David Byler"). */
function namedRun(clean: string, cast: Cast): NameRun | null {
  let chosen: NameRun | null = null;
  let from = 0;
  for (const run of nameRuns(clean, cast)) {
    const gap = clean.slice(from, run.index).trim();
    // "Oversight and Government Reform Committee spokesman Ali Ahmad": one word each side of "and" makes a body's name.
    const joinsName = gap === 'and' && chosen?.name.length === 1 && !chosen.titles.length;
    if (!joinsName && !isDescriptionGap(gap)) break;
    chosen = run;
    from = run.end;
  }
  return chosen;
}

const MAX_GAP_WORDS = 4;

/** Lower-case words between the runs of one speaker phrase, or a possessive mark: a description, not a new clause. */
function isDescriptionGap(gap: string): boolean {
  if (gap === '' || gap === '’' || gap === "'") return true;
  // Words of a-z and hyphens split by single spaces, read by char code: asked for every run of every speaker phrase.
  let words = 0;
  let start = 0;
  for (let i = 0; i <= gap.length; i++) {
    const code = i < gap.length ? gap.charCodeAt(i) : SPACE;
    if (isLowerOrHyphen(code)) continue;
    if (code !== SPACE || i === start || ++words > MAX_GAP_WORDS || CLAUSE_WORDS.has(gap.slice(start, i))) return false;
    start = i + 1;
  }
  return true;
}

// Auxiliaries and verbs of saying: a phrase holding one is a clause, not a description.
const VERB_WORDS = new Set([
  'should',
  'would',
  'will',
  'can',
  'could',
  'must',
  'may',
  'might',
  'is',
  'was',
  'are',
  'were',
  'has',
  'have',
  'had',
  'did',
  'does',
  'do',
  'said',
  'says',
  'told',
  'that',
  'who',
  'which',
]);

// Words that start a clause or a verb phrase: what follows them is not the speaker's name.
const CLAUSE_WORDS = new Set([
  'that',
  'and',
  'but',
  'or',
  'if',
  'when',
  'while',
  'because',
  'as',
  'to',
  'of',
  'in',
  'on',
  'at',
  'by',
  'for',
  'from',
  'with',
  'about',
  'is',
  'was',
  'were',
  'are',
  'be',
  'has',
  'have',
  'had',
  'did',
  'does',
  'do',
  'not',
  'he',
  'she',
  'it',
  'they',
  'we',
  'i',
  'you',
  'said',
  'says',
  'told',
  'than',
  'then',
  'who',
  'which',
  'whom',
  'whose',
  'after',
  'before',
]);

/** The name run a determiner-led phrase ends on, after lower-case words only ("his friend Mahamat Saleh Oumar"). */
function nameFinal(clean: string, cast: Cast): NameRun | null {
  const runs = nameRuns(clean, cast);
  const last = runs[runs.length - 1];
  // A name does not end on a title: "the Wisconsin Republican" is a description.
  if (!last || last.end !== clean.length || PERSON_TITLES.has(normalise(last.name[last.name.length - 1] ?? ''))) return null;
  const before = clean.slice(0, last.index).trim().split(' ').slice(1).join(' '); // the determiner off
  return isDescriptionGap(before) ? last : null;
}

const withoutPossessive = (word: string): string => word.replace(/['’]s$/, '');

/** A speaker described rather than named: "the senator" is the last senator named; "a campaign spokesman" stays as written. */
function resolveDescription(clean: string, words: string[], at: number, cast: Cast): string | null {
  // "the Democratic front-runner Hillary Clinton": a title, then the name
  for (const run of nameRuns(clean, cast)) {
    const gapWord = clean.slice(0, run.index).trim().split(' ').at(-1) ?? '';
    if (run.titles.length > 0 || PERSON_TITLES.has(gapWord)) return linkName(run.name, cast)?.name ?? run.name.join(' ');
  }
  // "his friend Mahamat Saleh Oumar": a description in lower case ending on a name
  const named = nameFinal(clean, cast);
  if (named) return linkName(named.name, cast)?.name ?? unknownName(named, cast);
  const title = [...words]
    .reverse()
    .map(withoutPossessive)
    .find((w) => PERSON_TITLES.has(normalise(w))); // "the senator’s
  const titled = title && /^the\s/i.test(clean) && words.length <= 4 ? resolveTitle(title, at, cast) : null;
  if (titled) return titled.name;
  const namesSource = words.some((w) => PERSON_TITLES.has(normalise(w)) || SOURCE_NOUNS.has(normalise(w)));
  // A description stands as written when it is a noun phrase: "the administration should set up" is a clause.
  return namesSource && words.length <= MAX_DESCRIPTION_WORDS && !words.some((w) => VERB_WORDS.has(w)) ? withoutPossessive(clean) : null;
}
