/** Who is named in an article, and who a pronoun, a title or a paragraph's subject points back to. */
import { COMMA, FULL_STOP, foldedWordSet, HYPHEN, isAsciiLower, isAsciiUpper, SPACE } from '../text/index.js';
import { PERSON_TITLES, TITLE_ALIASES } from './cues.js';
import type { QuoteSpan } from './spans.js';
import { type Gender, type RunReading, readRun, runGender, runIsOrganisation } from './speaker-runs.js';

/** A person or organisation named in the article. */
export interface Entity {
  name: string;
  /** The words of `name`, kept to spare splitting it at every link. */
  words: readonly string[];
  organisation: boolean;
  gender: Gender;
  titles: Set<string>;
  /** Once asked of a one-word name: not a common word capitalised (see mayBePerson). */
  mayBePerson?: boolean;
  /** Named somewhere other than at the start of a sentence, where any word is capitalised. */
  midSentence?: boolean;
  /** Once asked: a place or a bare title ("South Dakota", "Democrat"), see isPlace. */
  place?: boolean;
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
  /** Every capitalised run of the article by its spelling, so no run is read twice (speaker phrases quote them). */
  runs: Map<string, ArticleRun>;
  paragraphs: readonly string[];
  /** Lone unknown words, lower-cased, and whether the article writes them so (see looksCommon). */
  lowerWords: Map<string, boolean>;
  /** The article's quotation marks, and once asked, where the quoted parts start and end in the article (see isQuoted). */
  spans: readonly QuoteSpan[];
  quotedBounds?: number[];
}

/** A capitalised run of an article: how it reads, and once decided, the entity it names (null: none). */
interface ArticleRun {
  reading: RunReading;
  entity: Entity | null | undefined;
}

// A capitalised word or an initial, then more of them, allowing name particles ("de", "bin").
// Latin letters only: a Unicode property class makes this, the hottest regex, several times slower.
const NAME_WORD =
  "(?:(?:Mr|Mrs|Ms|Dr|Sen|Gov|Rep|Gen|Lt|Col|Sgt|Capt|Prof|Rev|St|Jr|Sr)\\.|[A-ZÀ-ÖØ-Þ][A-Za-zÀ-ÖØ-öø-ž’'-]*[A-Za-zÀ-ÖØ-öø-ž]|[A-Z]\\.)";
// A particle is its own word ("bin Laden") or glued to the next by a hyphen ("al-Harthy").
export const NAME_RUN = new RegExp(
  `${NAME_WORD}(?:[ \\u00a0]+(?:(?:de|van|von|der|da|bin|al|la|le|del|di|du)[ \\u00a0]+|(?:al|el|ad|as|ash|ibn|bin)-)?${NAME_WORD})*`,
  'g',
);
const TITLE_WORD = foldedWordSet(PERSON_TITLES);

/** One spelling per title, so short and long forms meet. */
export const canonicalTitle = (title: string): string => TITLE_ALIASES.get(title) ?? title;

/** Lowercase titles written just before a name: "Iran's supreme leader Ayatollah Ali Khamenei". */
function titlesBefore(text: string, index: number): readonly string[] {
  let found: string[] | null = null; // most names have no title before them: no array for them
  let end = index;
  for (let k = 0; k < 3; k++) {
    let wordEnd = end;
    while (wordEnd > 0 && text.charCodeAt(wordEnd - 1) === SPACE) wordEnd--;
    if (wordEnd === end) break;
    let wordStart = wordEnd;
    while (wordStart > 0 && isLowerOrHyphen(text.charCodeAt(wordStart - 1))) wordStart--;
    if (wordStart === wordEnd) break;
    // the word is lower-case ASCII already, so the trie alone answers, with no slice
    if (TITLE_WORD.hasAscii(text, wordStart, wordEnd)) (found ??= []).push(text.slice(wordStart, wordEnd));
    end = wordStart;
  }
  return found ?? NO_TITLES;
}

const NO_TITLES: readonly string[] = [];

