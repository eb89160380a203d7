/**
 * Character codes the text scanners compare with charCodeAt: one set of names for cleaning, quotes
 * and names, so no module keeps its own copy.
 */
export const SPACE = 32;
export const NO_BREAK_SPACE = 0xa0;
export const COMMA = 44;
export const HYPHEN = 45;
export const FULL_STOP = 46;
export const APOSTROPHE = 39;
export const RIGHT_SINGLE_QUOTE = 0x2019;
export const LOWER_S = 115;

/** An apostrophe, straight or curly (’, as typeset news writes it). */
export function isApostrophe(code: number): boolean {
  return code === APOSTROPHE || code === RIGHT_SINGLE_QUOTE;
}
