/** Who is named in an article, and how a speaker phrase ("he", "the president", "Trump") maps to a full name. */
import {
  FEMALE_FIRST_NAMES, GENDERED_HONORIFICS, MALE_FIRST_NAMES, NOT_NAME_WORDS, ORGANISATION_WORDS,
  PERSON_TITLES, SOURCE_NOUNS, SPEAKER_PRONOUNS, TITLE_ALIASES,
} from './cues.js';
import { foldedWordSet } from './word-lookup.js';

export type Gender = 'male' | 'female' | null;

/** A person or organisation named in the article. */
export interface Entity {
  name: string;
  organisation: boolean;
  gender: Gender;
  titles: Set<string>;
}

/** One place where an entity is named; `at` is an offset into the whole article (paragraphs joined by "\n"). */
export interface Mention {
  entity: Entity;
  at: number;
  /** Named as the subject of a clause (first in its sentence or right before a verb of saying). */
  subject: boolean;
}

/** Everyone named in an article, in order. */
export interface Cast {
  mentions: Mention[];
  entities: Map<string, Entity>;
  /** Entities by each word of their name, so linking a surname is a lookup. */
  byWord: Map<string, Entity[]>;
}

// A capitalised word or an initial, then more of them, allowing name particles ("de", "bin").
// Latin letters only: a Unicode property class makes this, the hottest regex, several times slower.
const NAME_WORD = "(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|Jr|Sr)\\.|[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ž’'-]*[A-Za-zÀ-ÖØ-öø-ž]|[A-Z]\\.)";
// A particle is its own word ("bin Laden") or glued to the next by a hyphen ("al-Harthy").
const NAME_RUN = new RegExp(`${NAME_WORD}(?:[ \\u00a0]+(?:(?:de|van|von|der|da|bin|al|la|le|del|di|du)[ \\u00a0]+|(?:al|el|ad|as|ash|ibn|bin)-)?${NAME_WORD})*`, 'g');
const MAX_NAME_WORDS = 5;
const ABBREVIATED_TITLE = /^(?:Sen|Gov|Rep|Mr|Mrs|Ms|Dr|Gen|Lt|Sgt|Col|Capt|Prof|Rev)\.?$/;
const SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
const TITLE_WORD = foldedWordSet(PERSON_TITLES);
const DOT = 46;
const APOSTROPHE = 39;
const RIGHT_SINGLE_QUOTE = 0x2019;
const SPACE = 32;
const NO_BREAK_SPACE = 0xa0;
const LOWER_S = 115;

const normalise = (word: string): string => {
  const lower = word.toLowerCase();
  return hasDotOrApostrophe(lower) ? lower.replace(/[.’']/g, '') : lower;
};

/** `/[.’']/.test(word)`, by char code: words are short, and a regex call costs more than the loop. */
function hasDotOrApostrophe(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code === DOT || code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE) return true;
  }
  return false;
}

/** Whether text[at] is an apostrophe, straight or curly. */
function isApostrophe(text: string, at: number): boolean {
  const code = text.charCodeAt(at);
  return code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE;
}

/** The run without a final possessive ("Trump's" -> "Trump"), as `run.replace(/['’]s?$/, '')` gives it. */
function withoutPossessive(run: string): string {
  const last = run.length - 1;
  if (run.charCodeAt(last) === LOWER_S && isApostrophe(run, last - 1)) return run.slice(0, last - 1);
  return isApostrophe(run, last) ? run.slice(0, last) : run;
}

/** The words of a run, as `run.split(/[ \u00a0]+/).filter(Boolean)` gives them, without a regex. */
function runWords(run: string): string[] {
  const words: string[] = [];
  let start = 0;
  for (let i = 0; i <= run.length; i++) {
    const code = i < run.length ? run.charCodeAt(i) : SPACE;
    if (code !== SPACE && code !== NO_BREAK_SPACE) continue;
    if (i > start) words.push(run.slice(start, i));
    start = i + 1;
  }
  return words;
}

/** The index of the last word but the final one that ends in "'s" or "’s", or -1. */
function lastPossessive(words: readonly string[]): number {
  for (let i = words.length - 2; i >= 0; i--) {
    const word = words[i]!;
    if (word.charCodeAt(word.length - 1) === LOWER_S && isApostrophe(word, word.length - 2)) return i;
  }
  return -1;
}

/** One spelling per title, so short and long forms meet. */
const canonicalTitle = (title: string): string => TITLE_ALIASES.get(title) ?? title;

