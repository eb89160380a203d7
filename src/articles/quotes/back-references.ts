/** Who a pronoun, a title or a paragraph's subject points back to, among the people an article has named. */
import { isWordCode } from '../text/index.js';
import { NEVER_A_SPEAKER, SPEAKER_PRONOUNS, TWO_WORD_PLACES } from './cues.js';
import { type Gender, normalise } from './speaker-runs.js';
import { type Cast, canonicalTitle, type Entity, type Mention } from './speakers.js';

/** The person a pronoun points back to: the latest compatible subject before `at`, else the latest person. */
export function resolvePronoun(pronoun: string, at: number, cast: Cast): Entity | null {
  const word = pronoun.toLowerCase();
  if (!SPEAKER_PRONOUNS.has(word)) return null;
  const gender = SPEAKER_PRONOUNS.get(word) ?? null;
  // "it said": a body that speaks, not a place ("Vietnam", "Alaska").
  if (word === 'it') return latestMention(cast, at, (m) => m.entity.organisation && !isPlace(m.entity));
  if (gender === null) return null; // "they", "we", "I": no single person to name
  // A name inside someone's quoted words is not who "he said" points back to.
  // Someone the article shows to be a person comes first: a lone "Vietnam" or "Debate" may be a subject too.
  let subject: Entity | null = null;
  let gendered: Entity | null = null;
  let any: Entity | null = null;
  // One walk back: the first subject who is person-like wins; else the first subject, else the first known to be
  // of the pronoun's gender ("Mrs. Clinton ... at Joint Base Andrews. “...,” she said"), else the first who fits at all.
  for (let i = mentionsBefore(cast, at) - 1, looked = 0; i >= 0 && (subject === null || looked < MAX_LOOK_PAST_SUBJECT); i--) {
    const m = cast.mentions[i]!;
    if (subject !== null) looked++;
    if (!fitsPronoun(m, gender, cast) || isQuoted(cast, m.at)) continue;
    if (m.subject && isPersonLike(m.entity)) return m.entity;
    if (m.subject) subject ??= m.entity;
    if (m.entity.gender === gender) gendered ??= m.entity;
    any ??= m.entity;
  }
  return subject ?? gendered ?? any;
}

/**
 * Whether a pronoun at `at` may go on with `speaker`, quoted last at `from`: the pronoun fits their gender, and no one else
 * who fits it is named, outside quotation marks, in between ("“...,” Trump said. / “...,” he tweeted").
 */
export function pronounGoesOn(pronoun: string, speaker: string, from: number, at: number, cast: Cast): boolean {
  const word = pronoun.toLowerCase();
  const gender = SPEAKER_PRONOUNS.get(word);
  if (gender === undefined || gender === null || word === 'it') return false;
  const entity = cast.entities.get(speaker);
  if (!entity || entity.organisation || (entity.gender !== null && entity.gender !== gender)) return false;
  for (let i = mentionsBefore(cast, at) - 1; i >= 0; i--) {
    const m = cast.mentions[i]!;
    if (m.at < from) break;
    if (m.entity !== entity && fitsPronoun(m, gender, cast) && !isQuoted(cast, m.at)) return false;
  }
  return true;
}

// Past the nearest subject that fits, how many more mentions are searched for one shown to be a person.
const MAX_LOOK_PAST_SUBJECT = 60;

/** Whether article offset `at` lies inside quotation marks: someone's words, not the article's own telling. */
function isQuoted(cast: Cast, at: number): boolean {
  const bounds = (cast.quotedBounds ??= quotedBounds(cast));
  let lo = 0;
  let hi = bounds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (bounds[mid]! <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo % 2 === 1; // past an odd number of bounds: after a start, before its end
}

/** The start and end of every quoted part, as article offsets in order. */
function quotedBounds(cast: Cast): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const p of cast.paragraphs) {
    starts.push(offset);
    offset += p.length + 1;
  }
  const bounds: number[] = [];
  for (const span of cast.spans)
    for (const part of span.parts) bounds.push(starts[part.paragraph]! + part.start, starts[part.paragraph]! + part.end);
  return bounds;
}

