/** A publication day written in an article's URL path: /2019/11/19/, /2019-11-19-, /20191119/. */

/** Year, month and day as path segments or one hyphenated segment, each followed by a separator or the end. */
const SEPARATED = /\/((?:19|20)\d{2})[/-](0[1-9]|1[0-2])[/-](0[1-9]|[12]\d|3[01])(?=[/\-_.]|$)/;
/** Eight digits as a path segment of their own. */
const COMPACT = /\/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])(?=[/\-_.]|$)/;

/** The day the URL's path names, as an ISO date; null when it names none (or the URL is unreadable). */
export function urlDate(url: string | null | undefined): string | null {
  if (!url) return null;
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    return null;
  }
  const m = SEPARATED.exec(path) ?? COMPACT.exec(path);
  if (!m) return null;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  // 2019/02/30 is no day: Date.UTC would roll it into March.
  if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() !== day) return null;
  return `${m[1]}-${m[2]}-${m[3]}`;
}
