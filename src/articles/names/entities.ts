/** The names an article is about: capitalised word runs that recur or stand in the title. */

import { FULL_STOP, isAscii, isAsciiAlphanumeric, isBeyondAscii } from '../text/index.js';
import { appendCapitalisedRuns, RunCollector } from './capitalised-runs.js';

const MAX_ENTITIES = 12;

/** True when every word of the name, lower-cased, occurs in the title (headlines are Title Case, so runs there mean little). */
function namedInTitle(lowerName: string, titleWords: Set<string>): boolean {
  for (let start = 0; ; ) {
    const space = lowerName.indexOf(' ', start);
    const end = space < 0 ? lowerName.length : space;
    if (!titleWords.has(lowerName.slice(start, end))) return false;
    if (space < 0) return true;
    start = space + 1;
  }
}

// What separates title words: anything but letters, digits and dots.
const TITLE_SEPARATORS = /[^\p{L}\p{N}.]+/u;

/**
 * The title's words lower-cased, as `new Set(title.toLowerCase().split(TITLE_SEPARATORS))` gives them
 * (an empty word included where the title starts or ends with a separator). An ASCII title is cut by
 * char code: a Unicode regex split cost more than counting the names (about 6 µs an article).
 */
function titleWordSet(title: string): Set<string> {
  const lower = title.toLowerCase();
  const words = new Set<string>();
  let start = 0;
  for (let i = 0; i < lower.length; i++) {
    const code = lower.charCodeAt(i);
    if (isBeyondAscii(code)) return new Set(lower.split(TITLE_SEPARATORS)); // beyond ASCII: Unicode's classes decide
    if (isTitleWordCode(code)) continue;
    words.add(lower.slice(start, i));
    while (i + 1 < lower.length && isAscii(lower.charCodeAt(i + 1)) && !isTitleWordCode(lower.charCodeAt(i + 1))) i++;
    start = i + 1;
  }
  words.add(lower.slice(start));
  return words;
}

/** An ASCII letter, digit or dot: part of a title word. */
function isTitleWordCode(code: number): boolean {
  return isAsciiAlphanumeric(code) || code === FULL_STOP;
}

/**
 * Each string lower-cased, as toLowerCase gives it one by one, in a single call: a call costs about as
 * much as lower-casing a paragraph. Joined at line breaks, which no run holds and lower-casing treats
 * like the ends of a string (they are neither cased nor case-ignorable, so even a final sigma reads alike).
 */
function lowerCaseAll(strings: readonly string[]): string[] {
  if (strings.length === 0) return [];
  const lowered = strings.join('\n').toLowerCase().split('\n');
  return lowered.length === strings.length ? lowered : strings.map((s) => s.toLowerCase());
}

/** The article's most prominent names: named at least twice in the body, or once and in the title. */
export function extractEntities(title: string, paragraphs: string[]): string[] {
  // Apostrophes split words here, so "Trump's" leaves "trump" (and "s") with no possessive to strip.
  const titleWords = titleWordSet(title);
  // By the name lower-cased (the key), the longest spelling seen and the count.
  const counts = new Map<string, { name: string; count: number }>();
  const runs: string[] = [];
  const run = new RunCollector(runs);
  for (const paragraph of paragraphs) appendCapitalisedRuns(paragraph, run);
  const keys = lowerCaseAll(runs);
  for (let i = 0; i < runs.length; i++) {
    const name = runs[i]!;
    const key = keys[i]!;
    const seen = counts.get(key);
    if (!seen) counts.set(key, { name, count: 1 });
    else {
      seen.count++;
      if (seen.name.length <= name.length) seen.name = name;
    }
  }
  // Scored once each: the sort compares every name several times.
  const scored: ScoredName[] = [];
  for (const [key, { name, count }] of counts) {
    if (name.length <= 2) continue;
    const score = count + (namedInTitle(key, titleWords) ? 2 : 0);
    if (score >= 2) scored.push({ name, score });
  }
  scored.sort(byScoreDescending); // stable: equal scores keep their order of first mention
  const names: string[] = [];
  for (let i = 0; i < scored.length && i < MAX_ENTITIES; i++) names.push(scored[i]!.name);
  return names;
}

interface ScoredName {
  name: string;
  score: number;
}

const byScoreDescending = (a: ScoredName, b: ScoredName): number => b.score - a.score;
