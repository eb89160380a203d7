/** Guards the parser against pathological nesting: htmlparser2's open-element stack costs O(depth) per tag. */

/** Deeper than any real page; past it, extra opening tags (and as many closing tags) are dropped. */
export const MAX_NESTING = 400;

/** Void elements: they never hold text, and a parser sees no closing tag for them. */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
]);

/** Tags that never nest (void) or that the parser closes implicitly, so they do not deepen the tree. */
const FLAT_TAGS: ReadonlySet<string> = new Set([
  ...VOID_TAGS,
  'keygen',
  'p',
  'li',
  'td',
  'th',
  'tr',
  'option',
  'dt',
  'dd',
  'tbody',
  'thead',
  'tfoot',
  'colgroup',
  'optgroup',
]);

/** Elements whose content is raw text, skipped by the scan. */
const RAW_TEXT_TAGS: ReadonlySet<string> = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'plaintext']);

// One pass over tags and comments; a tag's attributes run to the next ">".
const TAG = /<(\/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>|<!--[\s\S]*?(?:-->|$)/g;

/** The page unchanged when its nesting is sane, else with the excess opening and closing tags removed. */
export function boundNesting(html: string, maxDepth = MAX_NESTING): string {
  let depth = 0;
  let dropped = 0;
  const kept: string[] = [];
  let copiedUpTo = 0;
  let lowered: string | null = null;
  const tag = new RegExp(TAG.source, 'g');
  for (let match = tag.exec(html); match; match = tag.exec(html)) {
    const rawName = match[2];
    if (rawName === undefined) continue;
    const name = rawName.toLowerCase();
    const closing = match[1] === '/';
    if (!closing && RAW_TEXT_TAGS.has(name)) {
      lowered ??= html.toLowerCase();
      const close = lowered.indexOf(`</${name}`, tag.lastIndex);
      tag.lastIndex = close < 0 ? html.length : close;
      continue;
    }
    if (FLAT_TAGS.has(name) || match[0].endsWith('/>')) continue;
    let drop = false;
    if (!closing) {
      drop = depth >= maxDepth;
      if (drop) dropped++;
      else depth++;
    } else if (dropped > 0) {
      drop = true;
      dropped--;
    } else if (depth > 0) depth--;
    if (drop) {
      kept.push(html.slice(copiedUpTo, match.index));
      copiedUpTo = tag.lastIndex;
    }
  }
  if (copiedUpTo === 0) return html;
  kept.push(html.slice(copiedUpTo));
  return kept.join('');
}