/** A capitalised run split into the titles before the name and the name itself. */
export interface RunParts {
  titles: string[];
  name: string[];
  /** The name's words normalised (lower-cased, no dots or apostrophes), as the word lists hold them. */
  keys: string[];
}

/** Splits a capitalised run into the titles before the name and the name itself. */
export function splitTitles(run: string): RunParts {
  let tokens = runWords(withoutPossessive(run));
  // "Iran's Supreme Leader Ali Khamenei": the name follows the possessive.
  const owner = lastPossessive(tokens);
  if (owner >= 0) tokens = tokens.slice(owner + 1);
  // Each word normalised once: the checks below read it several times.
  const keys = tokens.map(normalise);
  let start = 0;
  while (start < tokens.length && NOT_NAME_WORDS.has(keys[start]!)) start++;
  let end = tokens.length;
  while (end > start && NOT_NAME_WORDS.has(keys[end - 1]!)) end--;
  let lastTitle = -1;
  for (let i = start; i < end - 1; i++) if (PERSON_TITLES.has(keys[i]!)) lastTitle = i;
  const titles = lastTitle >= 0 ? keys.slice(start, lastTitle + 1).filter((key) => PERSON_TITLES.has(key)) : [];
  const from = Math.max(start, lastTitle + 1);
  const name = tokens.slice(from, end);
  if (name.length === 1 && ABBREVIATED_TITLE.test(name[0] ?? '')) return { titles, name: [], keys: [] };
  // Headlines in title case and shouted datelines are not names.
  if (name.length > MAX_NAME_WORDS || name.some((w) => w.length > 4 && isUpperCase(w))) return { titles, name: [], keys: [] };
  return { titles, name, keys: keys.slice(from, end) };
}

/** `word === word.toUpperCase()`, without upper-casing an ASCII word (no a-z in it is enough). */
function isUpperCase(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code > 127) return word === word.toUpperCase();
    if (code >= 97 && code <= 122) return false;
  }
  return true;
}

/** Gender from honorifics and well-known first names; null when the article does not say. */
function guessGender(titles: string[], keys: string[]): Gender {
  for (const t of titles) {
    const g = GENDERED_HONORIFICS.get(t);
    if (g) return g;
  }
  const first = keys[0] ?? '';
  if (FEMALE_FIRST_NAMES.has(first)) return 'female';
  if (MALE_FIRST_NAMES.has(first)) return 'male';
  return null;
}

/** True when a capitalised run names an organisation or place rather than a person. */
function isOrganisation(name: string[], keys: string[]): boolean {
  return keys.some((key) => ORGANISATION_WORDS.has(key)) || name.every((w) => /^\p{Lu}+$/u.test(w));
}

