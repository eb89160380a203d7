/**
 * Tidies the paragraphs kept as the body, whatever the page's format: profile cards glued into
 * sentences come out, and the wire or dateline opener ("WASHINGTON (AP) — ") leaves the first one.
 */
import { HOVER_CARD, HOVER_CARD_END, WIRE_OPENER } from './patterns.js';

/** The opener is looked for in the first few paragraphs only: a standfirst may come before it. */
const OPENER_PARAGRAPHS = 3;

/** A paragraph without the profile cards saved inside it. */
export function withoutHoverCards(text: string): string {
  return text.includes(HOVER_CARD_END) ? text.replace(HOVER_CARD, '$1$2 ') : text;
}

/** A paragraph without its wire or dateline opener; the paragraph as it was when it has none. */
export function withoutWireOpener(text: string): string {
  const opener = WIRE_OPENER.exec(text);
  // an opener names a place or an agency: a bare dash or colon at the start is not one
  if (!opener || (opener[1] === undefined && opener[2] === undefined)) return text;
  return text.slice(opener[0].length);
}

/** The body's paragraphs tidied: hover cards out everywhere, the first wire opener out. */
export function tidyParagraphs(paragraphs: readonly string[]): string[] {
  const tidied = paragraphs.slice();
  for (let i = 0; i < tidied.length; i++) tidied[i] = withoutHoverCards(tidied[i]!);
  for (let i = 0; i < Math.min(OPENER_PARAGRAPHS, tidied.length); i++) {
    const text = withoutWireOpener(tidied[i]!);
    if (text === tidied[i]) continue;
    tidied[i] = text;
    break;
  }
  return tidied;
}
