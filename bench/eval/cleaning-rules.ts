/**
 * A leave-some-out view of text-dump cleaning on the dev pages: how F1 spreads over pages, and on
 * how many pages each rule marks a line. A rule that marks lines on one or two pages only was
 * probably fitted to them; one that marks lines the true body keeps costs recall.
 */
import {
  BOILERPLATE_LINES,
  BOILERPLATE_PHRASES,
  CALL_TO_ACTION_MAX_LENGTH,
  CALL_TO_ACTION_PHRASES,
  CAPTION_CREDIT,
  CAPTION_LABELLED_CREDIT,
  CAPTION_NAMED_CREDIT,
  CAPTION_TRAILING_CREDIT,
  describeLines,
  END_OF_ARTICLE_LINES,
  findBody,
  HOVER_CARD,
  headlineProbe,
  isBylineLine,
  isDateLine,
  LENGTH,
  PHRASE_MAX_LENGTH,
  splitLines,
  splitPageTitle,
  WIRE_OPENER,
} from '../../src/articles/clean/index.js';
import { scoresFromCounts, shingleMatch } from './shingles.js';

export interface RuleFirings {
  rule: string;
  pages: number;
  pagesHittingBody: number;
  lines: number;
  bodyLines: number;
}

interface Rule {
  name: string;
  marks: (text: string) => boolean;
}

/** A short label for a pattern: its source, cut. */
function label(kind: string, pattern: RegExp): string {
  const source = pattern.source.replace(/^\^/, '');
  return `${kind}: ${source.length > 48 ? `${source.slice(0, 45)}...` : source}`;
}

const PATTERN_RULES: readonly Rule[] = [
  ...BOILERPLATE_LINES.map((p) => ({
    name: label('furniture line', p),
    marks: (t: string) => t.length <= LENGTH.maxPatternCheck && p.test(t),
  })),
  ...END_OF_ARTICLE_LINES.map((p) => ({
    name: label('end of article', p),
    marks: (t: string) => t.length <= LENGTH.maxPatternCheck && p.test(t),
  })),
  ...BOILERPLATE_PHRASES.map((p) => ({
    name: label('notice phrase', p),
    marks: (t: string) => t.length <= PHRASE_MAX_LENGTH && p.test(t),
  })),
  ...CALL_TO_ACTION_PHRASES.map((p) => ({
    name: label('pitch phrase', p),
    marks: (t: string) => t.length <= CALL_TO_ACTION_MAX_LENGTH && p.test(t),
  })),
  { name: 'caption credit "(Image: ...)"', marks: (t) => /\)\.?$/.test(t) && CAPTION_CREDIT.test(t.slice(-82)) },
  {
    name: 'caption credit "... Jane Doe / Reuters"',
    marks: (t) => t.length <= PHRASE_MAX_LENGTH && CAPTION_TRAILING_CREDIT.test(t.slice(-80)),
  },
  {
    name: 'caption credit "... Credit: STR/AFP"',
    marks: (t) => t.length <= PHRASE_MAX_LENGTH && CAPTION_LABELLED_CREDIT.test(t.replace(/\.$/, '').slice(-80)),
  },
  {
    name: 'caption credit "(Jane Doe / The Post)"',
    marks: (t) => /\)\.?$/.test(t) && CAPTION_NAMED_CREDIT.test(t.replace(/\.$/, '').slice(-80)),
  },
  { name: 'dateline', marks: isDateLine },
  { name: 'byline line', marks: isBylineLine },
  { name: 'hover card (cut from a line)', marks: (t) => new RegExp(HOVER_CARD.source, 'u').test(t) },
  { name: 'wire opener (cut from a line)', marks: (t) => WIRE_OPENER.test(t) },
];

/** Lower-cased with white space collapsed, for finding a line in the truth body. */
function normalise(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/** Whether a dump line is part of the true body: one of its paragraphs, or (long enough to be unambiguous) inside one. */
function inTruth(line: string, truthLines: ReadonlySet<string>, truth: string): boolean {
  const text = normalise(line);
  return truthLines.has(text) || (text.length >= 30 && truth.includes(text));
}

class Tally {
  readonly counts = new Map<string, RuleFirings>();

  add(rule: string, onPage: { lines: number; bodyLines: number }): void {
    if (onPage.lines === 0) return;
    const entry = this.counts.get(rule) ?? { rule, pages: 0, pagesHittingBody: 0, lines: 0, bodyLines: 0 };
    entry.pages++;
    if (onPage.bodyLines > 0) entry.pagesHittingBody++;
    entry.lines += onPage.lines;
    entry.bodyLines += onPage.bodyLines;
    this.counts.set(rule, entry);
  }
}

/** Per rule: dev pages and lines it marks, and how many of those the truth keeps. */
export function cleaningRuleFirings(pages: readonly { text: string; truth: string }[]): RuleFirings[] {
  const tally = new Tally();
  for (const page of pages) {
    const texts = splitLines(page.text);
    const truth = normalise(page.truth);
    const truthLines = new Set(page.truth.split('\n').map(normalise));
    const count = (marks: (i: number) => boolean) => {
      let lines = 0;
      let bodyLines = 0;
      texts.forEach((text, i) => {
        if (!marks(i)) return;
        lines++;
        if (inTruth(text, truthLines, truth)) bodyLines++;
      });
      return { lines, bodyLines };
    };
    for (const rule of PATTERN_RULES)
      tally.add(
        rule.name,
        count((i) => rule.marks(texts[i]!)),
      );
    const lines = describeLines(texts);
    const body = findBody(lines, headlineProbe(splitPageTitle(lines[0]?.text).headline));
    tally.add(
      'title case (not prose)',
      count((i) => lines[i]!.titleCase),
    );
    tally.add(
      'repeated on the page',
      count((i) => lines[i]!.repeated),
    );
    tally.add(
      'prose line outside the body run',
      count((i) => lines[i]!.prose && (i < body.start || i >= body.end)),
    );
    tally.add(
      'short or sparse line inside the run (kept)',
      count((i) => i >= body.start && i < body.end && !lines[i]!.prose && !lines[i]!.furniture),
    );
  }
  return [...tally.counts.values()].sort((a, b) => b.pages - a.pages);
}

/** Quantiles of per-page F1 and the pages below 0.8, e.g. "min 0.41, p10 0.78, median 0.97; 6 of 45 below 0.8". */
export function perPageSpread(truth: ReadonlyMap<string, string>, output: ReadonlyMap<string, string>): string {
  const f1s = [...truth].map(([id, body]) => scoresFromCounts([shingleMatch(body, output.get(id) ?? '')]).f1).sort((a, b) => a - b);
  const at = (q: number) => f1s[Math.min(f1s.length - 1, Math.floor(q * f1s.length))]!.toFixed(2);
  const low = f1s.filter((f) => f < 0.8).length;
  return `min ${at(0)}, p10 ${at(0.1)}, p25 ${at(0.25)}, median ${at(0.5)}; ${low} of ${f1s.length} below 0.8`;
}