/** a-z or a hyphen: a character of a lower-case title or description word. */
export const isLowerOrHyphen = (code: number): boolean => isAsciiLower(code) || code === HYPHEN;

/** Titles in an appositive right after a name: "Smith, the director of ...". */
function titlesAfter(text: string, index: number): string[] {
  const m = /^,\s+(?:the|a|an|its|his|her|their)\s+((?:[\w-]+\s+){0,3}?[\w-]+)\b/i.exec(text.slice(index, index + 60));
  return m?.[1]
    ? m[1]
        .toLowerCase()
        .split(/\s+/)
        .filter((w) => PERSON_TITLES.has(w))
    : [];
}

/** The entity a short name refers to: the fullest earlier name sharing its surname or first name. */
export function linkName(name: readonly string[], cast: Cast, key: string = name.join(' ')): Entity | undefined {
  const exact = cast.entities.get(key);
  if (exact && exact.name.includes(' ')) return exact; // a name of more than one word
  if (name.length !== 1 && name.length !== 2) return exact;
  const last = name[name.length - 1] ?? '';
  let best: Entity | undefined;
  let bestScore = 0;
  for (const entity of cast.byWord.get(last) ?? []) {
    if (entity.organisation || entity.name === key) continue;
    const parts = entity.words;
    const score =
      name.length === 1
        ? linkScore(entity, last)
        : entity.name.endsWith(` ${key}`) || (parts.at(-1) === last && parts[0] === name[0])
          ? linkScore(entity, last) || 1
          : 0;
    if (score > bestScore) {
      best = entity;
      bestScore = score;
    }
  }
  return best ?? exact;
}

const MAX_FIRST_NAME_WORDS = 3;

const NAME_SUFFIXES: ReadonlySet<string> = new Set(['Jr', 'Jr.', 'Sr', 'Sr.', 'II', 'III', 'IV']);

/**
 * How well one word names an entity, 0 for not at all: as its surname (past a suffix: "Boutrous" of "Theodore J. Boutrous
 * Jr.") before as the first name of a short name ("Hillary"), then the fuller name. "Obama Gun Control Proposals" is a
 * headline, no name of Obama's; of two words either may be the surname ("He Yafei", "Cindy He").
 */
function linkScore(entity: Entity, word: string): number {
  const parts = entity.words;
  const n = parts.length;
  const suffixed = n > 1 && NAME_SUFFIXES.has(parts[n - 1]!);
  const asSurname = parts[suffixed ? n - 2 : n - 1] === word || (n === 2 && parts[0] === word);
  if (!asSurname && !(parts[0] === word && n <= MAX_FIRST_NAME_WORDS) && !(n <= 2 && parts.includes(word))) return 0;
  return (asSurname ? 100 : 0) + Math.min(n - (suffixed ? 1 : 0), 9);
}

/** Entities kept per name word: linking looks at the latest ones only. */
const MAX_ENTITIES_PER_WORD = 50;

function upsertEntity(cast: Cast, reading: RunReading): Entity {
  const {
    parts: { name, titles },
    key,
  } = reading;
  const linked = linkName(name, cast, key);
  const entity = linked ?? {
    name: key,
    words: name,
    organisation: runIsOrganisation(reading),
    gender: runGender(reading),
    titles: new Set<string>(),
  };
  if (!linked) {
    cast.entities.set(key, entity);
    for (let i = 0; i < name.length; i++) if (name.indexOf(name[i]!) === i) addByWord(cast, name[i]!, entity); // each word once
  }
  for (const t of titles) entity.titles.add(canonicalTitle(t));
  if (linked && !entity.gender) entity.gender = runGender(reading); // a new entity has just been given its own
  return entity;
}

function addByWord(cast: Cast, word: string, entity: Entity): void {
  const entities = cast.byWord.get(word);
  if (!entities) return void cast.byWord.set(word, [entity]);
  entities.push(entity);
  if (entities.length > MAX_ENTITIES_PER_WORD) entities.shift();
}

