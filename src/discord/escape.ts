/** Makes untrusted article text safe to show in Discord: no markdown, no mentions, no masked links, nothing invisible. */
import { stripInvisible } from '../text-safety.js';

const ZERO_WIDTH_SPACE = '\u200b';

/** Escapes markdown so article text shows as written. */
export function escapeMarkdown(text: string): string {
  return (
    text
      .replace(/[\\*_~`|[\]()<>]/g, '\\$&')
      // Line starts Discord renders: headings (#, ##, ###), subtext (-#), list items (-, +); quotes
      // (>, >>>) and * items are escaped above. A marker that ends the text counts too (citations
      // may follow it). A backslash before a digit would show, so a numbered item's dot is escaped.
      .replace(/^(\s*)(#+|-#+|[-+])(?=\s|$)/gm, '$1\\$2')
      .replace(/^(\s*)(\d+)\.(?=\s|$)/gm, '$1$2\\.')
  );
}

/** Breaks mentions (@everyone, @here, <@id>, <#id>, <@&id>) so they render as plain text even if pinged. */
export function breakMentions(text: string): string {
  return text.replace(/@(everyone|here)/gi, `@${ZERO_WIDTH_SPACE}$1`).replace(/<(?=[@#/:]|a:|t:)/g, `<${ZERO_WIDTH_SPACE}`);
}

/** Text shown where Discord renders no markdown (embed footers, choices, labels): one line, nothing invisible. */
export function plainText(text: string): string {
  return stripInvisible(text).replace(/\s+/g, ' ').trim();
}

/** Article or user-supplied text, ready to place inside a message. Cut it after this, never before. */
export function safeText(text: string): string {
  return breakMentions(escapeMarkdown(plainText(text)));
}

/** A URL fit for a markdown link target: http(s) only, with characters that would end the link encoded. */
export function safeUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
    return parsed.href.replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  } catch {
    return null;
  }
}