/** Lowercase titles written just before a name: "Iran's supreme leader Ayatollah Ali Khamenei". */
function titlesBefore(text: string, index: number): string[] {
  const found: string[] = [];
  let end = index;
  for (let k = 0; k < 3; k++) {
    let wordEnd = end;
    while (wordEnd > 0 && text.charCodeAt(wordEnd - 1) === 32) wordEnd--;
    if (wordEnd === end) break;
    let wordStart = wordEnd;
    while (wordStart > 0 && isLowerOrHyphen(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart === wordEnd) break;
    // the word is lower-case already, so the case-insensitive lookup is an exact one, with no slice
    if (TITLE_WORD.has(text, wordStart, wordEnd)) found.push(text.slice(wordStart, wordEnd));
    end = wordStart;
  }
  return found;
}

const isLowerOrHyphen = (code: number): boolean => (code >= 97 && code <= 122) || code === 45;

/** Titles in an appositive right after a name: "Smith, the director of ...". */
function titlesAfter(text: string, index: number): string[] {
  const m = /^,\s+(?:the|a|an|its|his|her|their)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\b/i.exec(text.slice(index, index + 60));
  return m?.[1] ? m[1].toLowerCase().split(/\s+/).filter((w) => PERSON_TITLES.has(w)) : [];
}

/** The entity a short name refers to: the fullest earlier name sharing its surname or first name. */
export function linkName(name: string[], cast: Cast): Entity | undefined {
  const key = name.join(' ');
  const exact = cast.entities.get(key);
  if (exact && exact.name.split(' ').length > 1) return exact;
  if (name.length !== 1 && name.length !== 2) return exact;
  const last = name[name.length - 1] ?? '';
  let best: Entity | undefined;
  for (const entity of cast.byWord.get(last) ?? []) {
    if (entity.organisation || entity.name === key) continue;
    const parts = entity.name.split(' ');
    const matches = name.length === 1 ? parts.includes(last) : entity.name.endsWith(` ${key}`) || parts.at(-1) === last && parts[0] === name[0];
    if (matches && (!best || parts.length > best.name.split(' ').length)) best = entity;
  }
  return best ?? exact;
}

/** Entities kept per name word: linking looks at the latest ones only. */
const MAX_ENTITIES_PER_WORD = 50;

function upsertEntity(cast: Cast, { name, titles, keys }: RunParts): Entity {
  const linked = linkName(name, cast);
  const key = name.join(' ');
  const entity =
    linked ?? { name: key, organisation: isOrganisation(name, keys), gender: guessGender(titles, keys), titles: new Set<string>() };
  if (!linked) {
    cast.entities.set(key, entity);
    for (const word of new Set(name)) addByWord(cast, word, entity);
  }
  for (const t of titles) entity.titles.add(canonicalTitle(t));
  if (!entity.gender) entity.gender = guessGender(titles, keys);
  return entity;
}

function addByWord(cast: Cast, word: string, entity: Entity): void {
  const entities = cast.byWord.get(word);
  if (!entities) return void cast.byWord.set(word, [entity]);
  entities.push(entity);
  if (entities.length > MAX_ENTITIES_PER_WORD) entities.shift();
}

/** Collects every name in the article with its titles, in reading order. */
export function collectCast(paragraphs: readonly string[]): Cast {
  const cast: Cast = { mentions: [], entities: new Map(), byWord: new Map() };
  // The same capitalised run means the same entity (or nothing) all through an article.
  const seen = new Map<string, Entity | null>();
  let offset = 0;
  for (const text of paragraphs) {
    NAME_RUN.lastIndex = 0;
    for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
      const index = m.index;
      const end = index + m[0].length;
      const atStart = isSentenceStart(text, index);
      let entity = seen.get(m[0]);
      if (entity === undefined) {
        const parts = splitTitles(m[0]);
        const { titles, name, keys } = parts;
        const isName = name.length > 0 && !keys.every((key) => NOT_NAME_WORDS.has(key) || SUFFIXES.has(key));
        // A lone capitalised word opening a sentence is too often not a name ("Critics", "Officials").
        const lone = name.length === 1 && atStart && titles.length === 0 && !cast.entities.has(name[0] ?? '');
        if (isName && lone && !isFollowedByVerb(text, end)) continue;
        entity = isName ? upsertEntity(cast, parts) : null;
        seen.set(m[0], entity);
      }
      if (entity === null) continue;
      for (const t of titlesBefore(text, index)) entity.titles.add(canonicalTitle(t));
      if (text.charCodeAt(end) === 44) for (const t of titlesAfter(text, end)) entity.titles.add(canonicalTitle(t));
      cast.mentions.push({ entity, at: offset + index, subject: atStart || isFollowedByVerb(text, end) });
    }
    offset += text.length + 1;
  }
  return cast;
}

/** True when only spaces, and before them a sentence end or an opening quote, precede `index`. */
function isSentenceStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && text.charCodeAt(i) === 32) i--;
  if (i < 0) return true;
  const ch = text[i] ?? '';
  if (ch === '“' || ch === '"') return true;
  if (ch === '”' || ch === '’' || ch === "'") {
    const prev = text[i - 1] ?? '';
    return i < index - 1 && (prev === '.' || prev === '!' || prev === '?');
  }
  return i < index - 1 && (ch === '.' || ch === '!' || ch === '?' || ch === ':');
}

const VERB_AFTER_NAME = /^(?:,[^,]{0,60},)?\s+(?:\w+ly\s+)?(?:said|says|told|added|wrote|has|had|is|was|will|would)\b/;

/** True when a verb follows the name, so the name is a clause subject. */
function isFollowedByVerb(text: string, end: number): boolean {
  const ch = text.charCodeAt(end);
  return (ch === 32 || ch === 44) && VERB_AFTER_NAME.test(text.slice(end, end + 80));
}

/** The person a pronoun points back to: the latest compatible subject before `at`, else the latest person. */
export function resolvePronoun(pronoun: string, at: number, cast: Cast): Entity | null {
  const word = pronoun.toLowerCase();
  if (!SPEAKER_PRONOUNS.has(word)) return null;
  const gender = SPEAKER_PRONOUNS.get(word) ?? null;
  if (word === 'it') return latestMention(cast, at, (m) => m.entity.organisation);
  if (gender === null) return null; // "they", "we", "I": no single person to name
  return latestMention(cast, at, (m) => fitsPronoun(m, gender) && m.subject) ?? latestMention(cast, at, (m) => fitsPronoun(m, gender));
}

