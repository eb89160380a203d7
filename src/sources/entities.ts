/**
 * Text as feeds carry it: every HTML5 named entity and numeric reference decoded (the `entities`
 * package, htmlparser2's own table), HTML turned into plain text, plain text into HTML, and the
 * relative links inside HTML resolved against the base the feed declares.
 */
import { decodeHTML, decodeHTMLStrict } from 'entities';

/**
 * Decodes XML character data: the five XML entities, numeric references and, since feeds use them
 * without declaring them (RSS 0.91's DTD did), every HTML5 named entity. Only references ending in
 * ";" count, as in XML; an unknown one (`&lol;`) stays as written. One pass: nothing is expanded twice.
 */
export function decodeXmlText(raw: string): string {
  return raw.includes('&') ? decodeHTMLStrict(raw) : raw;
}

// A tag, comment or declaration as HTML writes them; "a < b" is not one.
const MARKUP = /<!--[\s\S]*?-->|<\/?([a-z][a-z0-9]*)[^<>]*>|<![a-z][^<>]*>/gi;
// Tags that break a line; the others (b, em, a, span...) sit inside a word or sentence.
const BREAKING = /^(?:br|p|div|li|ul|ol|h[1-6]|tr|td|th|table|blockquote|section|article|header|footer|hr|dd|dt|figure|figcaption|pre)$/i;
const HIDDEN = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;

/** Plain text of an HTML fragment, as a browser shows it: tags dropped, entities decoded, spaces collapsed. */
export function htmlToText(html: string): string {
  const bare = html.includes('<')
    ? html.replace(HIDDEN, ' ').replace(MARKUP, (_, tag?: string) => (tag && !BREAKING.test(tag) ? '' : ' '))
    : html;
  return collapse(bare.includes('&') ? decodeHTML(bare) : bare);
}

/** Entities decoded in text that should hold none but often does (titles escaped twice); no tag is touched. */
export function decodeStray(text: string): string {
  return collapse(text.includes('&') ? decodeHTML(text) : text);
}

export function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Plain text as HTML: blank lines make paragraphs, markup characters are escaped. */
export function textToHtml(text: string): string {
  const paragraphs = text
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  if (paragraphs.length <= 1) return escapeHtml(text.trim());
  return paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
}

/** An http(s) address resolved against a base, or null for anything else (javascript:, data:, ftp:, junk). */
export function resolveHttpUrl(href: string | null | undefined, base: string): string | null {
  const value = href?.trim();
  if (!value) return null;
  try {
    const url = new URL(value, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

const LINK_ATTRIBUTE = /(\s(?:href|src)\s*=\s*)(["'])([^"']*)\2/gi;
const ABSOLUTE = /^(?:[a-z][a-z0-9+.-]*:|#)/i;

/** HTML whose relative href and src values are resolved against `base`; absolute ones and fragments stay. */
export function resolveLinksInHtml(html: string, base: string): string {
  if (!html.includes('=')) return html;
  return html.replace(LINK_ATTRIBUTE, (whole, lead: string, quote: string, value: string) => {
    if (value === '' || ABSOLUTE.test(value.trim())) return whole;
    try {
      const resolved = new URL(decodeHTML(value.trim()), base).href;
      return `${lead}${quote}${escapeHtml(resolved)}${quote}`;
    } catch {
      return whole;
    }
  });
}
