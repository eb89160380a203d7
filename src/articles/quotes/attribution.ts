// biome-ignore-all format: long conditions kept on one line each, as the rules read
/** Finding the words that name a quote's speaker around it: "X said", "said X", "according to X". */
import { foldedWordSet, isApostrophe, isAscii, isAsciiLower, LOWER_S, SPACE } from '../text/index.js';
import { BETWEEN_SUBJECT_AND_CUE, CLAUSE_STARTS, CUE_VERBS, LISTENER_CUES, OBJECT_CUES, PHRASE_ENDERS, SOURCE_PREPOSITIONS } from './cues.js';
import { sentenceSubject } from './sentence-subject.js';
import {
  capitalsEnd, DETERMINER, NOUN_MARKER, PLACE_PREPOSITION, PRONOUN, phraseOf, type SpeakerPhrase, subjectKind, whoseName, withoutFinalStop,
} from './speaker-phrase.js';
import { type Stretch, sentenceEnd, stretchOf, type Token, tokenize } from './speaker-tokens.js';

const LONGEST_PREPOSITION = Math.max(...SOURCE_PREPOSITIONS.map((p) => p.length));
const MAX_WORDS_AFTER_CUE = 14;
const MAX_SUBJECT_WORDS = 12;
const MAX_WORDS_BEFORE_CUE = 24;
const MAX_CLAUSE_WORDS = 30;
const HARD_BOUNDARIES = new Set([';', ':', '(', ')', '—', '–']);

// The word lists as looked up here, case-insensitively and without lower-casing each token (see word-lookup.ts).
const CUE = foldedWordSet(CUE_VERBS);
const BETWEEN = foldedWordSet(BETWEEN_SUBJECT_AND_CUE);
const CLAUSE_START = foldedWordSet(CLAUSE_STARTS);
const ENDS_PHRASE = foldedWordSet(PHRASE_ENDERS);
const RELATIVE = foldedWordSet(['who', 'which', 'whose', 'whom']);
const LISTENER_CUE = foldedWordSet(LISTENER_CUES);
const OBJECT_CUE = foldedWordSet(OBJECT_CUES);
const SUBORDINATOR = foldedWordSet(['until', 'because', 'if', 'when', 'while', 'since', 'after', 'before', 'and', 'or', 'but', 'than', 'that', 'which', 'who', 'where', 'unless', 'though', 'although', 'once']);
const PASSIVE_CUE = foldedWordSet(['asked', 'questioned', 'pressed', 'challenged', 'told']);
const BE = foldedWordSet(['was', 'were', 'is', 'are', 'been', 'being', 'be']);
// "said Kim had ...": a verb after the name makes it the subject of what was said.
const FINITE_VERB = foldedWordSet(['had', 'has', 'have', 'was', 'were', 'is', 'are', 'would', 'will', 'could', 'should', 'can', 'did', 'does', 'might', 'must']);
const QUOTE_RIGHT_AFTER = foldedWordSet(['goes', 'went', 'go']);
const QUOTE_GOES_ON = new Set(['that', 'which', 'who', 'where', 'for', 'by', 'from', 'to', 'in', 'on', 'at', 'with', 'about', 'of', 'into', 'over', 'after', 'before', 'during', 'and', 'or', 'but', 'as', 'because', 'if', 'when', 'than', 'until', 'since', 'while', 'not']);

const isCue = (token: Token | undefined): boolean => token !== undefined && CUE.has(token.word, 0, withoutFinalStop(token.word));
/** A cue verb used as a verb: "Clinton's remarks", "the claims", "his comments" are nouns. */
function isCueAt(tokens: Token[], i: number): boolean {
  if (!isCue(tokens[i])) return false;
  const before = tokens[i - 1]?.word ?? '';
  // "Pfizer chief executive Ian Read said": a capitalised cue after a capitalised word is a surname.
  if (/^\p{Lu}/u.test(tokens[i]?.word ?? '') && /^\p{Lu}/u.test(before)) return false;
  return !(NOUN_MARKER.has(before) || endsPossessive(before));
}

/** "Clinton's", "Clintons’": a word ending in a possessive, as /['’]s?$/ tests it. */
function endsPossessive(word: string): boolean {
  const last = word.length - 1;
  return isApostrophe(word.charCodeAt(last)) || (word.charCodeAt(last) === LOWER_S && isApostrophe(word.charCodeAt(last - 1)));
}

