/** Where a claim puts its names (ADR 18): the words that place each name, names side by side, names made of parts of two. */
import { CUE_VERBS } from '../../articles/quotes/index.js';
import { type ActorVerdict, actorsBefore, DIGITS, type NameSpan, nameSpans, overlaps, type Token } from './claim-facts.js';
import { COORDINATORS } from './claim-words.js';

/**
 * A name with the word that places it: the content word just before it ("a dip at AOL") or just after it
 * ("the USA was 13th"), and the placing word beyond that one, when there is one ("59 litres in France").
 */
export interface NameSlot {
  stems: Set<string>;
  word: string;
  beyond: string | null;
  side: 'before' | 'after';
}

function placesName(t: Token): boolean {
  return t.plain || CUE_VERBS.has(t.lower) || DIGITS.test(t.lower);
}

/** The next placing word from `from`, stepping by `step` across at most three function words in the clause. */
function placingWord(tokens: readonly Token[], from: number, step: 1 | -1): number | null {
  for (let i = from, n = 0; i >= 0 && i < tokens.length && n < 5; i += step, n++) {
    const t = tokens[i]!;
    // "Austin Custodio, 21, of": an age or count after a comma still places the name; "the largest port, Rotterdam," an appositive.
    if (t.lower === ',' && n === 0 && step === 1 && tokens[i + 1] && DIGITS.test(tokens[i + 1]!.lower)) continue;
    if (t.lower === ',' && n === 0 && step === -1 && tokens[from + 2]?.lower === ',') continue;
    if (t.break || t.name || t.negation || (step === 1 && COORDINATORS.has(t.lower))) return null;
    if (placesName(t)) return i;
  }
  return null;
}

/** Each name's placing words, in its clause. Times count: "on Friday" places a date. */
export function nameSlots(tokens: readonly Token[]): NameSlot[] {
  const out: NameSlot[] = [];
  for (const span of nameSpans(tokens, true)) {
    const before = placingWord(tokens, span.start - 1, -1);
    if (before !== null) {
      const beyond = placingWord(tokens, before - 1, -1);
      out.push({ stems: span.stems, word: tokens[before]!.stem, beyond: beyond === null ? null : tokens[beyond]!.stem, side: 'before' });
    }
    const after = placingWord(tokens, span.end, 1);
    if (after !== null) {
      const beyond = placingWord(tokens, after + 1, 1);
      out.push({ stems: span.stems, word: tokens[after]!.stem, beyond: beyond === null ? null : tokens[beyond]!.stem, side: 'after' });
    }
  }
  return out;
}

/** The names placed by the word at `j` on one side, within four tokens of it in its clause (names joined by "and" together). */
function namesPlacedBy(tokens: readonly Token[], spans: readonly NameSpan[], j: number, side: 'before' | 'after'): Set<string> | null {
  if (side === 'before') {
    const k = spans.findIndex((s) => s.start > j && s.start <= j + 5);
    if (k < 0) return null;
    const next = spans[k]!;
    const between = tokens.slice(j + 1, next.start);
    const appositive = between.length === 1 && between[0]!.lower === ',' && tokens[next.end]?.lower === ',';
    if (!appositive && between.some((t) => t.break || t.name)) return null;
    // "a letter to Iran's Supreme Leader Ayatollah Ali Khamenei": the possessor and the one it names together.
    const stems = new Set(next.stems);
    for (let m = k; m + 1 < spans.length && spans[m + 1]!.start === spans[m]!.end && tokens[spans[m]!.end - 1]!.lower.endsWith("'s"); m++) {
      for (const st of spans[m + 1]!.stems) stems.add(st);
    }
    return stems;
  }
  const acting = actorsBefore(tokens, spans, j);
  if (!acting || acting.end < j - 4) return null;
  const between = tokens.slice(acting.end, j);
  const ageOrCount = between.length === 1 && between[0]!.lower === ',' && DIGITS.test(tokens[j]!.lower);
  if (!ageOrCount && between.some((t) => t.break || t.name)) return null;
  return acting.stems;
}

/**
 * Whether the source puts another name where the claim puts this one: by the same placing word (and the
 * same word beyond it, where both have one), on the same side, in the same clause. 'agrees' when some
 * place holds this name, 'differs' when every such place holds another.
 */
export function slotInSource(slot: NameSlot, tokens: readonly Token[]): ActorVerdict {
  const spans = nameSpans(tokens, true);
  let differs = false;
  for (let j = 0; j < tokens.length; j++) {
    if (tokens[j]!.stem !== slot.word) continue;
    if (slot.beyond !== null) {
      const beyond = slot.side === 'before' ? placingWord(tokens, j - 1, -1) : placingWord(tokens, j + 1, 1);
      if (beyond !== null && tokens[beyond]!.stem !== slot.beyond) continue;
    }
    const placed = namesPlacedBy(tokens, spans, j, slot.side);
    if (placed === null) return 'not found';
    if (overlaps(placed, slot.stems)) return 'agrees';
    differs = true;
  }
  return differs ? 'differs' : 'not found';
}

/** Pairs of names close together in a clause, in reading order ("Steck of Switzerland": Steck, Switzerland). */
export function namePairs(tokens: readonly Token[]): [Set<string>, Set<string>][] {
  const spans = nameSpans(tokens, true);
  const out: [Set<string>, Set<string>][] = [];
  for (let k = 0; k + 1 < spans.length; k++) {
    const a = spans[k]!;
    const b = spans[k + 1]!;
    const between = tokens.slice(a.end, b.start);
    if (between.length > 4 || between.some((t) => COORDINATORS.has(t.lower) && t.lower !== ',')) continue;
    // Side by side ("Steck of Switzerland"), or an appositive that relates them ("Steve Ash, from Activcard").
    const appositive = between.length >= 2 && between[0]!.lower === ',' && !between.slice(1).some((t) => t.break);
    if (appositive || (between.length <= 3 && !between.some((t) => t.break))) out.push([a.stems, b.stems]);
  }
  return out;
}

/** True when the source has the two names close together the other way round, and never this way. */
export function pairReversed(pair: [Set<string>, Set<string>], tokens: readonly Token[]): boolean {
  let reversed = false;
  for (const [a, b] of namePairs(tokens)) {
    if (overlaps(a, pair[0]) && overlaps(b, pair[1])) return false;
    if (overlaps(a, pair[1]) && overlaps(b, pair[0])) reversed = true;
  }
  return reversed;
}

/** A claim name made of parts of two names in the source ("GM LaNeve" from "Mark LaNeve, GM's ..."): no one source name holds all its parts. */
export function mixesNames(tokens: readonly Token[], sources: readonly (readonly Token[])[]): boolean {
  const sourceSpans = sources.flatMap((t) => nameSpans(t, true));
  for (const span of nameSpans(tokens, true)) {
    if (span.stems.size < 2) continue;
    const parts = [...span.stems].filter((s) => sourceSpans.some((x) => x.stems.has(s)));
    if (parts.length < 2) continue;
    if (!sourceSpans.some((x) => parts.every((p) => x.stems.has(p)))) return true;
  }
  return false;
}
