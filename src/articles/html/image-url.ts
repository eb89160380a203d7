/**
 * An article's lead image is shown by Discord (its media proxy fetches it; newsbrief never does), so
 * an address is kept only when it is plainly a web address: http(s), absolute once resolved, no
 * credentials, no control characters, of a sane length (docs/adr/0026-lead-images.md).
 */

/** The longest image address kept: real ones (CDN paths with resize parameters) stay well below it. */
export const MAX_IMAGE_URL_CHARS = 2048;

/** Control characters (tabs and newlines included): URL parsing drops some silently ("java\nscript:"), so none is let through. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

/** The image address resolved against the page (or feed item) it came from; null when it is not one to keep. */
export function imageUrl(value: string | null | undefined, base?: string | null): string | null {
  const text = value?.trim();
  if (!text || text.length > MAX_IMAGE_URL_CHARS || CONTROL.test(text)) return null;
  let url: URL;
  try {
    url = base ? new URL(text, base) : new URL(text);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  if (url.username !== '' || url.password !== '' || url.hostname === '') return null;
  return url.href.length <= MAX_IMAGE_URL_CHARS ? url.href : null;
}

/** The first candidate that is an image address to keep, each resolved against base. */
export function firstImageUrl(candidates: Iterable<string | null | undefined>, base?: string | null): string | null {
  for (const candidate of candidates) {
    const url = imageUrl(candidate, base);
    if (url) return url;
  }
  return null;
}