const MAX_PERSON_WORDS = 3;

/** A gender or a title told, or a first name and surname: "Conservative Political Action Conference" is none. */
function isPersonLike(entity: Entity): boolean {
  if (entity.gender !== null || entity.titles.size > 0) return true;
  return entity.words.length > 1 && entity.words.length <= MAX_PERSON_WORDS;
}

/** A place standing alone ("Vietnam"), or a title or party with no name: never who a pronoun points to; decided once. */
function isPlace(entity: Entity): boolean {
  if (entity.place === undefined) {
    const lower = entity.name.toLowerCase();
    entity.place = entity.words.length === 1 ? NEVER_A_SPEAKER.has(lower) : TWO_WORD_PLACES.has(lower);
  }
  return entity.place;
}

/** A person of the pronoun's gender, or of none known. */
function fitsPronoun(m: Mention, gender: Gender, cast: Cast): boolean {
  const { entity } = m;
  if (entity.organisation || (entity.gender !== null && entity.gender !== gender)) return false;
  // "Republican of Texas", "South Dakota": a title or a place standing alone is nobody "he" points to.
  if (isPlace(entity)) return false;
  return mayBePerson(entity, cast);
}

/** Not a capitalised common word taken for a name ("Immigration is ...": the article writes "immigration" too); decided once. */
function mayBePerson(entity: Entity, cast: Cast): boolean {
  if (entity.gender !== null || entity.words.length > 1 || entity.midSentence) return true;
  return (entity.mayBePerson ??= !looksCommon(entity.name, cast));
}

/** The person a title points back to ("the senator"): the latest one given that title before `at`. */
export function resolveTitle(title: string, at: number, cast: Cast): Entity | null {
  const t = canonicalTitle(normalise(title));
  return latestMention(cast, at, (m) => !m.entity.organisation && m.entity.titles.has(t));
}

/** The person last named as a clause subject at or after `from` and before `at`: who a paragraph was about. */
export function latestSubject(cast: Cast, from: number, at: number): Entity | null {
  return latestMention(cast, at, (m) => !m.entity.organisation && m.subject && mayBePerson(m.entity, cast), from);
}

/** How many mentions come before offset `at`. */
function mentionsBefore(cast: Cast, at: number): number {
  let lo = 0;
  let hi = cast.mentions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((cast.mentions[mid]?.at ?? 0) < at) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function latestMention(cast: Cast, at: number, accept: (m: Mention) => boolean, from = 0): Entity | null {
  for (let i = mentionsBefore(cast, at) - 1; i >= 0; i--) {
    const m = cast.mentions[i];
    if (m && m.at < from) break;
    if (m && accept(m)) return m.entity;
  }
  return null;
}

// Sentence openers that are verb forms or adverbs ("Citing", "Reached", "Shortly"), never a name.
const COMMON_ENDING = /^\p{Lu}\p{Ll}+(?:ing|ed|ly)$/u;
// At most this many words are searched for in one article, so judging them stays linear in its length.
const MAX_WORD_SEARCHES = 8;

/** A capitalised word the article also writes in lower case ("Vote", "Hours"), or a verb form or adverb. */
export function looksCommon(word: string, cast: Cast): boolean {
  if (COMMON_ENDING.test(word)) return true;
  const lower = word.toLowerCase();
  let known = cast.lowerWords.get(lower);
  if (known === undefined) {
    known = cast.lowerWords.size < MAX_WORD_SEARCHES ? writtenInLowerCase(cast.paragraphs, lower) : false;
    cast.lowerWords.set(lower, known);
  }
  return known;
}

/** Whether a paragraph holds `lower` as a whole word. */
function writtenInLowerCase(paragraphs: readonly string[], lower: string): boolean {
  for (const p of paragraphs) {
    for (let at = p.indexOf(lower); at >= 0; at = p.indexOf(lower, at + 1)) {
      if (!isWordCode(p.charCodeAt(at - 1)) && !isWordCode(p.charCodeAt(at + lower.length))) return true;
    }
  }
  return false;
}