/** Collects every name in the article with its titles, in reading order. */
export function collectCast(paragraphs: readonly string[], spans: readonly QuoteSpan[] = []): Cast {
  const cast: Cast = { mentions: [], entities: new Map(), byWord: new Map(), runs: new Map(), paragraphs, lowerWords: new Map(), spans };
  let offset = 0;
  for (const text of paragraphs) {
    NAME_RUN.lastIndex = 0;
    for (let m = NAME_RUN.exec(text); m; m = NAME_RUN.exec(text)) {
      const index = m.index;
      const end = index + m[0].length;
      // "U.S. District Judge Emmet Sullivan", "S.C.": letters of an initialism are no initials of a name ("S. District").
      if (inInitialism(text, index, end)) {
        NAME_RUN.lastIndex = index + 2; // the rest of the run, if any, is read again on its own
        continue;
      }
      // The same capitalised run means the same entity (or nothing) all through an article.
      const run = runOf(cast, m[0]);
      // "When Wallace died, ...": a name after a sentence word does not open the sentence, nor is it its subject.
      const atStart = isSentenceStart(text, index) && !run.reading.parts.afterSentenceWord;
      let entity = run.entity;
      if (entity === undefined) {
        const reading = run.reading;
        const { titles, name } = reading.parts;
        const isName = reading.isName;
        // A lone capitalised word opening a sentence is too often not a name ("Critics", "Officials").
        // A surname of someone named already ("Kevin D. Williamson ... Williamson assails") is a mention all the same.
        const lone = name.length === 1 && atStart && titles.length === 0 && !cast.byWord.has(name[0] ?? '');
        if (isName && lone && !isFollowedByVerb(text, end)) continue;
        entity = run.entity = isName ? upsertEntity(cast, reading) : null;
      }
      if (entity === null) continue;
      for (const t of titlesBefore(text, index)) entity.titles.add(canonicalTitle(t));
      if (text.charCodeAt(end) === COMMA) for (const t of titlesAfter(text, end)) entity.titles.add(canonicalTitle(t));
      if (!atStart) entity.midSentence = true;
      // "... of Jerusalem told": a name after a preposition is not the subject of the verb after it.
      // "he said that Mr. Moore was": the subject of a reported clause is talked about, not the one talking.
      const subject =
        atStart ||
        (isFollowedByVerb(text, end) &&
          !afterPreposition(text, index) &&
          wordBefore(text, index) !== 'that' &&
          !closesClause(text, index, end));
      cast.mentions.push({ entity, at: offset + index, subject });
    }
    offset += text.length + 1;
  }
  return cast;
}

/** Whether a run starts right after "U." or is a lone initial glued to the next ("U.S."): part of an initialism. */
function inInitialism(text: string, index: number, end: number): boolean {
  if (index >= 2 && text.charCodeAt(index - 1) === FULL_STOP && isAsciiUpper(text.charCodeAt(index - 2))) return true;
  return end - index === 2 && text.charCodeAt(end - 1) === FULL_STOP && isAsciiUpper(text.charCodeAt(end));
}

/** A run of the article, read the first time it is met: collectCast meets every run, and speaker phrases quote them. */
export function runOf(cast: Cast, spelling: string): ArticleRun {
  let run = cast.runs.get(spelling);
  if (run === undefined) {
    run = { reading: readRun(spelling), entity: undefined };
    cast.runs.set(spelling, run);
  }
  return run;
}

/** True when only spaces, and before them a sentence end or an opening quote, precede `index`. */
function isSentenceStart(text: string, index: number): boolean {
  let i = index - 1;
  while (i >= 0 && text.charCodeAt(i) === SPACE) i--;
  if (i < 0) return true;
  const ch = text[i] ?? '';
  if (ch === '“' || ch === '"') return true;
  if (ch === '”' || ch === '’' || ch === "'") {
    const prev = text[i - 1] ?? '';
    return i < index - 1 && (prev === '.' || prev === '!' || prev === '?');
  }
  return i < index - 1 && (ch === '.' || ch === '!' || ch === '?' || ch === ':');
}

