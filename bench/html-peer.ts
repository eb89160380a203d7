/**
 * HTML extraction side by side: newsbrief's extractor against @mozilla/readability (over linkedom,
 * since Readability needs a DOM and parsing is part of its cost as it is of ours) on the same pages,
 * interleaved page by page so a busy machine slows both alike.
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { extractHtml } from '../src/articles/html/index.js';

export interface HtmlComparison {
  pages: number;
  avgKb: number;
  oursPagesPerS: number;
  readabilityPagesPerS: number;
  /** ours / readability: above 1 means newsbrief is faster. */
  ratio: number;
  readabilityFailures: number;
}

function readabilityExtract(html: string): string {
  const { document } = parseHTML(html);
  return new Readability(document as never).parse()?.textContent ?? '';
}

export function compareHtml(pages: readonly { html: string }[], rounds = 2): HtmlComparison {
  let ours = 0;
  let theirs = 0;
  let failures = 0;
  let bytes = 0;
  // A first untimed pass warms both up (JIT), so neither pays for compilation in the figures.
  for (const page of pages.slice(0, 5)) {
    extractHtml(page.html);
    try {
      readabilityExtract(page.html);
    } catch {
      // counted in the timed rounds
    }
  }
  for (let round = 0; round < rounds; round++) {
    for (const page of pages) {
      if (round === 0) bytes += page.html.length;
      let started = performance.now();
      extractHtml(page.html);
      ours += performance.now() - started;
      started = performance.now();
      try {
        readabilityExtract(page.html);
      } catch {
        if (round === 0) failures++;
      }
      theirs += performance.now() - started;
    }
  }
  const done = pages.length * rounds;
  const oursPagesPerS = ours > 0 ? (1000 * done) / ours : 0;
  const readabilityPagesPerS = theirs > 0 ? (1000 * done) / theirs : 0;
  return {
    pages: pages.length,
    avgKb: pages.length > 0 ? bytes / pages.length / 1024 : 0,
    oursPagesPerS,
    readabilityPagesPerS,
    ratio: readabilityPagesPerS > 0 ? oursPagesPerS / readabilityPagesPerS : 0,
    readabilityFailures: failures,
  };
}