/** A person of the pronoun's gender, or of none known. */
function fitsPronoun(m: Mention, gender: Gender): boolean {
  return !m.entity.organisation && (m.entity.gender === null || m.entity.gender === gender);
}

/** The person a title points back to ("the senator"): the latest one given that title before `at`. */
export function resolveTitle(title: string, at: number, cast: Cast): Entity | null {
  const t = canonicalTitle(normalise(title));
  return latestMention(cast, at, (m) => !m.entity.organisation && m.entity.titles.has(t));
}

/** The person last named as a clause subject at or after `from` and before `at`: who a paragraph was about. */
export function latestSubject(cast: Cast, from: number, at: number): Entity | null {
  return latestMention(cast, at, (m) => !m.entity.organisation && m.subject, from);
}

function latestMention(cast: Cast, at: number, accept: (m: Mention) => boolean, from = 0): Entity | null {
  let lo = 0;
  let hi = cast.mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cast.mentions[mid]?.at ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  for (let i = lo - 1; i >= 0; i--) {
    const m = cast.mentions[i];
    if (m && m.at < from) break;
    if (m && accept(m)) return m.entity;
  }
  return null;
}

const DETERMINER_LED = /^(?:the|a|an|one|two|three|several|some|many|other|another|both|its|their|his|her)\s/i;
const MAX_PHRASE_WORDS = 10;
const MAX_DESCRIPTION_WORDS = 7;

/** The capitalised runs of a phrase that hold a name once titles and sentence words are set aside. */
interface NameRun {
  index: number;
  end: number;
  titles: string[];
  name: string[];
}

function nameRuns(phrase: string): NameRun[] {
  const runs: NameRun[] = [];
  for (const m of phrase.matchAll(NAME_RUN)) {
    const { titles, name, keys } = splitTitles(m[0]);
    if (name.length === 0 || keys.every((key) => NOT_NAME_WORDS.has(key))) continue;
    runs.push({ index: m.index ?? 0, end: (m.index ?? 0) + m[0].length, titles, name });
  }
  return runs;
}

/** Turns the words standing for a speaker into a name: a name is linked, a pronoun or title resolved; null when nobody fits. */
export function resolveSpeaker(phrase: string, at: number, cast: Cast): string | null {
  const clean = phrase.replace(/\([^)]*\)/g, ' ').replace(/\s+/g, ' ').replace(/^[\s,;:—–-]+|[\s,;:—–-]+$/g, '');
  if (!clean) return null;
  const words = clean.split(' ');
  if (words.length > MAX_PHRASE_WORDS) return null;
  if (SPEAKER_PRONOUNS.has(normalise(words[0] ?? ''))) return words.length === 1 ? (resolvePronoun(clean, at, cast)?.name ?? null) : null;
  if (DETERMINER_LED.test(clean)) return resolveDescription(clean, words, at, cast);
  const run = namedRun(clean);
  return run ? (linkName(run.name, cast)?.name ?? run.name.join(' ')) : null;
}

/** The name a phrase opens with, looking past titles written in lowercase ("presidential candidate Donald Trump"). */
function namedRun(clean: string): NameRun | null {
  let chosen: NameRun | null = null;
  let from = 0;
  for (const run of nameRuns(clean)) {
    const gap = clean.slice(from, run.index).trim();
    const lastWord = gap.split(' ').at(-1) ?? '';
    if (gap && !(/^[a-z -]+$/.test(gap) && PERSON_TITLES.has(lastWord))) break;
    chosen = run;
    from = run.end;
  }
  return chosen;
}

/** A speaker described rather than named: "the senator" is the last senator named; "a campaign spokesman" stays as written. */
function resolveDescription(clean: string, words: string[], at: number, cast: Cast): string | null {
  // "the Democratic front-runner Hillary Clinton": a title, then the name
  for (const run of nameRuns(clean)) {
    const gapWord = clean.slice(0, run.index).trim().split(' ').at(-1) ?? '';
    if (run.titles.length > 0 || PERSON_TITLES.has(gapWord)) return linkName(run.name, cast)?.name ?? run.name.join(' ');
  }
  const title = [...words].reverse().find((w) => PERSON_TITLES.has(normalise(w)));
  const titled = title && /^the\s/i.test(clean) && words.length <= 4 ? resolveTitle(title, at, cast) : null;
  if (titled) return titled.name;
  const namesSource = words.some((w) => PERSON_TITLES.has(normalise(w)) || SOURCE_NOUNS.has(normalise(w)));
  return namesSource && words.length <= MAX_DESCRIPTION_WORDS ? clean : null;
}
