/**
 * The topic syntax every face accepts: words and "quoted phrases" (all required), `a OR b`
 * (alternatives: OR joins the word, name or phrase on each side of it), `-word` and `-"a phrase"`
 * (articles holding them are left out). A mistake is a TopicSyntaxError saying what was expected.
 */
import { UsageError } from '../errors.js';
import { lowerWords } from '../text.js';

/** Longer topics are refused: no face needs them, and every phrase costs the search a look-up. */
export const MAX_TOPIC_LENGTH = 200;
/** Words, phrases and exclusions a topic may hold (before expansion). */
export const MAX_TOPIC_TERMS = 20;

/** A topic the syntax does not allow; the message is one line saying what was expected. */
export class TopicSyntaxError extends UsageError {
  override name = 'TopicSyntaxError';
  constructor(expected: string) {
    super(`topic: expected ${expected}`);
  }
}

/** One thing to look for: a word or known name (expanded later), or a quoted phrase (matched as written). */
export interface TopicPart {
  /** Lower-cased words joined by single spaces. */
  phrase: string;
  quoted: boolean;
}

export interface ParsedTopic {
  /** Every group is required; the parts within one are alternatives (joined by OR). */
  required: TopicPart[][];
  /** Phrases no answer may hold, as written (lower-cased words). */
  exclude: string[];
}

type Token =
  | { kind: 'words'; words: string[] }
  | { kind: 'phrase'; words: string[] }
  | { kind: 'exclude'; words: string[]; shown: string }
  | { kind: 'or' };

/** Straight and curly quotes: phone keyboards turn " into “ and ”. */
const QUOTES = '"“”„';
const isQuote = (char: string | undefined): boolean => char !== undefined && QUOTES.includes(char);
const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/u.test(char);
/** Part of the topic as an error shows it: on one line. */
const shown = (text: string): string => text.trim().replace(/\s+/gu, ' ');

/** The quoted text starting at `start` (a quote mark) and the index after its closing quote. */
function readQuoted(text: string, start: number): { inner: string; end: number } {
  let end = start + 1;
  while (end < text.length && !isQuote(text[end])) end++;
  if (end >= text.length) throw new TopicSyntaxError(`a closing " after ${shown(text.slice(start))}`);
  return { inner: text.slice(start + 1, end), end: end + 1 };
}

/** The bare token starting at `start`: up to white space or a quote mark. */
function readBare(text: string, start: number): { bare: string; end: number } {
  let end = start;
  while (end < text.length && !isSpace(text[end]) && !isQuote(text[end])) end++;
  return { bare: text.slice(start, end), end };
}

/** Splits a topic into words, phrases, exclusions and ORs; a lone "-" is punctuation ("Biden - Trump"). */
function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  while (at < text.length) {
    const char = text[at];
    if (isSpace(char)) at++;
    else if (isQuote(char)) {
      const { inner, end } = readQuoted(text, at);
      tokens.push({ kind: 'phrase', words: lowerWords(inner) });
      at = end;
    } else if (char === '-' && at + 1 < text.length && !isSpace(text[at + 1])) {
      const read = isQuote(text[at + 1]) ? readQuoted(text, at + 1) : readBare(text, at + 1);
      const body = 'inner' in read ? read.inner : read.bare;
      tokens.push({ kind: 'exclude', words: lowerWords(body), shown: shown(text.slice(at, read.end)) });
      at = read.end;
    } else {
      const { bare, end } = readBare(text, at);
      tokens.push(bare === 'OR' ? { kind: 'or' } : { kind: 'words', words: lowerWords(bare) });
      at = end;
    }
  }
  return tokens;
}

/** Builds the groups: runs of bare words split into parts by `segment`, OR joining its neighbours' parts. */
class GroupBuilder {
  readonly required: TopicPart[][] = [];
  readonly exclude: string[] = [];
  private run: string[] = [];
  /** An OR waits for the part after it. */
  private pendingOr = false;
  /** The last token taken was an exclusion (OR cannot join one). */
  private lastExcluded = false;

  constructor(private readonly segment: (words: string[]) => string[]) {}

  words(words: string[]): void {
    this.run.push(...words);
    if (words.length) this.lastExcluded = false;
  }

  phrase(words: string[]): void {
    this.flush();
    if (words.length) this.add({ phrase: words.join(' '), quoted: true });
  }

  excluded(words: string[], shown: string): void {
    this.flush();
    if (this.pendingOr) throw new TopicSyntaxError('a word or "phrase" after OR, not an exclusion');
    if (!words.length) throw new TopicSyntaxError(`a word or "phrase" after -, got ${shown}`);
    this.exclude.push(words.join(' '));
    this.lastExcluded = true;
  }

  or(): void {
    this.flush();
    if (this.lastExcluded) throw new TopicSyntaxError('a word or "phrase" before OR, not an exclusion');
    if (this.pendingOr || this.required.length === 0) throw new TopicSyntaxError('a word or "phrase" before OR');
    this.pendingOr = true;
  }

  finish(): ParsedTopic {
    this.flush();
    if (this.pendingOr) throw new TopicSyntaxError('a word or "phrase" after OR');
    if (this.required.length === 0 && this.exclude.length > 0) {
      throw new TopicSyntaxError('something to look for besides the exclusions, e.g. iran -israel');
    }
    return { required: this.required, exclude: [...new Set(this.exclude)] };
  }

  private flush(): void {
    for (const phrase of this.segment(this.run)) this.add({ phrase, quoted: false });
    this.run = [];
  }

  private add(part: TopicPart): void {
    if (this.pendingOr) this.required[this.required.length - 1]!.push(part);
    else this.required.push([part]);
    this.pendingOr = false;
    this.lastExcluded = false;
  }
}

/**
 * Parses a topic. `segment` splits a run of bare words into parts (known multi-word names kept
 * whole); OR binds the part just before it and the part just after, so `climate protest OR
 * strike` asks for climate and (protest or strike).
 */
export function parseTopic(topic: string, segment: (words: string[]) => string[]): ParsedTopic {
  if (topic.length > MAX_TOPIC_LENGTH) throw new TopicSyntaxError(`at most ${MAX_TOPIC_LENGTH} characters, got ${topic.length}`);
  const tokens = tokenize(topic);
  const terms = tokens.filter((t) => t.kind !== 'or').length;
  if (terms > MAX_TOPIC_TERMS) throw new TopicSyntaxError(`at most ${MAX_TOPIC_TERMS} words and phrases, got ${terms}`);
  const builder = new GroupBuilder(segment);
  for (const token of tokens) {
    if (token.kind === 'or') builder.or();
    else if (token.kind === 'words') builder.words(token.words);
    else if (token.kind === 'phrase') builder.phrase(token.words);
    else builder.excluded(token.words, token.shown);
  }
  return builder.finish();
}
