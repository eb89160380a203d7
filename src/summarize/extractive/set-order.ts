/**
 * How a set summary reads out of context (ADR 21, revision 1): a sentence that leans on the one before
 * it ("He said", "But", "This") is shown only right after that sentence of its own article, and the
 * sentences of a sequence of events are told in order: by their article's publication date where
 * every article concerned has one, then by their place in the article.
 */
import { type Candidate, opensWithDanglingReference } from './candidates.js';

/** Where a candidate sits: its article and sentence index. */
function placeKey(articleId: string, position: number): string {
  return `${articleId}\u0000${position}`;
}

/**
 * For each candidate that opens with a reference back, the key of the sentence it leans on: the one
 * right before it in its article (same paragraph or the one just before). Null when it stands alone;
 * one whose predecessor is not in the pool leans on a key no pick has, so it is never shown.
 */
export function leansOn(candidates: readonly Candidate[]): (string | null)[] {
  const paragraphAt = new Map<string, number>();
  for (const c of candidates) paragraphAt.set(placeKey(c.articleId, c.position), c.paragraph);
  return candidates.map((c) => {
    if (!opensWithDanglingReference(c.text)) return null;
    const key = placeKey(c.articleId, c.position - 1);
    const paragraph = paragraphAt.get(key);
    const adjacent = paragraph !== undefined && c.paragraph - paragraph <= 1;
    return adjacent ? key : `${key}\u0000absent`;
  });
}

/** The key other sentences lean on when this one is picked. */
export function placeOf(c: Candidate): string {
  return placeKey(c.articleId, c.position);
}

/** Publication time in ms, or null when the article has no usable date. */
function timeOf(published: string | null | undefined): number | null {
  if (!published) return null;
  const t = Date.parse(published);
  return Number.isFinite(t) ? t : null;
}

/** A picked sentence with its story, for ordering. */
export interface Placed {
  candidate: Candidate;
  story: number;
}

/**
 * Stories, then each story's articles, oldest first when every one concerned is dated (else stories
 * in the order given, articles by rank); within an article, sentences by place. Same article, same
 * key: a sentence that leans on its predecessor always follows it directly.
 */
export function inTellingOrder<T extends Placed>(picks: readonly T[], publishedOf: (articleId: string) => string | null | undefined): T[] {
  const time = new Map(picks.map((p) => [p.candidate.articleId, timeOf(publishedOf(p.candidate.articleId))]));
  const dated = [...time.values()].every((t) => t !== null);
  const storyRank = new Map<number, number>();
  for (const p of picks) if (!storyRank.has(p.story)) storyRank.set(p.story, storyRank.size);
  const storyTime = new Map<number, number>();
  for (const p of picks) storyTime.set(p.story, Math.min(storyTime.get(p.story) ?? Infinity, time.get(p.candidate.articleId) ?? Infinity));
  const storyKey = (p: T): number => (dated ? storyTime.get(p.story)! : storyRank.get(p.story)!);
  const articleKey = (p: T): number => (dated ? time.get(p.candidate.articleId)! : 0);
  return [...picks].sort(
    (a, b) =>
      storyKey(a) - storyKey(b) ||
      storyRank.get(a.story)! - storyRank.get(b.story)! ||
      articleKey(a) - articleKey(b) ||
      a.candidate.articleRank - b.candidate.articleRank ||
      a.candidate.position - b.candidate.position,
  );
}
