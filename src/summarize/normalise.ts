/** Text as compared against articles: the same characters whatever typography the outlet or the model used. */
import { stripInvisibleControls } from './prompt.js';

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
