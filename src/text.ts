/** Words as every matcher compares them: lowercased runs of letters and digits ("U.S." -> ["u", "s"]). */
export function lowerWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** White space other than single plain spaces: most lines and paragraphs have none, and need no rewriting. */
export const IRREGULAR_SPACING = /[^\S ]| {2}/;
