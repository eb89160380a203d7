/**
 * How the quote evaluations match a found quote to a gold one and judge its speaker (quality.md §3):
 * the same on PolNeAR (quotes.ts) and on our BASIL labels (quotes-basil.ts).
 */

/** Word overlap (of the larger set) at which a found quote and a gold one are the same quote. */
const OVERLAP = 0.6;

// Capitalised words that name nobody: a gold source holding only these is not judged on speaker.
const NOT_A_NAME = new Set(
  'The This That These Those His Her Hers Its Their Theirs She They Them Him Our Ours You Your Yours Who Whom Whose Which What Some Many Most Both Each Every Any All One Another Such Several Few Other Others Anyone Everyone Someone Nobody Himself Herself Themselves'.split(
    ' ',
  ),
);

/** A quote's words, lower-cased; a word keeps its inner apostrophes and hyphens ("I'm" and "blue-collar" are one word each). */
export function quoteWords(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) ?? [];
}

/** Whether two quotes' word sets share enough to be one quote. */
export function sameQuote(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared > 0 && shared >= OVERLAP * Math.max(a.size, b.size);
}

/** Words of a speaker, a possessive or contraction cut off ("Bolton's" is Bolton, "We've" is We). */
function speakerWords(text: string): string[] {
  return (text.match(/[\p{L}][\p{L}'’.-]*/gu) ?? []).map((w) => w.replace(/['’]\p{L}{0,2}$/u, '').replace(/\.$/, ''));
}

/** Capitalised 3+-letter words of a gold speaker that could name someone; none: the quote is not judged on speaker. */
export function nameWords(source: string): string[] {
  return speakerWords(source).filter((w) => /^\p{Lu}/u.test(w) && w.replace(/[^\p{L}]/gu, '').length >= 3 && !NOT_A_NAME.has(w));
}

/** Whether our speaker holds one of the gold speaker's name words. */
export function speakerNamed(names: readonly string[], ours: string | null): boolean {
  const words = new Set(speakerWords(ours ?? ''));
  return names.some((name) => words.has(name));
}