/** A word between a subject and its cue ("also", "will"), in lower case: a capitalised "Will" or "Just" before a cue is a name. */
function isBetween(token: Token | undefined): boolean {
  if (token === undefined) return false;
  const code = token.word.charCodeAt(0);
  return isAsciiLower(code) && BETWEEN.has(token.word);
}

const isPunct = (token: Token | undefined): boolean => token !== undefined && /^[,;:()—–]$/.test(token.word);

/** The speaker named right after a quote: "said X, the Y of Z", "X said", "according to X". */
export function speakerAfter(text: string, from: number): SpeakerPhrase | null {
  const window = text.slice(from, endPastTerms(text, from));
  const tokens = tokenize(window);
  let first = 0;
  while (isPunct(tokens[first])) first++;
  const via = prepositionAt(window, tokens[first]?.index ?? 0);
  if (via) return phraseFollowing(window, tokens, first + via.split(' ').length, from);
  if (isCue(tokens[first])) return phraseFollowing(window, tokens, first + 1, from);
  for (let i = first + 1; i < Math.min(tokens.length, first + MAX_WORDS_BEFORE_CUE); i++) {
    if (!isCueAt(tokens, i)) continue;
    // "...” about jobs, said X": the cue after a comma comes before its subject.
    const inverted = tokens[i - 1]?.word === ',' && continuesQuote(tokens, first, i) ? speakerAfterCue(window, tokens, i, from) : null;
    if (inverted) return inverted;
    let end = i;
    while (end > first && isBetween(tokens[end - 1])) end--;
    // "“...” for the victory, Sanders said": words going on with the quote come first, the subject after the last comma.
    const comma = goesOnWithQuote(tokens, first) ? lastCommaBefore(tokens, first, end) : -1;
    // "he was “kind of riding the fence” until Haley said she ...": the cue is in a clause of its own.
    if (comma < 0 && SUBORDINATOR.has(tokens[first]?.word ?? '')) return null;
    const start = tokens[comma >= 0 ? comma + 1 : first]?.index ?? 0;
    const subject = firstChunk(window.slice(start, tokens[end]?.index ?? start));
    return subject ? { phrase: subject, index: from + start } : null;
  }
  return null;
}

/**
 * Whether the words right after a quote go on with its sentence, naming no one: a preposition or conjunction ("for the
 * victory,"), or lower-case words with no capital up to the comma ("climate change,"); "state Senate leader X" names someone.
 */
function goesOnWithQuote(tokens: Token[], first: number): boolean {
  const word = tokens[first]?.word ?? '';
  if (QUOTE_GOES_ON.has(word)) return true;
  if (!/^\p{Ll}/u.test(word) || DETERMINER.has(word) || PRONOUN.has(word)) return false;
  for (let i = first + 1; i < tokens.length && tokens[i]?.word !== ','; i++) if (/^\p{Lu}/u.test(tokens[i]?.word ?? '')) return false;
  return true;
}

/** The last comma among tokens[from, to), or -1. */
function lastCommaBefore(tokens: Token[], from: number, to: number): number {
  for (let i = to - 1; i > from; i--) if (tokens[i]?.word === ',') return i;
  return -1;
}

const MAX_TERM_LENGTH = 40;

/**
 * Where the sentence after a quote ends, past a short term in quotation marks inside it ("Bill Eastland, wearing
 * “Ted Cruz” campaign pins, said"): sentenceEnd stops at any quotation mark.
 */
