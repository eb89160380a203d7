/**
 * Text from articles, feeds and file names made safe to show: nothing invisible that hides or
 * reorders what a reader sees (Discord, terminal), and nothing a terminal would obey (escapes).
 */

// A subdivision flag (🏴 + tag letters + cancel tag) is the one legitimate use of tag characters.
const FLAG_TAG_SEQUENCE = '\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F}';
// Every format character (bidi embeddings, overrides, isolates and marks, zero-width spaces, word
// joiners, BOMs, soft hyphens, tags) except ZWNJ and ZWJ, which Persian words and emoji sequences need.
const FORMAT = '(?![\u200C\u200D])\\p{Cf}';
// Control characters other than whitespace (ESC, BEL, DEL, the C1 set with its one-byte CSI), and
// lone surrogates.
const CONTROL = '(?![\t\n\v\f\r])\\p{Cc}|\\p{Cs}';

const INVISIBLE = new RegExp(`(${FLAG_TAG_SEQUENCE})|${FORMAT}|${CONTROL}`, 'gu');
// The quick test first: most text holds none of them.
const MAY_HOLD_INVISIBLE = /[\p{Cf}\p{Cs}\0-\x08\x0e-\x1f\x7f-\x9f]/u;
// Anything a terminal could act on, or that hides text, in a name that must be shown as it is.
const UNPRINTABLE = new RegExp(`${FORMAT}|\\p{Cc}|\\p{Cs}|[\u2028\u2029]`, 'gu');
const LINE_BREAKS = /[\t\n\v\f\r\u2028\u2029]+/g;
const SHORT_ESCAPES: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * Removes what shows nothing but can hide, reorder or fake text: bidi controls, zero-width and
 * other invisible format characters, and control characters other than whitespace. ZWNJ and ZWJ
 * stay (Persian words, emoji sequences), and so do emoji flag sequences.
 */
export function stripInvisible(text: string): string {
  if (!MAY_HOLD_INVISIBLE.test(text)) return text;
  return text.replace(INVISIBLE, (_match, flag: string | undefined) => flag ?? '');
}

function escapeCodePoint(char: string): string {
  const short = SHORT_ESCAPES[char];
  if (short) return short;
  const code = char.codePointAt(0)!;
  if (code < 0x100) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code < 0x10000) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\u{${code.toString(16)}}`;
}

/**
 * Shows every control and invisible format character as an escape (ESC as `\x1b`, a newline as
 * `\n`, U+202E as `\u202e`): for names that must be shown exactly, such as file names and reasons.
 */
export function escapeControls(text: string): string {
  return text.replace(UNPRINTABLE, escapeCodePoint);
}

/**
 * One field of article text for a terminal: invisible characters removed, line breaks and tabs
 * made spaces (a field cannot start a line of its own), any other control shown escaped.
 */
export function terminalSafe(text: string): string {
  return escapeControls(stripInvisible(text).replace(LINE_BREAKS, ' '));
}

// What a terminal obeys or reorders by: C0 controls but the newline, DEL, C1, bidi controls.
const TERMINAL_CONTROLS = /[\0-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/**
 * A last guard on every line written to a terminal: any control left is written as a `\uXXXX`
 * escape, which also keeps a JSON line the same JSON (JSON.stringify leaves C1 and bidi raw).
 */
export function guardTerminalOutput(text: string): string {
  return text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
