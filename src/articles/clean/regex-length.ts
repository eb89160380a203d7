/**
 * The longest text a regular expression can match, read from its source: a line longer than that
 * (plus where the match may start) cannot match a pattern anchored at the line's end, so the regex
 * need not run. Only what the line patterns use is understood; anything else counts as unbounded.
 */
import { isAsciiDigit } from '../text/index.js';

/** Parse state: the source and the position reached in it. */
interface Cursor {
  source: string;
  at: number;
}

/** A parsed alternation: its longest match, and whether every branch must end at the input's end. */
interface Extent {
  max: number;
  endsAtEnd: boolean;
}

/**
 * Upper bound on the length (in UTF-16 code units) of a match of `source`, and whether a match must
 * run to the end of the input (the pattern ends in an unquantified `$`, with no top-level `|`).
 * Only for patterns without the u or v flag, where every character atom matches one code unit.
 */
export function matchExtent(source: string): Extent {
  const cursor: Cursor = { source, at: 0 };
  const extent = parseAlternation(cursor);
  // a stray `)` or anything unparsed: claim nothing
  return cursor.at === source.length ? extent : { max: Infinity, endsAtEnd: false };
}

function parseAlternation(cursor: Cursor): Extent {
  let max = 0;
  let branches = 0;
  let endsAtEnd = true;
  for (;;) {
    const branch = parseSequence(cursor);
    branches++;
    max = Math.max(max, branch.max);
    endsAtEnd &&= branch.endsAtEnd;
    if (cursor.source[cursor.at] !== '|') break;
    cursor.at++;
  }
  return { max, endsAtEnd: endsAtEnd && branches === 1 };
}

/** A run of quantified atoms, up to `|`, `)` or the end. */
function parseSequence(cursor: Cursor): Extent {
  let max = 0;
  let endsAtEnd = false;
  while (cursor.at < cursor.source.length && cursor.source[cursor.at] !== '|' && cursor.source[cursor.at] !== ')') {
    const isEndAnchor = cursor.source[cursor.at] === '$';
    const atom = parseAtom(cursor);
    const quantifierAt = cursor.at;
    const times = parseQuantifier(cursor);
    max += atom === 0 || times === 0 ? 0 : atom * times;
    endsAtEnd = isEndAnchor && cursor.at === quantifierAt;
  }
  return { max, endsAtEnd };
}

/** The longest match of one atom (a character, class, escape, group or assertion). */
function parseAtom(cursor: Cursor): number {
  const { source } = cursor;
  const char = source[cursor.at]!;
  cursor.at++;
  if (char === '^' || char === '$') return 0;
  if (char === '[') return skipClass(cursor);
  if (char === '\\') return parseEscape(cursor);
  if (char !== '(') return char === '*' || char === '+' || char === '?' || char === '{' ? Infinity : 1;
  const lookaround = /^\?<?[=!]/.exec(source.slice(cursor.at, cursor.at + 3));
  if (source.startsWith('?:', cursor.at)) cursor.at += 2;
  else if (lookaround) cursor.at += lookaround[0].length;
  else if (source[cursor.at] === '?') return Infinity; // named groups and modifiers: not used, not understood
  const inner = parseAlternation(cursor);
  if (source[cursor.at] !== ')') return Infinity;
  cursor.at++;
  return lookaround ? 0 : inner.max;
}

/** A backslash escape: an assertion (\b, \B) matches nothing, a back-reference is not understood. */
function parseEscape(cursor: Cursor): number {
  const char = cursor.source[cursor.at];
  if (char === undefined) return Infinity;
  cursor.at++;
  if (char === 'b' || char === 'B') return 0;
  if (isAsciiDigit(char.charCodeAt(0))) return Infinity;
  if (char === 'u') cursor.at += 4;
  else if (char === 'x') cursor.at += 2;
  else if (char === 'c') cursor.at += 1;
  else if (char === 'p' || char === 'P' || char === 'k') return Infinity;
  return 1;
}

/** Skips a character class (the `[` already read); it matches one code unit. */
function skipClass(cursor: Cursor): number {
  const { source } = cursor;
  while (cursor.at < source.length && source[cursor.at] !== ']') cursor.at += source[cursor.at] === '\\' ? 2 : 1;
  if (cursor.at >= source.length) return Infinity;
  cursor.at++;
  return 1;
}

/** How many times at most the atom just read may repeat: 1 without a quantifier. */
function parseQuantifier(cursor: Cursor): number {
  const { source } = cursor;
  const char = source[cursor.at];
  let times = 1;
  if (char === '?') {
    cursor.at++;
  } else if (char === '*' || char === '+') {
    cursor.at++;
    times = Infinity;
  } else if (char === '{') {
    const braces = /^\{(\d+)(,(\d*))?\}/.exec(source.slice(cursor.at));
    if (!braces) return Infinity; // a literal brace, in sloppy syntax: not understood
    cursor.at += braces[0].length;
    times = braces[2] === undefined ? Number(braces[1]) : braces[3] ? Number(braces[3]) : Infinity;
  } else {
    return 1;
  }
  if (source[cursor.at] === '?') cursor.at++; // lazy: the same bound
  return times;
}
