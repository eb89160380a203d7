/**
 * Credentials out of URLs before they reach a log line, an error or an answer: the user:password
 * part, and the values of query (or fragment) parameters whose name says they are secret.
 */

export const REDACTED = '***';

// A name part that marks a parameter as a credential ("api-key", "X-Amz-Signature", "accessToken", "sig").
const SECRET_NAME_PARTS: ReadonlySet<string> = new Set([
  'key',
  'apikey',
  'token',
  'accesstoken',
  'secret',
  'password',
  'passwd',
  'pwd',
  'pass',
  'sig',
  'signature',
  'auth',
  'authorization',
  'credential',
  'credentials',
  'sessionid',
  'jsessionid',
  'phpsessid',
  'jwt',
  'bearer',
  'otp',
]);

/** True when a query parameter's name says its value is a credential. */
export function isSecretParameter(name: string): boolean {
  let decoded = name;
  try {
    decoded = decodeURIComponent(name);
  } catch {
    // a malformed escape: judge the name as written
  }
  const lower = decoded.toLowerCase();
  if (SECRET_NAME_PARTS.has(lower.replace(/[^a-z]/g, ''))) return true;
  const parts = decoded
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z]+/);
  return parts.some((part) => SECRET_NAME_PARTS.has(part));
}

// A URL in free text: a scheme, "//", then everything up to white space or a quote or angle bracket.
// The scheme's length is bounded so a long run like "a.a.a.a..." cannot make the search quadratic.
const URL_IN_TEXT = /\b([a-z][a-z0-9+.-]{0,31}:\/\/)([^\s"'<>`]*)/gi;
// One name=value pair after "?", "&", ";" or "#".
const PARAMETER = /([?&;#])([^=&;#?]*)=([^&;#]*)/g;
// Sentence punctuation after a URL in prose belongs to the sentence, not to the value.
const TRAILING_PUNCTUATION = /[.,:!?)\]}]+$/;

/** The part of a URL after its scheme, with its userinfo and secret parameter values replaced. */
function redactAfterScheme(rest: string): string {
  const authorityEnd = rest.search(/[/?#\\]/);
  const authority = authorityEnd === -1 ? rest : rest.slice(0, authorityEnd);
  const at = authority.lastIndexOf('@');
  const host = at === -1 ? authority : `${REDACTED}@${authority.slice(at + 1)}`;
  const tail = (authorityEnd === -1 ? '' : rest.slice(authorityEnd)).replace(
    PARAMETER,
    (pair, mark: string, name: string, value: string) => {
      if (!isSecretParameter(name) || value === '' || value === REDACTED) return pair;
      const punctuation = TRAILING_PUNCTUATION.exec(value)?.[0] ?? '';
      return `${mark}${name}=${REDACTED}${punctuation}`;
    },
  );
  return host + tail;
}

/**
 * Text with every URL in it redacted: userinfo ("http://user:pw@host" -> "http://***@host") and
 * the values of secret-looking parameters ("?api-key=abc" -> "?api-key=***"). Other text is kept.
 */
export function redactUrl(text: string): string {
  if (!text.includes('://')) return text;
  return text.replace(URL_IN_TEXT, (_match, scheme: string, rest: string) => scheme + redactAfterScheme(rest));
}
