/**
 * A page title's parts: "Headline | Section | Site", "Opinion | Headline - Site", "Headline : Site".
 * Text dumps (whose first line is the <title>) and HTML (<title>, og:title) split theirs alike, so a
 * headline never keeps a site suffix or a section label.
 */
import {
  HEADLINE,
  LEADING_ARTICLES,
  LEADING_LABEL_SEPARATOR,
  SENTENCE_PUNCTUATION,
  SITE_NAME_MAX_LENGTH,
  SITE_NAME_MAX_STOP_WORDS,
  SITE_NAME_MAX_WORDS,
  TITLE_PART_SEPARATOR,
  TITLE_SECTION,
} from './patterns.js';
import { STOP_WORDS } from './stopwords.js';

export interface TitleParts {
  headline: string;
  /** The site's name, when the title ends (or, with a known site, starts) with it. */
  site: string | null;
  /** A section label the title carries ("World", "Opinion"), the one nearest the headline. */
  section: string | null;
}

/** Words joined labels may hold ("Life & Style", "Arts and Culture"). */
const LABEL_JOINERS: ReadonlySet<string> = new Set(['and', '&', 'y', 'et', 'und', 'e']);
/** Every language's function words: a title's tail in any of them is a sentence, not a name. */
const ANY_STOP_WORD: ReadonlySet<string> = new Set([...STOP_WORDS.values()].flatMap((list) => [...list]));
/** English function words only: people's names collide with other languages' ("Estes" is Portuguese for "these"). */
export const ENGLISH_STOP_WORDS: ReadonlySet<string> = STOP_WORDS.get('en') ?? new Set<string>();

/** TITLE_PART_SEPARATOR without the global flag, for a plain test. */
const ANY_SEPARATOR = new RegExp(TITLE_PART_SEPARATOR.source, 'u');

/** A title split into parts, each with the separator that follows it ('' after the last). */
interface Part {
  text: string;
  separator: string;
}

/** The title's parts; an exec loop, as matchAll copies the regex on every call. */
function partsOf(title: string): Part[] {
  const parts: Part[] = [];
  let from = 0;
  TITLE_PART_SEPARATOR.lastIndex = 0;
  for (let match = TITLE_PART_SEPARATOR.exec(title); match !== null; match = TITLE_PART_SEPARATOR.exec(title)) {
    parts.push({ text: title.slice(from, match.index), separator: match[0] });
    from = match.index + match[0].length;
  }
  parts.push({ text: title.slice(from), separator: '' });
  return parts;
}

/** White-space-separated words; a loop, not filter: tsx names each closure it creates, at a cost. */
function words(text: string): string[] {
  const out: string[] = [];
  for (const word of text.split(WHITE_SPACE)) if (word.length > 0) out.push(word);
  return out;
}

const WHITE_SPACE = /\s+/;

/** Lower-cased letters and digits only, so "Express.co.uk" and "express" compare by their words. */
function nameKey(text: string): string {
  return text
    .toLowerCase()
    .replace(/\.(com|co\.uk|org|net|ie|in|au|ca)\b/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}

function isKnownSite(text: string, site: string | null): boolean {
  if (site === null) return false;
  const key = nameKey(text);
  return key.length > 0 && key === nameKey(site);
}

/** Function words among a title part's or a line's words, a leading article and "and" aside. */
export function stopWordCount(partWords: readonly string[], stopWords: ReadonlySet<string> = ANY_STOP_WORD): number {
  let count = 0;
  for (let i = 0; i < partWords.length; i++) {
    const lower = partWords[i]!.toLowerCase();
    if (i === 0 && LEADING_ARTICLES.has(lower)) continue;
    if (stopWords.has(lower) && !LABEL_JOINERS.has(lower)) count++;
  }
  return count;
}

/** A short name, no sentence: "The Guardian", "NBC 5 Dallas-Fort Worth", "Times of India". */
function isSiteLike(text: string): boolean {
  const partWords = words(text);
  return (
    partWords.length > 0 &&
    partWords.length <= SITE_NAME_MAX_WORDS &&
    text.length <= SITE_NAME_MAX_LENGTH &&
    !SENTENCE_PUNCTUATION.test(text) &&
    stopWordCount(partWords) <= SITE_NAME_MAX_STOP_WORDS
  );
}

/** A section label: a few words, the first capitalised, no function words ("World", "U.S. news"). */
function isSectionLike(text: string): boolean {
  const partWords = words(text);
  return (
    partWords.length > 0 &&
    partWords.length <= TITLE_SECTION.maxWords &&
    text.length <= TITLE_SECTION.maxLength &&
    /^[\p{Lu}\p{N}]/u.test(text) &&
    !SENTENCE_PUNCTUATION.test(text) &&
    stopWordCount(partWords) === 0
  );
}

/** The title from part `from` up to (not including) part `to`, with its own separators. */
function joinParts(parts: readonly Part[], from: number, to: number): string {
  let text = '';
  for (let i = from; i < to; i++) text += parts[i]!.text + (i < to - 1 ? parts[i]!.separator : '');
  return text.trim();
}

/** Whether parts [from, to) still make a headline once the rest is cut off. */
function isHeadlineLeft(parts: readonly Part[], from: number, to: number): boolean {
  const text = joinParts(parts, from, to);
  return text.length >= HEADLINE.min && words(text).length >= 2;
}

/**
 * Splits a title into headline, site and section: the site is the last part when it reads as a name
 * (or is the page's known site name, which may come first instead); section labels next to the
 * headline go too, while what is left is still a headline.
 */
export function splitTitle(title: string, knownSite: string | null = null): TitleParts {
  const trimmed = title.trim();
  // most titles of page dumps' first lines have no separator at all: one scan says so
  if (!ANY_SEPARATOR.test(trimmed)) return { headline: trimmed, site: null, section: null };
  const parts = partsOf(trimmed);
  let from = 0;
  let to = parts.length;
  let site: string | null = null;
  let section: string | null = null;
  if (to > 1 && isKnownSite(parts[0]!.text, knownSite) && !isKnownSite(parts[to - 1]!.text, knownSite) && isHeadlineLeft(parts, 1, to)) {
    site = parts[0]!.text;
    from = 1;
  } else if (
    to > 1 &&
    (isKnownSite(parts[to - 1]!.text, knownSite) || isSiteLike(parts[to - 1]!.text)) &&
    isHeadlineLeft(parts, 0, to - 1)
  ) {
    site = parts[to - 1]!.text;
    to--;
  }
  // "Headline | World | News | Site": labels between headline and site
  while (site !== null && to - from > 1 && isSectionLike(parts[to - 1]!.text) && isHeadlineLeft(parts, from, to - 1)) {
    section = parts[to - 1]!.text;
    to--;
  }
  // "Opinion | Headline": a label before the headline, set off by a bar
  if (
    to - from > 1 &&
    LEADING_LABEL_SEPARATOR.test(parts[from]!.separator) &&
    isSectionLike(parts[from]!.text) &&
    isHeadlineLeft(parts, from + 1, to)
  ) {
    section ??= parts[from]!.text;
    from++;
  }
  return { headline: joinParts(parts, from, to), site: site?.trim() ?? null, section };
}
