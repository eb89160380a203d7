/**
 * A page's lead image, as its publisher names it: Open Graph, then Twitter's card, then the
 * article's JSON-LD image, then <link rel="image_src"> and a schema.org itemprop. The first that is
 * a web address to keep wins (image-url.ts), relative ones resolved against the page.
 */
import { attr, type Element } from './dom.js';
import { firstImageUrl } from './image-url.js';

/** Meta names that carry the lead image, most trusted first (the tag reader lowercases them). */
const IMAGE_META = ['og:image', 'og:image:secure_url', 'og:image:url', 'twitter:image', 'twitter:image:src'];
/** The schema.org microdata name, trusted below the publisher's JSON-LD. */
const ITEMPROP_META = 'image';

/** <link rel="image_src" href>, an older way to name a page's picture. */
function linkedImage(elements: readonly Element[]): string | null {
  for (const link of elements) {
    if (link.name === 'link' && /\bimage_src\b/i.test(attr(link, 'rel'))) return attr(link, 'href') || null;
  }
  return null;
}

/** Every candidate in trust order, read only as far as the first one that is kept. */
function* candidates(
  meta: ReadonlyMap<string, string>,
  jsonLdImages: readonly string[],
  elements: readonly Element[],
): Generator<string | null | undefined> {
  for (const key of IMAGE_META) yield meta.get(key);
  yield* jsonLdImages;
  yield linkedImage(elements);
  yield meta.get(ITEMPROP_META);
}

/** The page's lead image address, or null when it names none worth keeping. */
export function readLeadImage(
  meta: ReadonlyMap<string, string>,
  jsonLdImages: readonly string[],
  elements: readonly Element[],
  base: string | null,
): string | null {
  return firstImageUrl(candidates(meta, jsonLdImages, elements), base);
}
