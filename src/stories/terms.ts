/**
 * What an article says about its event, as words: the content words of its title and lead, and the
 * names it leads with. Two outlets rewrite the sentences but keep the names and most of the nouns
 * (docs/adr/0019-story-grouping.md).
 */
import { STOP_WORDS } from '../articles/clean-stopwords.js';
import { foldedWordSet } from '../articles/word-lookup.js';

/** Content words read from the body after the title: the lead states the event, later paragraphs drift into background. */
export const LEAD_WORDS = 60;
/** Names an article leads with (its most prominent): one of them must be named in any article of its story. */
export const LEADING_NAMES = 3;

/** Words that say nothing of which event it is: function words, and what every report says (said, Monday, year). */
const NOT_CONTENT = foldedWordSet([
  ...STOP_WORDS.get('en')!,
  ...`said says told tell telling say saying according also would could new year years people like one two three
  first last time times week weeks day days today yesterday tomorrow monday tuesday wednesday thursday friday
  saturday sunday january february march april may june july august september october november december
  jan feb mar apr jun jul aug sep sept oct nov dec mr mrs ms dr just get got make many much well still back`.split(/\s+/),
]);

/** A word shorter than this is no content word ("us", "s" of a possessive, initials). */
const MIN_WORD_LENGTH = 3;

export interface StoryTerms {
  /** Content words of the title (twice: a headline is the event in brief), then of the lead, in order, repeats kept. */
  words: string[];
  /** The article's leading names as words (each name's last word: "Michael Steele" and "Steele" are one). */
  leadingNames: string[];
  /** Every name the article gives, as words. */
  names: string[];
}

/**
 * Light stemming: plural and third-person -s, -ies to -y; nothing that merges different words
 * ("news", "bus", "crisis" stay).
 */
export function stem(word: string): string {
  const n = word.length;
  if (n > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (n > 3 && word.charCodeAt(n - 1) === 115 /* s */) {
    const before = word.charCodeAt(n - 2);
    // -ss, -us, -is are not plurals (press, virus, crisis)
    if (before !== 115 && before !== 117 && before !== 105) return word.slice(0, -1);
  }
  return word;
}

/** A letter or digit beyond ASCII (general punctuation, the no-break space and curly quotes are not). */
function isWordCodeBeyondAscii(code: number, text: string, at: number): boolean {
  if (code === 0xa0 || (code >= 0x2000 && code <= 0x206f) || code === 0x3000 || code === 0xfeff) return false;
  return /[\p{L}\p{N}\p{M}]/u.test(text[at]!);
}

/** Whether a lower-cased word holds a letter: bare numbers (years, counts) recur across unrelated events. */
function holdsLetter(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const code = word.charCodeAt(i);
    if (code >= 97 && code <= 122) return true;
    if (code > 127 && /\p{L}/u.test(word[i]!)) return true;
  }
  return false;
}

/** The content word (lower-cased, stemmed) spelled by text[start, end), or null: long enough, not a function word, holding a letter. */
function contentWord(text: string, start: number, end: number, cased: boolean): string | null {
  // (a function word is found in the text itself: most words are, and need no string of their own)
  if (end - start < MIN_WORD_LENGTH || NOT_CONTENT.has(text, start, end)) return null;
  const raw = text.slice(start, end);
  const word = cased ? raw.toLowerCase() : raw;
  return holdsLetter(word) ? stem(word) : null;
}

/**
 * Calls back with each content word of a text (lower-cased, stemmed), until the callback returns
 * false. Apostrophes split words, so "Steele’s" gives "steele" and a dropped "s". Words are
 * lower-cased one by one: most are ASCII, where a whole paragraph holding a curly quote would go
 * through the slower Unicode case mapping.
 */
export function eachContentWord(text: string, use: (word: string) => boolean): boolean {
  let start = -1;
  let cased = false;
  for (let i = 0; i <= text.length; i++) {
    const code = i < text.length ? text.charCodeAt(i) : 32;
    let inWord: boolean;
    if (code < 128) {
      const upper = code >= 65 && code <= 90;
      cased ||= upper;
      inWord = upper || (code >= 97 && code <= 122) || (code >= 48 && code <= 57);
    } else {
      inWord = isWordCodeBeyondAscii(code, text, i);
      cased ||= inWord;
    }
    if (inWord) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    const word = contentWord(text, start, i, cased);
    start = -1;
    cased = false;
    if (word !== null && !use(word)) return false;
  }
  return true;
}

/** A name as one word: its last word that is a content word ("President Obama" -> "obama"), or null. */
export function nameWord(name: string): string | null {
  let last: string | null = null;
  eachContentWord(name, (word) => {
    last = word;
    return true;
  });
  return last;
}

/** The article's story terms: title and lead words, and names. */
export function storyTerms(article: { title: string; paragraphs: readonly string[]; entities?: readonly string[] }): StoryTerms {
  const words: string[] = [];
  const count = (word: string) => {
    words.push(word);
    return true;
  };
  eachContentWord(article.title, (word) => {
    words.push(word, word);
    return true;
  });
  let lead = 0;
  for (const paragraph of article.paragraphs) {
    const more = eachContentWord(paragraph, (word) => {
      count(word);
      return ++lead < LEAD_WORDS;
    });
    if (!more) break;
  }
  const names: string[] = [];
  for (const entity of article.entities ?? []) {
    const word = nameWord(entity);
    if (word !== null && !names.includes(word)) names.push(word);
  }
  return { words, leadingNames: names.slice(0, LEADING_NAMES), names };
}
