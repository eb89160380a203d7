/** Sentence splitting: Intl.Segmenter, then repair of splits after abbreviations and initials. */

const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });

// Words that end with a full stop without ending a sentence.
const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'gen', 'lt', 'col', 'sgt', 'capt', 'cmdr', 'adm',
  'gov', 'sen', 'rep', 'rev', 'hon', 'pres', 'supt', 'insp', 'det', 'maj', 'cpl', 'pvt',
  'inc', 'ltd', 'co', 'corp', 'bros', 'no', 'vs', 'etc', 'approx', 'est', 'dept', 'univ',
  'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug', 'sep', 'sept', 'oct', 'nov', 'dec',
  'ala', 'ariz', 'ark', 'calif', 'conn', 'del', 'fla', 'ga', 'ill', 'ind', 'kan', 'ky', 'la',
  'md', 'mass', 'mich', 'minn', 'miss', 'mo', 'mont', 'neb', 'nev', 'okla', 'ore', 'pa', 'tenn',
  'tex', 'va', 'vt', 'wash', 'wis', 'wyo', 'e.g', 'i.e', 'u.s', 'u.k', 'u.n', 'a.m', 'p.m',
]);

/** True when the segment ends in a way that cannot close a sentence (an abbreviation or an initial). */
function endsWithAbbreviation(segment: string): boolean {
  const match = /(?:^|[\s(“"'])([A-Za-z][A-Za-z.]*)\.\s*$/.exec(segment);
  if (!match || !match[1]) return false;
  const word = match[1];
  if (/^[A-Z]$/.test(word)) return true; // an initial: "John F. Kennedy"
  return ABBREVIATIONS.has(word.toLowerCase());
}

/** Splits text into sentences, trimmed, never empty. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  let pending = '';
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    const next = pending.trimEnd();
    if (endsWithAbbreviation(next)) continue;
    if (next.trim()) out.push(next.trim());
    pending = '';
  }
  if (pending.trim()) out.push(pending.trim());
  return out;
}