export function endPastTerms(text: string, from: number): number {
  let end = sentenceEnd(text, from);
  for (let hop = 0; hop < 2 && (text[end] === '“' || text[end] === '"'); hop++) {
    const close = text.slice(end + 1, end + 1 + MAX_TERM_LENGTH).search(/[”"]/);
    if (close < 0 || text.slice(end + 1, end + 1 + close).split(' ').length > 3) break;
    end = sentenceEnd(text, end + close + 2);
  }
  return end;
}

/** Whether tokens[from, to) go on with the quote's sentence ("for the EU,") rather than name its subject ("Smith, a Democrat,"). */
function continuesQuote(tokens: Token[], from: number, to: number): boolean {
  const first = tokens[from]?.word ?? '';
  if (/^\p{Ll}/u.test(first) && !DETERMINER.has(first) && !PRONOUN.has(first)) return true;
  for (let i = from; i < to; i++) if (/^\p{Lu}/u.test(tokens[i]?.word ?? '')) return false;
  return true;
}

/** The source preposition the window opens with at `at`, followed by a space ("according to X"). */
function prepositionAt(window: string, at: number): string | undefined {
  // An ASCII first letter that opens no preposition, in either case, settles it with nothing lower-cased: most do.
  const code = window.charCodeAt(at);
  if (isAscii(code) && !PREPOSITION_INITIALS.has(code)) return undefined;
  // Only its opening words are compared: lower-casing the whole rest of the sentence is wasted (and slow past ASCII).
  return leadingPreposition(window.slice(at, at + LONGEST_PREPOSITION + 1).toLowerCase());
}

const PREPOSITION_INITIALS = new Set(SOURCE_PREPOSITIONS.flatMap((p) => [p.charCodeAt(0), p.toUpperCase().charCodeAt(0)]));

/** The source preposition a lower-cased text opens with, followed by a space ("according to X"). */
function leadingPreposition(lead: string): string | undefined {
  for (const p of SOURCE_PREPOSITIONS) if (lead.startsWith(p) && lead.charCodeAt(p.length) === SPACE) return p;
  return undefined;
}


/** The speaker named before a quote in its sentence: "X said:", "X told reporters that", "according to X,". */
export function speakerBefore(text: string, start: number, to: number): SpeakerPhrase | null {
  return speakerBeforeIn(stretchOf(text, start, to));
}

/** speakerBefore over a stretch already tokenized: a quote's sentence is asked for its subject too. */
export function speakerBeforeIn(stretch: Stretch): SpeakerPhrase | null {
  const { start, window, tokens } = stretch;
  const viaSource = mentionsSourcePreposition(window) ? speakerViaPreposition(window, tokens, start) : null;
  if (viaSource) return viaSource;
  // "in Forbes’ words,", "in Smith's own words:"
  const inWords = window.includes(' words') ? IN_WORDS.exec(window) : null;
  if (inWords?.[1]) return { phrase: inWords[1], index: start + inWords.index + 3 };
  const asker = window.includes(' by ') ? passiveAsker(stretch) : null;
  if (asker) return asker;
  for (let i = tokens.length - 1; i >= 0 && tokens.length - i <= MAX_WORDS_AFTER_CUE; i--) {
    if (!isCueAt(tokens, i)) continue;
    // "he goes, “...”" quotes; "once the Senate goes on recess, “...”" does not: such a cue must end the stretch.
    if (QUOTE_RIGHT_AFTER.has(tokens[i]?.word ?? '') && !endsStretch(tokens, i)) continue;
    // "..., saying “...”": a participle's subject is the sentence's.
    if (/ing$/.test(tokens[i]?.word ?? '')) return participleSubject(stretch, i);
    // "Her comments, said Josh Earnest, the press secretary, are “...”": a cue set off by commas names its speaker after it.
    const aside = tokens[i - 1]?.word === ',' ? speakerAfterCue(window, tokens, i, start) : null;
    if (aside && tokens[i + 1 + aside.phrase.split(' ').length]?.word === ',') return aside;
    let end = i;
    while (end > 0 && isBetween(tokens[end - 1])) end--;
    const subject = subjectBefore(window, tokens, end);
    if (subject) return { phrase: subject.phrase, index: start + subject.index };
    // "said Trump: ..." with the cue first
    const inverted = speakerAfterCue(window, tokens, i, start);
    if (inverted) return inverted;
  }
  // The regex tries every capital of the window; only a window ending in a colon can match.
  const introduced = window.trimEnd().endsWith(':') ? INTRODUCED_SPEAKER.exec(window) : null;
  if (introduced?.[1]) return { phrase: introduced[1], index: start + (introduced.index ?? 0) }; // "Carl Bialik: “...”"
  return null;
}

/** "Rubio was asked by moderator Gerard Baker whether ...": the one asking, when no later cue takes the quote. */
function passiveAsker({ start, window, tokens }: Stretch): SpeakerPhrase | null {
  const by = tokens.findIndex((t, i) => t.word === 'by' && PASSIVE_CUE.has(tokens[i - 1]?.word ?? '') && BE.has(tokens[i - 2]?.word ?? ''));
  if (by < 0 || tokens.some((_, i) => i > by && isCueAt(tokens, i))) return null;
  const found = phraseFollowing(window, tokens, by + 1, start);
  const cut = found?.phrase.search(/\s(?:whether|if|why|how|what|to)\s/) ?? -1;
  return found && cut > 0 ? { phrase: found.phrase.slice(0, cut), index: found.index } : found;
}

/** Whether only punctuation follows token `i` in its stretch. */
function endsStretch(tokens: Token[], i: number): boolean {
  for (let k = i + 1; k < tokens.length; k++) if (!isPunct(tokens[k])) return false;
  return true;
}

/** The speaker of a whole sentence: the subject of its first verb of saying ("Coan argues that his client never urged ..."). */
export function sentenceSpeaker(text: string, start: number, to: number): SpeakerPhrase | null {
  const { window, tokens } = stretchOf(text, start, to);
  for (let i = 0; i < tokens.length; i++) {
    if (!isCueAt(tokens, i)) continue;
    if (/ing$/.test(tokens[i]?.word ?? '')) return sentenceSubject(text, start, start + (tokens[i]?.index ?? 0));
    const subject = cueSubject(window, tokens, i, start);
    // "after the interview concluded, Maher stated": a described subject may belong to a clause before the main one.
    if (subject && !DETERMINER.has(subject.phrase.split(' ')[0] ?? '')) return subject;
  }
  return null;
}

/** The subject before cue `i` ("Smith, the director, said"), else the speaker after it ("said Smith"). */
function cueSubject(window: string, tokens: Token[], i: number, start: number): SpeakerPhrase | null {
  let end = i;
  while (end > 0 && isBetween(tokens[end - 1])) end--;
  const subject = subjectBefore(window, tokens, end);
  return subject ? { phrase: subject.phrase, index: start + subject.index } : speakerAfterCue(window, tokens, i, start);
}

/** The subject of a participle cue: "with Trump reportedly yelling:" names it right before; "..., saying “...”" takes the sentence's. */
function participleSubject(stretch: Stretch, i: number): SpeakerPhrase | null {
  const { text, start, window, tokens } = stretch;
  let k = i;
  if (/ly$/.test(tokens[k - 1]?.word ?? '')) k--;
  const first = capitalsStart(tokens, k);
  if (first < k && tokens[first - 1]?.word === 'with') return phraseOf(window, tokens, [first, k], start);
  return sentenceSubject(text, start, start + (tokens[i]?.index ?? 0));
}

/** Where the capitalised words that end just before token `end` start. */
function capitalsStart(tokens: Token[], end: number): number {
  let k = end;
  while (k > 0 && end - k < 5 && /^\p{Lu}/u.test(tokens[k - 1]?.word ?? '')) k--;
  return k;
}

// Not after a preposition: "quoting da Vinci in Italian:" introduces a language, not a speaker.
const INTRODUCED_SPEAKER = /(?<![\p{L}.’'-]|\b(?:in|of|to|from|at|on|by|with|for|about|into|like|than)\s)(\p{Lu}[\p{L}.’'-]*(?: \p{Lu}[\p{L}.’'-]*){0,3}):\s*$/u;

const IN_WORDS = /\b[Ii]n (\p{Lu}[\p{L}.-]*(?: \p{Lu}[\p{L}.-]*){0,3})(?:['’]s?) (?:own )?words\b/u;

// Any source preposition followed by a space, in any ASCII case. Lower-casing maps nothing beyond
// ASCII onto the letters of these phrases in place, so this finds them wherever the lower-cased window has them.
const SOURCE_PREPOSITION = new RegExp(SOURCE_PREPOSITIONS.map((p) => `${p} `).join('|'), 'i');

/** Whether the window may hold "according to X": most do not, and they are spared lower-casing the window. */
function mentionsSourcePreposition(window: string): boolean {
  return SOURCE_PREPOSITION.test(window);
}

/** The speaker after the last "according to" (or another source preposition) of the window. */
function speakerViaPreposition(window: string, tokens: Token[], start: number): SpeakerPhrase | null {
  const lower = window.toLowerCase();
  for (const p of SOURCE_PREPOSITIONS) {
    const at = lower.lastIndexOf(`${p} `);
    if (at < 0) continue;
    const sub = tokens.findIndex((t) => t.index >= at + p.length);
    const found = phraseFollowing(window, tokens, sub, start);
    if (found) return found;
  }
  return null;
}

/** The noun phrase right before token `end`: the comma chunk nearest the cue that names someone, stepping over appositives. */
function subjectBefore(window: string, tokens: Token[], cueAt: number): SpeakerPhrase | null {
  const cue = relativeClauseStart(tokens, cueAt);
  // "Steve Stivers, Republican of Ohio and the chairman of X, also said": a comma closing the subject before the cue
  // sets off an aside, and an "and" inside it joins descriptions, not clauses.
  const asideBeforeCue = tokens[cue - 1]?.word === ',';
  let begin = cue;
  while (begin > 0 && cue - begin < MAX_CLAUSE_WORDS) {
    const w = tokens[begin - 1]?.word ?? '';
    // "Sen. John Cornyn (R-Texas) told": an aside in brackets stays inside the subject.
    if (w === ')' && begin >= 3 && tokens[begin - 3]?.word === '(') {
      begin -= 3;
      continue;
    }
    // "the House Oversight and Government Reform Committee": an "and" between capitals joins a name, not clauses.
    const inName =
      w === 'and' && (asideBeforeCue || (/^\p{Lu}/u.test(tokens[begin - 2]?.word ?? '') && /^\p{Lu}/u.test(tokens[begin]?.word ?? '')));
    if ((CLAUSE_START.has(w) && !inName) || HARD_BOUNDARIES.has(w) || isObjectRelative(tokens, begin - 1)) break;
    begin--;
  }
  const end = cue;
  // "a military fight he called “...”": a pronoun right before the cue is its subject, whatever comes before it.
  const pronounFirst = end - 1 > begin && subjectKind(tokens[end - 1]) === 'pronoun' && /^\p{Ll}/u.test(tokens[end - 2]?.word ?? '');
  if (pronounFirst && !isCue(tokens[end - 2]) && !CLAUSE_START.has(tokens[end - 2]?.word ?? '')) return phraseOf(window, tokens, [end - 1, end]);
  let fallback: [number, number] | null = null;
  let chunkEnd = end;
  for (let i = end - 1; i >= begin - 1; i--) {
    if (i >= begin && tokens[i]?.word !== ',') continue;
    const chunk: [number, number] = [i + 1, chunkEnd];
    chunkEnd = i;
    if (chunk[0] >= chunk[1]) continue;
    const kind = subjectKind(tokens[chunk[0]]);
    // "Clinton, during a town hall in Columbus, Ohio, said": a place after a prepositional phrase is no subject.
    if (kind === 'name' && i >= begin && isPlaceAfterPhrase(tokens, i, begin)) continue;
    if (kind === 'name' || kind === 'pronoun') return phraseOf(window, tokens, chunk);
    // "the Christie supporter retorted:" names the speaker; "Smith, the director, said" only describes one.
    if (kind === 'determiner' && chunk[1] === end) return phraseOf(window, tokens, chunk);
    if (kind === 'determiner') fallback ??= chunk;
    else if (chunk[1] === end && !fallback) {
      // "In an interview Trump said": the capitalised words right before the cue
      let k = end;
      while (k > chunk[0] && /^\p{Lu}/u.test(tokens[k - 1]?.word ?? '')) k--;
      if (k < end && subjectKind(tokens[k]) === 'name') return phraseOf(window, tokens, [k, end]);
    }
  }
  return fallback ? phraseOf(window, tokens, fallback) : null;
}

/** "which Will claims", not ", which is airing,": a relative with no comma before it starts the cue's own clause. */
function isObjectRelative(tokens: Token[], at: number): boolean {
  return tokens[at]?.word === 'which' && tokens[at - 1]?.word !== ',';
}

/** Where ", who ..." starts before the cue ("Swanson, who preaches in Elizabeth, Colorado, said"), else the cue. */
function relativeClauseStart(tokens: Token[], cue: number): number {
  let found = cue;
  for (let i = cue - 2; i > 0 && cue - i < MAX_CLAUSE_WORDS; i--) {
    const w = tokens[i]?.word ?? '';
    if (w === ';' || w === ':' || w === '—' || w === '–') break;
    if (w === ',' && RELATIVE.has(tokens[i + 1]?.word ?? '') && /^\p{Lu}/u.test(tokens[i - 1]?.word ?? '')) found = i;
  }
  return found;
}

/** Whether the chunk before the comma `comma` is a prepositional phrase that itself follows a name: "Clinton, | during a visit to Columbus, | Ohio". */
function isPlaceAfterPhrase(tokens: Token[], comma: number, begin: number): boolean {
  const phrase = chunkStart(tokens, comma, begin);
  if (!PLACE_PREPOSITION.has(tokens[phrase]?.word ?? '')) return false;
  for (let k = phrase - 1; k > begin; k = chunkStart(tokens, k, begin) - 1) {
    if (subjectKind(tokens[chunkStart(tokens, k, begin)]) === 'name') return true; // "Harry Bond, 30, of Raleigh, N.C."
  }
  return false;
}

/** The first token of the comma chunk that ends at the comma `comma`, no earlier than `begin`. */
function chunkStart(tokens: Token[], comma: number, begin: number): number {
  let k = comma;
  while (k > begin && tokens[k - 1]?.word !== ',') k--;
  return k;
}

/** The speaker of an inverted cue ("said Trump"): never after "told", whose object is the listener, nor a clause ("said that ..."). */
function speakerAfterCue(window: string, tokens: Token[], cue: number, offset: number): SpeakerPhrase | null {
  const cueToken = tokens[cue];
  const next = tokens[cue + 1];
  if (!cueToken || !next || CLAUSE_START.has(next.word)) return null;
  const cueLength = withoutFinalStop(cueToken.word);
  // "told Reuters" names the listener, "called Trump “a liar”" the one described.
  if (LISTENER_CUE.has(cueToken.word, 0, cueLength) || OBJECT_CUE.has(cueToken.word, 0, cueLength)) return null;
  const found = phraseFollowing(window, tokens, cue + 1, offset);
  const clause = found && tokens.some((t, k) => k > cue && t.index < found.index - offset + found.phrase.length + 1 && FINITE_VERB.has(t.word));
  return found && !clause && /\p{Lu}/u.test(found.phrase) ? found : null;
}

/** The speaker words starting at token `from`, up to a comma or a word that begins something else. */
function phraseFollowing(window: string, tokens: Token[], from: number, offset: number): SpeakerPhrase | null {
  if (from < 0 || from >= tokens.length) return null;
  let end = from;
  while (end < tokens.length && end - from < MAX_SUBJECT_WORDS) {
    const w = tokens[end]?.word ?? '';
    if (isPunct(tokens[end]) || (end > from && ENDS_PHRASE.has(w))) break;
    end++;
  }
  if (end === from) return null;
  if (DETERMINER.has(tokens[from]?.word ?? '')) {
    // "said the bureau's director, James B. Comey, on Monday": the name in the appositive.
    const named = appositiveName(tokens, end);
    if (named) return phraseOf(window, tokens, named, offset);
    end = whoseName(tokens, end);
  }
  const startIndex = tokens[from]?.index ?? 0;
  const last = tokens[end - 1];
  const phrase = window.slice(startIndex, (last?.index ?? 0) + (last?.word.length ?? 0)).replace(/\.$/, '');
  return { phrase, index: offset + startIndex };
}

/** After a description ending at a comma `at`, a name of capitalised words closed by a comma or the end: its tokens. */
function appositiveName(tokens: Token[], at: number): [number, number] | null {
  if (tokens[at]?.word !== ',' || subjectKind(tokens[at + 1]) !== 'name') return null;
  const end = capitalsEnd(tokens, at + 1, at + 6);
  return end >= tokens.length || tokens[end]?.word === ',' ? [at + 1, end] : null;
}

/** The part of a subject before its first comma: "Smith, the director of X," is Smith. */
function firstChunk(subject: string): string {
  const trimmed = subject.replace(/^[\s,;:—–-]+/, '');
  const cut = trimmed.search(/,\s/);
  if (cut < 0) return trimmed.trim();
  const first = trimmed.slice(0, cut).trim();
  // "another friend, Mariam Emara": a description in lower case, then the name it describes.
  if (!/^(?:a|an|another|one|his|her|their|its|the)\s[^A-Z]*$/.test(first)) return first;
  const second = trimmed.slice(cut + 1).trim().split(/,\s/)[0] ?? '';
  return /^\p{Lu}/u.test(second) ? second : first;
}
