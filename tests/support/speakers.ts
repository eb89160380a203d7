/** The speakers extractQuotes finds in some paragraphs: the speaker of each quote, in order. */
import { extractQuotes } from '../../src/articles/quotes/index.js';

export function speakers(paragraphs: string[]): (string | null)[] {
  return extractQuotes(paragraphs).map((q) => q.speaker);
}