// Verbs that make the name before them a clause subject ("Smith said", "Smith, the director, has").
const VERBS_AFTER_NAME: readonly string[] = ['said', 'says', 'told', 'added', 'wrote', 'has', 'had', 'is', 'was', 'will', 'would'];
// "Smith, the director, said" and "The author, Mitchell Zuckoff, said": a comma may close an appositive before the verb.
const VERB_AFTER_NAME = new RegExp(`^(?:,[^,]{0,120},|,)?\\s+(?:\\w+ly\\s+)?(?:${VERBS_AFTER_NAME.join('|')})\\b`);
// "Aris Shirvanian of the Armenian Patriarchate of Jerusalem told": an "of" phrase of capitalised words may come between.
/** " of ", " at ", " for ", " from " opening the text, by startsWith: asked after every name. */
function startsOfPhrase(after: string): boolean {
  const first = after.charCodeAt(1);
  if (first !== LOWER_O && first !== LOWER_A && first !== LOWER_F) return false;
  return after.startsWith(' of ') || after.startsWith(' at ') || after.startsWith(' for ') || after.startsWith(' from ');
}

const LOWER_A = 0x61;
const LOWER_F = 0x66;
const LOWER_O = 0x6f;
const VERB_AFTER_OF_PHRASE = new RegExp(
  `^\\s+(?:of|at|for|from)\\s+(?:the\\s+)?[A-Z][\\w’'.-]*(?:\\s+(?:of\\s+)?[A-Z][\\w’'.-]*){0,5}\\s+(?:\\w+ly\\s+)?(?:${VERBS_AFTER_NAME.join('|')})\\b`,
);
// How far past a name its verb is looked for: further after a comma, which may open an aside of up to 120 characters.
const VERB_WINDOW = 80;
const VERB_WINDOW_PAST_ASIDE = 150;

const PREPOSITIONS_BEFORE = new Set(['of', 'at', 'for', 'from', 'in', 'with', 'by', 'to']);

/** Whether a preposition (and maybe "the") stands right before the name at `index`, read back by char code. */
function afterPreposition(text: string, index: number): boolean {
  let word = wordBefore(text, index);
  if (word === 'the') word = wordBefore(text, index - 4);
  return word !== null && PREPOSITIONS_BEFORE.has(word);
}

/** The lower-case word ending one space before `index`, else null. */
function wordBefore(text: string, index: number): string | null {
  if (text.charCodeAt(index - 1) !== SPACE) return null;
  let start = index - 1;
  while (start > 0 && isAsciiLower(text.charCodeAt(start - 1))) start--;
  return start < index - 1 && start > index - 6 ? text.slice(start, index - 1) : null;
}

// "Smith, said": the bare comma before the verb.
const COMMA_THEN_VERB = new RegExp(`^,\\s+(?:\\w+ly\\s+)?(?:${VERBS_AFTER_NAME.join('|')})\\b`);

/**
 * "asked if he supported impeaching Mr. Trump, said he ...": a name with a bare comma before the verb ends the clause it
 * is the object of, unless a comma before it makes it an appositive ("The author, Mitchell Zuckoff, said").
 */
function closesClause(text: string, index: number, end: number): boolean {
  if (text.charCodeAt(end) !== COMMA || !COMMA_THEN_VERB.test(text.slice(end, end + VERB_WINDOW))) return false;
  let i = index - 1;
  while (i >= 0 && text.charCodeAt(i) === SPACE) i--;
  return i >= 0 && text.charCodeAt(i) !== COMMA;
}

/** True when a verb follows the name, so the name is a clause subject. */
function isFollowedByVerb(text: string, end: number): boolean {
  const ch = text.charCodeAt(end);
  if (ch !== SPACE && ch !== COMMA) return false;
  const after = text.slice(end, end + (ch === COMMA ? VERB_WINDOW_PAST_ASIDE : VERB_WINDOW));
  return VERB_AFTER_NAME.test(after) || (startsOfPhrase(after) && VERB_AFTER_OF_PHRASE.test(after));
}
