/** Words as every matcher compares them: lowercased runs of letters and digits ("U.S." -> ["u", "s"]). */
export function lowerWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}
