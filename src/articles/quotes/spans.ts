/** Finding runs of text inside double quotation marks, across curly, straight and mismatched marks. */

/** A piece of a quote inside one paragraph: [start, end) excludes the marks. */
export interface QuotePart {
  paragraph: number;
  start: number;
  end: number;
}

/** A run of quoted text, possibly continued over several paragraphs. */
export interface QuoteSpan {
  parts: QuotePart[];
  /** Offset of the opening mark in the first part's paragraph. */
  open: number;
  /** Offset just past the closing mark in the last part's paragraph (the paragraph's end when unclosed). */
  close: number;
  closed: boolean;
}

type MarkRole = 'open' | 'close' | 'either';

const OPENING_MARKS = new Set(['“', '„', '«', '‟']);
const CLOSING_MARKS = new Set(['”', '»']);
const NEUTRAL_MARKS = new Set(['"', '″']);
const ANY_MARK = /[“„«‟”»"″]/g;
// Characters after which a mark starts something: the mark "leans right".
const LEFT_BOUNDARY = /[\s([{\u2014\u2013\-/‘'“"]/;
// Characters before which a mark ends something: the mark "leans left".
const RIGHT_BOUNDARY = /[\s.,;:!?)\]}\u2014\u2013\-/’'”"…]/;

function isQuoteMark(ch: string): boolean {
  return OPENING_MARKS.has(ch) || CLOSING_MARKS.has(ch) || NEUTRAL_MARKS.has(ch);
}

/** Decides whether a mark opens or closes from its glyph, overridden by what surrounds it (typists mix marks up). */
function classifyMark(text: string, i: number, firstChar = text.search(/\S/)): MarkRole {
  const ch = text[i] ?? '';
  const before = i > 0 ? (text[i - 1] ?? '') : '';
  const after = text[i + 1] ?? '';
  const leftFlank = before === '' || LEFT_BOUNDARY.test(before);
  const rightFlank = after === '' || RIGHT_BOUNDARY.test(after);
  const looksOpening = leftFlank && !rightFlank;
  const looksClosing = rightFlank && !leftFlank;
  if (i === firstChar) return 'open'; // a paragraph opening with any mark opens a quote
  if (OPENING_MARKS.has(ch)) return looksClosing ? 'close' : 'open';
  if (CLOSING_MARKS.has(ch)) return looksOpening ? 'open' : 'close';
  if (looksOpening) return 'open';
  if (looksClosing) return 'close';
  return 'either';
}

/** True when the paragraph starts (after spaces) with an opening mark: it continues an unclosed quote. */
function opensWithMark(text: string): number {
  const i = text.search(/\S/);
  if (i < 0) return -1;
  const ch = text[i] ?? '';
  return isQuoteMark(ch) && classifyMark(text, i, i) !== 'close' ? i : -1;
}

/** Finds every run inside double quotation marks, joining a quote that runs on into the next paragraph. */
export function findQuoteSpans(paragraphs: readonly string[]): QuoteSpan[] {
  const spans: QuoteSpan[] = [];
  let current: QuoteSpan | null = null;
  for (let p = 0; p < paragraphs.length; p++) {
    const text = paragraphs[p] ?? '';
    let from = 0;
    if (current) {
      const cont = opensWithMark(text);
      if (cont < 0) {
        current = null; // an unclosed quote not continued: it ended with its paragraph
      } else {
        current.parts.push({ paragraph: p, start: cont + 1, end: text.length });
        from = cont + 1;
      }
    }
    const firstChar = text.search(/\S/);
    ANY_MARK.lastIndex = from;
    for (let m = ANY_MARK.exec(text); m; m = ANY_MARK.exec(text)) {
      const i = m.index;
      const role = classifyMark(text, i, firstChar);
      if (!current) {
        if (role === 'close') continue; // a stray closing mark
        current = { parts: [{ paragraph: p, start: i + 1, end: text.length }], open: i, close: text.length, closed: false };
        spans.push(current);
      } else {
        const part = current.parts[current.parts.length - 1];
        if (part) part.end = i;
        current.close = i + 1;
        current.closed = true;
        current = null;
      }
    }
    if (current) current.close = text.length;
  }
  return spans;
}

/** The quoted words of a span, parts trimmed and joined with a space. */
export function spanText(paragraphs: readonly string[], span: QuoteSpan): string {
  let text = '';
  for (const part of span.parts) {
    const piece = (paragraphs[part.paragraph] ?? '').slice(part.start, part.end).trim();
    if (piece.length === 0) continue;
    text = text.length === 0 ? piece : `${text} ${piece}`;
  }
  return text;
}
