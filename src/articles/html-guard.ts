/** Guards the parser against pathological nesting: htmlparser2's open-element stack costs O(depth) per tag. */

/** Deeper than any real page; past it, extra opening tags (and as many closing tags) are dropped. */
export const MAX_NESTING = 400;

/** Tags that never nest (void) or that the parser closes implicitly, so they do not deepen the tree. */
const FLAT_TAGS: ReadonlySet<string> = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr',
  'keygen', 'p', 'li', 'td', 'th', 'tr', 'option', 'dt', 'dd', 'tbody', 'thead', 'tfoot', 'colgroup', 'optgroup',
]);

/** Elements whose content is raw text, skipped by the scan. */
const RAW_TEXT_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'plaintext']);

interface Tag {
  name: string;
  closing: boolean;
  selfClosing: boolean;
  end: number;
}

function isNameChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 45 || code === 58;
}

/** Reads the tag starting at `start` ("<"), or null when it is not a tag. */
function readTag(html: string, start: number): Tag | null {
  let i = start + 1;
  const closing = html.charCodeAt(i) === 47;
  if (closing) i++;
  const nameStart = i;
  while (i < html.length && isNameChar(html.charCodeAt(i))) i++;
  if (i === nameStart) return null;
  const name = html.slice(nameStart, i).toLowerCase();
  const gt = html.indexOf('>', i);
  const end = gt < 0 ? html.length : gt + 1;
  return { name, closing, selfClosing: gt > 0 && html.charCodeAt(gt - 1) === 47, end };
}

/** Where scanning resumes after a comment, or after a raw-text element's closing tag. */
function skipRawText(html: string, lower: () => string, index: number, tag: Tag | null): number {
  if (!tag) {
    if (!html.startsWith('<!--', index)) return -1;
    const close = html.indexOf('-->', index + 4);
    return close < 0 ? html.length : close + 3;
  }
  if (tag.closing || !RAW_TEXT_TAGS.has(tag.name)) return -1;
  const close = lower().indexOf(`</${tag.name}`, tag.end);
  if (close < 0) return html.length;
  const gt = html.indexOf('>', close);
  return gt < 0 ? html.length : gt + 1;
}

/** The page unchanged when its nesting is sane, else with the excess opening and closing tags removed. */
export function boundNesting(html: string, maxDepth = MAX_NESTING): string {
  let depth = 0;
  let dropped = 0;
  const kept: string[] = [];
  let copiedUpTo = 0;
  let lowered: string | null = null;
  const lower = () => (lowered ??= html.toLowerCase());
  let index = html.indexOf('<');
  while (index >= 0) {
    const tag = readTag(html, index);
    const resume = skipRawText(html, lower, index, tag);
    if (resume >= 0) {
      index = html.indexOf('<', resume);
      continue;
    }
    if (tag && !FLAT_TAGS.has(tag.name) && !tag.selfClosing) {
      let drop = false;
      if (!tag.closing) {
        drop = depth >= maxDepth;
        if (drop) dropped++;
        else depth++;
      } else if (dropped > 0) {
        drop = true;
        dropped--;
      } else if (depth > 0) depth--;
      if (drop) {
        kept.push(html.slice(copiedUpTo, index));
        copiedUpTo = tag.end;
      }
    }
    index = html.indexOf('<', tag ? tag.end : index + 1);
  }
  if (copiedUpTo === 0) return html;
  kept.push(html.slice(copiedUpTo));
  return kept.join('');
}
