/**
 * The word lists names are read with (word-roles.ts): capitalised words that are no names, each with
 * its kind, for the few that may still take part in one: openers ("New York", "the Six Nations"),
 * titles and offices before one ("Sen. Ted Cruz", "President Obama"), pronoun surnames ("He Yafei").
 */

import { FoldedWordMap, FoldedWordTrie, foldedWordSet } from '../text/index.js';

/** What a word of NOT_NAMES is; all but the first may still take part in a name. */
export const NEVER_A_NAME = 0;
/** Opens a name when a name word follows it in the run ("New York", "Old Trafford"); alone, it names nothing ("New rules"). */
export const OPENS_NAMES = 1;
/** As OPENS_NAMES, but only capitalised mid-sentence ("the Six Nations", "the First Amendment"; "Two Democrats said" opens no name). */
export const OPENS_NAMES_MID_SENTENCE = 2;
/** A title before a name, never part of it ("Sen. Ted Cruz" is Ted Cruz); its full stop ends no sentence. */
export const TITLE = 3;
/** An office written as a title ("Vice President Joe Biden" is Joe Biden): as TITLE, but no abbreviation ("the President." ends a sentence). */
export const OFFICE = 4;
/** A pronoun that is also a surname ("He Yafei", "Cindy He"): a name when written beside another name word. */
export const PRONOUN_SURNAME = 5;
/** A name written in full, a month abbreviated with its full stop: "Jan Brewer" is a name, "Jan. 6" a date. */
export const NAME_UNLESS_ABBREVIATED = 6;
export type NameWordKind =
  | typeof NEVER_A_NAME
  | typeof OPENS_NAMES
  | typeof OPENS_NAMES_MID_SENTENCE
  | typeof TITLE
  | typeof OFFICE
  | typeof PRONOUN_SURNAME
  | typeof NAME_UNLESS_ABBREVIATED;

// Capitalised words that start sentences or headlines without naming anything: function words, auxiliaries
// ("Could've" is then a contraction, "Did Trump" opens no name), days and months, abbreviated or not.
const NEVER_NAMES = `a an the and or but if in on at to of for by with from as is are was were be been it its this that these those
  they we you i his her their our your my him them us me who what when where why how which while after before
  during since until about over under into than then there here not no yes any some many most more much each every
  other such last said says according however also just do does did has have had could would should might must let former
  monday tuesday wednesday thursday friday saturday sunday january february march april may june july august september
  october november december feb apr jul aug sep sept oct nov dec earlier later today yesterday tomorrow advertisement photo
  read share`.split(/\s+/);
const OPENERS = ['new', 'old'];
const OPENERS_MID_SENTENCE = ['first', 'all', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten'];
// Written with or without their full stop ("Lt Col Tim Collins", "Lt. Col. Tim Collins").
const TITLES = 'mr mrs ms dr sen sens rep reps gov gen lt col maj brig adm cmdr sgt cpl capt prof rev pres'.split(' ');
// Months whose abbreviations are also names.
const MONTHS_OR_NAMES = ['jan', 'jun', 'mar'];
// Offices written before a name as titles are ("Vice" goes with the office it opens).
const OFFICES = ['vice', 'president', 'senator', 'governor', 'congressman', 'congresswoman'];

/** Pronouns that are also surnames ("He Yafei", "Cindy He"): a name when written beside another name word. */
export const PRONOUN_SURNAMES: ReadonlySet<string> = new Set(['he', 'she']);

const KINDS = new Map<string, NameWordKind>();
const kinds = (words: Iterable<string>, kind: NameWordKind): void => {
  for (const word of words) KINDS.set(word, kind);
};
kinds(NEVER_NAMES, NEVER_A_NAME);
kinds(OPENERS, OPENS_NAMES);
kinds(OPENERS_MID_SENTENCE, OPENS_NAMES_MID_SENTENCE);
kinds(TITLES, TITLE);
kinds(OFFICES, OFFICE);
kinds(PRONOUN_SURNAMES, PRONOUN_SURNAME);
kinds(MONTHS_OR_NAMES, NAME_UNLESS_ABBREVIATED);

/** Capitalised words that are no name on their own, each with its kind: one lookup says whether and how a word may join a name. */
export const NOT_NAMES = new FoldedWordMap(KINDS);
/** NOT_NAMES as a trie, for ASCII spans: a walk of it answers with no check for characters beyond ASCII. */
export const NOT_NAMES_TRIE = new FoldedWordTrie(KINDS);

export const CONNECTORS = foldedWordSet(['of', 'de', 'al', 'bin', 'van', 'von', 'der', 'la', 'du']);
