/**
 * Character codes and classes the text scanners compare with charCodeAt: one set of names for
 * cleaning, HTML, quotes, names and stories, so no module spells a range or a code by hand. The
 * predicates stay one-line functions of a number, with no table or object behind them, so V8
 * inlines them into the loops that call them for every character; their bodies compare with
 * literals, not with the names above, since every read of an exported binding goes through the
 * module's cell. A class answers false for NaN (charCodeAt past either end), as the comparisons it
 * replaces did.
 */
export const TAB = 9;
export const LINE_FEED = 10;
export const FORM_FEED = 12;
export const CARRIAGE_RETURN = 13;
export const SPACE = 32;
export const EXCLAMATION_MARK = 33;
export const LEFT_PARENTHESIS = 40;
export const RIGHT_PARENTHESIS = 41;
export const COMMA = 44;
export const HYPHEN = 45;
export const FULL_STOP = 46;
export const SLASH = 47;
export const COLON = 58;
export const SEMICOLON = 59;
export const QUESTION_MARK = 63;
export const LOWER_B = 98;
export const LOWER_E = 101;
export const LOWER_H = 104;
export const LOWER_I = 105;
export const LOWER_S = 115;
export const LOWER_U = 117;
export const LOWER_Y = 121;
export const NO_BREAK_SPACE = 0xa0;
export const COPYRIGHT_SIGN = 0xa9;
export const EN_DASH = 0x2013;
export const EM_DASH = 0x2014;
export const NARROW_NO_BREAK_SPACE = 0x202f;

/** The first code past ASCII, and past Latin-1: the sizes of tables indexed by code. */
export const ASCII_END = 0x80;
export const LATIN1_END = 0x100;
/** What lies between an ASCII capital and its lower case ("a" - "A"). */
export const ASCII_CASE_OFFSET = 32;

export function isAscii(code: number): boolean {
  return code < 0x80;
}

export function isBeyondAscii(code: number): boolean {
  return code > 0x7f;
}

/** A-Z. */
export function isAsciiUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}

/** a-z. */
export function isAsciiLower(code: number): boolean {
  return code >= 97 && code <= 122;
}

/** 0-9. */
export function isAsciiDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

/** a-z or A-Z (lower case first: most letters are). */
export function isAsciiLetter(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

export function isAsciiAlphanumeric(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** The code lower-cased when it is A-Z; any other code as it is. */
export function toAsciiLower(code: number): number {
  return code >= 65 && code <= 90 ? code + 32 : code;
}

/** ASCII white space as `\s` matches it: space, tab, line feed, vertical tab, form feed, carriage return. */
export function isAsciiWhiteSpace(code: number): boolean {
  return (code <= 13 && code >= 9) || code === 32;
}

/** The spaces of set widths, en quad to hair space (U+2000-U+200A). */
export function isTypesetSpace(code: number): boolean {
  return code >= 0x2000 && code <= 0x200a;
}

/** The General Punctuation block (U+2000-U+206F): typeset spaces, dashes, curly quotes; no letter or digit. */
export function isGeneralPunctuation(code: number): boolean {
  return code >= 0x2000 && code <= 0x206f;
}

/** White space as `\s` matches it (ECMAScript WhiteSpace and LineTerminator), tested without a regex. */
export function isWhiteSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Beyond ASCII, what parts words: the no-break space, general punctuation, the ideographic space, the byte order mark. */
export function isWordGapBeyondAscii(code: number): boolean {
  return code === 0xa0 || (code >= 0x2000 && code <= 0x206f) || code === 0x3000 || code === 0xfeff;
}

/** A letter or digit as far as a word's edge goes: ASCII ones, and beyond ASCII all but general punctuation (curly quotes, dashes). */
export function isWordCode(code: number): boolean {
  if (code < 0x80) return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
  return code < 0x2000 || code > 0x206f; // NaN, past either end, is none
}

/** The first half of a surrogate pair (a character beyond the BMP). */
export function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

export function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** An apostrophe, straight or curly (’, as typeset news writes it). */
export function isApostrophe(code: number): boolean {
  return code === 39 || code === 0x2019; // ' and ’
}
