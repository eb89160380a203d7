/** Text as compared against articles: the same characters whatever typography the outlet or the model used. */

// Zero-width characters, soft hyphen, and bidi embeddings/overrides/isolates: they hide or reorder text a reader cannot see.
const INVISIBLE_CONTROLS = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

/** Removes characters that can hide text or reverse how it reads. */
export function stripInvisibleControls(text: string): string {
  return text.replace(INVISIBLE_CONTROLS, '');
}

/** NFKC, straight quotes, plain hyphens, single spaces, no invisible controls. */
export function normaliseForMatch(text: string): string {
  return stripInvisibleControls(text)
    .normalize('NFKC')
    .replace(/[“”„‟″«»]/g, '"')
    .replace(/[‘’‚‛′]/g, "'")
    .replace(/[‐‑‒–—―]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The numbers a text states, thousands separators removed ("1,200" and "1200" are one number). */
export function numberTokens(text: string): string[] {
  return (text.match(/\d+(?:[.,]\d+)*/g) ?? []).map((n) => n.replace(/,/g, ''));
}
