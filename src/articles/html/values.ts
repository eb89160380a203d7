/** Normalizing metadata values: dates to ISO 8601, URLs to absolute. */

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** An ISO 8601 date or date-time, keeping the publisher's offset when it gave one; null when unreadable. */
export function normalizeDate(value: string): string | null {
  const text = value.trim();
  if (text === '') return null;
  if (ISO_DATE.test(text)) return text.replace(' ', 'T');
  if (/^\d{10}(?:\d{3})?$/.test(text)) {
    // Epoch seconds or milliseconds.
    const ms = text.length === 10 ? Number(text) * 1000 : Number(text);
    return new Date(ms).toISOString();
  }
  const parsed = Date.parse(text);
  if (Number.isNaN(parsed)) return null;
  const year = new Date(parsed).getUTCFullYear();
  return year > 1990 && year < 2200 ? new Date(parsed).toISOString() : null;
}

/** An absolute http(s) URL, resolving a relative one against the page URL; null otherwise. */
export function resolveUrl(value: string | null, base?: string): string | null {
  if (!value) return null;
  try {
    const url = new URL(value.trim(), base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
