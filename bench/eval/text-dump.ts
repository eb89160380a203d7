/**
 * HTML -> a whole-page plain-text dump, the way the corpus's `extraction/pages/*.txt` dumps look:
 * the `<title>` on the first line, then every visible text of the page (menus, footers and teasers
 * included), one line per block element, inline elements run together. It lets pages that come
 * only as HTML (readability/) test text-dump cleaning on pages its rules were never tuned on.
 */
import { Parser } from 'htmlparser2';
import { VOID_TAGS } from '../../src/articles/html/index.js';

/** Elements that start and end a line of their own. */
const BLOCK_TAGS: ReadonlySet<string> = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'body',
  'br',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hgroup',
  'hr',
  'html',
  'legend',
  'li',
  'main',
  'menu',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'select',
  'summary',
  'table',
  'tbody',
  'tfoot',
  'thead',
  'tr',
  'ul',
]);

/** Table cells and a menu's options: a row, or a drop-down menu, is one line of them. */
const CELL_TAGS: ReadonlySet<string> = new Set(['td', 'th', 'option']);

/** Elements whose text a reader never sees. */
const HIDDEN_TAGS: ReadonlySet<string> = new Set([
  'head',
  'script',
  'style',
  'noscript',
  'template',
  'math',
  'iframe',
  'object',
  'textarea',
]);

const WHITE_SPACE = /[\s\u00a0]+/g;

/** The page as a text dump: its title, then one line per block of visible text. */
export function htmlToTextDump(html: string): string {
  const lines: string[] = [];
  let title = '';
  let inTitle = 0;
  let hidden = 0;
  let buffer = '';
  const flush = () => {
    const line = buffer.replace(WHITE_SPACE, ' ').trim();
    if (line !== '') lines.push(line);
    buffer = '';
  };
  // tags still open, so a closing tag ends exactly the hidden and block elements it opened
  const open: string[] = [];
  const parser = new Parser(
    {
      onopentag(name, _attribs) {
        // the page's <title> heads the dump; an SVG's <title> (an icon's label) is a line of the page
        if (name === 'title' && !open.includes('svg')) inTitle++;
        else if (name === 'title') flush();
        // as in the corpus's dumps, text hidden by CSS is kept: only what no browser renders as text is left out
        const hides = HIDDEN_TAGS.has(name);
        if (BLOCK_TAGS.has(name)) flush();
        else if (CELL_TAGS.has(name)) buffer += ' ';
        if (VOID_TAGS.has(name)) return;
        open.push(name);
        if (hides) hidden++;
        hiddenOpen.push(hides);
      },
      ontext(text) {
        if (inTitle > 0 && title === '') title = text.replace(WHITE_SPACE, ' ').trim();
        else if (hidden === 0 && inTitle === 0) buffer += text;
      },
      onclosetag(name) {
        if (name === 'title' && inTitle > 0) inTitle--;
        else if (name === 'title') flush();
        if (BLOCK_TAGS.has(name)) flush();
        if (VOID_TAGS.has(name)) return;
        const at = open.lastIndexOf(name);
        if (at < 0) return;
        for (let i = open.length - 1; i >= at; i--) if (hiddenOpen[i]) hidden--;
        open.length = at;
        hiddenOpen.length = at;
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  const hiddenOpen: boolean[] = [];
  parser.end(html);
  flush();
  return [title, ...lines].filter((line) => line !== '').join('\n\n') + '\n';
}
