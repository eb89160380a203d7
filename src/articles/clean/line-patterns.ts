/**
 * Testing a line against many patterns at once (patterns.ts holds the patterns): one regex
 * pass per line where the patterns allow it, instead of one per pattern.
 */
import { matchExtent } from './regex-length.js';

/** `^.{0,N}` at the start of a whole-line pattern: its match may begin anywhere in the first N characters. */
const FLOATING_START = /^\^\.\{0,(\d+)\}/;
/** What `.` does not match: within [0, N) of a floating pattern, these make it fail. */
const LINE_BREAK = /[\n\r\u2028\u2029]/;

/** A whole-line pattern `^.{0,maxStart}rest`, tested as `rest` found no later than maxStart. */
interface FloatingPattern {
  rest: RegExp;
  maxStart: number;
  /** Lines longer than this cannot match (the rest must reach the line's end); Infinity when unknown. */
  maxLine: number;
}

function floatingPattern(rest: string, maxStart: number): FloatingPattern {
  const extent = matchExtent(rest);
  return { rest: new RegExp(rest, 'i'), maxStart, maxLine: extent.endsAtEnd ? maxStart + extent.max : Infinity };
}

/**
 * Whole-line patterns, each anchored at the start and case-insensitive; a line matches when one of
 * them does. Those that start at a fixed word are merged into one regex, tried once at the line's
 * start. Those that open with `.{0,N}` would have the merged regex try every start up to N (the
 * costliest part of cleaning a line), so each is run on its own as one forward scan for its rest:
 * the first place the rest matches is the only one that needs checking against N.
 */
export class LinePatterns {
  private readonly anchored: RegExp | null;
  private readonly floating: FloatingPattern[] = [];
  /** The longest line any floating pattern can match: longer lines skip them all at once. */
  private readonly longestFloating: number;

  constructor(patterns: readonly RegExp[]) {
    const anchored: string[] = [];
    for (const p of patterns) {
      if (!p.source.startsWith('^') || p.flags !== 'i') throw new Error(`line pattern must be /^.../i: ${p.source}`);
      const floating = FLOATING_START.exec(p.source);
      if (floating) this.floating.push(floatingPattern(p.source.slice(floating[0].length), Number(floating[1])));
      else anchored.push(p.source.slice(1));
    }
    this.anchored = anchored.length > 0 ? new RegExp(`^(?:${anchored.join('|')})`, 'i') : null;
    this.longestFloating = Math.max(-1, ...this.floating.map((p) => p.maxLine));
  }

  test(text: string): boolean {
    if (this.anchored?.test(text)) return true;
    return text.length <= this.longestFloating && this.testFloating(text);
  }

  /** Whether one of the floating patterns matches; an indexed loop, as this runs for most lines of a page. */
  private testFloating(text: string): boolean {
    for (let i = 0; i < this.floating.length; i++) {
      const { rest, maxStart, maxLine } = this.floating[i]!;
      if (text.length > maxLine) continue; // skips the scan of most paragraphs
      const found = rest.exec(text);
      if (found && found.index <= maxStart && !LINE_BREAK.test(text.slice(0, found.index))) return true;
    }
    return false;
  }
}

/** Phrase patterns (case-insensitive, unanchored) merged into one: one scan of a line, not one per phrase. */
export function anyPhraseOf(patterns: readonly RegExp[]): RegExp {
  for (const p of patterns) if (p.flags !== 'i') throw new Error(`phrase pattern must be /.../i: ${p.source}`);
  return new RegExp(patterns.map((p) => `(?:${p.source})`).join('|'), 'i');
}
