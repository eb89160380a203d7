/** Direct quotes in an article body and who said them. */

import type { Quote } from '../model.js';
import { EM_DASH, EN_DASH } from '../text/index.js';
import { sentenceSpeaker, speakerAfter, speakerBefore, speakerBeforeIn } from './attribution.js';
import { latestSubject, pronounGoesOn } from './back-references.js';
import { CUE_VERBS } from './cues.js';
import { clauseSubjectIn, sentenceSubject } from './sentence-subject.js';
import { findQuoteSpans, type QuoteSpan, spanText } from './spans.js';
import { resolveSpeaker } from './speaker-names.js';
import type { SpeakerPhrase } from './speaker-phrase.js';
import { type Stretch, sentenceStart, stretchOf } from './speaker-tokens.js';
import { type Cast, collectCast } from './speakers.js';
import { hasWords, isTerm } from './terms.js';

// How many paragraphs back an unattributed quote may inherit the last speaker.
const SPEAKER_CARRY_PARAGRAPHS = 1;
// How many paragraphs back "he said" may go on with the last speaker when no one else is named in between.
const PRONOUN_CARRY_PARAGRAPHS = 2;
const THE_STATEMENT = /^the (?:statement|letter|release|memo|email|e-mail)$/i;
const DESCRIBED = /^(?:(?:a|an|one|another|the)\s+\p{Ll}+|\p{Ll}+ \p{Lu}+)$/u;

interface Context {
  paragraphs: readonly string[];
  /** Everyone the article names, once castOf has collected it. */
  cast: Cast | null;
  /** Offset of each paragraph in the article (paragraphs joined by "\n"). */
  starts: number[];
  spans: readonly QuoteSpan[];
}

/**
 * The article's cast, collected the first time a speaker is resolved: collecting it is most of the
 * work, and an article whose quotation marks hold only terms never needs it.
 */
function castOf(ctx: Context): Cast {
  return (ctx.cast ??= collectCast(ctx.paragraphs, ctx.spans));
}

function paragraphStarts(paragraphs: readonly string[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const p of paragraphs) {
    starts.push(offset);
    offset += p.length + 1;
  }
  return starts;
}

/** Whether the words after the closing mark can still belong to the quote's sentence. */
function continuesSentence(text: string, after: string): boolean {
  if (!text.trimEnd().endsWith('.')) return true;
  return /^[\s,;—–-]*\p{Ll}/u.test(after) || isBareAttribution(after);
}

// "“... in November.” Kim said.": a sentence of a name and a verb of saying only attributes the quote before it.
const BARE_ATTRIBUTION = /^\s+(?:\p{Lu}[\p{L}’'.-]*\s+){1,3}(\p{Ll}+)\.(?:\s|$)/u;

function isBareAttribution(after: string): boolean {
  const cue = BARE_ATTRIBUTION.exec(after)?.[1];
  return cue !== undefined && CUE_VERBS.has(cue);
}

/** The speaker of the quote before, the paragraph it ended in and its closing mark's article offset. */
interface Previous {
  speaker: string;
  paragraph: number;
  at: number;
}

/** A speaker phrase and the article offset its pronoun or title looks back from. */
interface Located {
  phrase: string;
  at: number;
  /** Who the phrase names, when finding it took resolving it already. */
  speaker?: string;
}

/** The quote's sentence up to its opening mark, tokenized when first asked for and then shared. */
function leadingStretch(ctx: Context, span: QuoteSpan, floor: number): () => Stretch {
  let stretch: Stretch | undefined;
  return () => {
    const text = ctx.paragraphs[span.parts[0]?.paragraph ?? 0] ?? '';
    return (stretch ??= stretchOf(text, sentenceStart(text, span.open, floor), span.open));
  };
}

/** The speaker phrase next to a quote: after it ("...," X said), else before it (X said: "..."). */
function findSpeakerPhrase(ctx: Context, span: QuoteSpan, text: string, leading: () => Stretch): Located | null {
  const first = span.parts[0];
  const last = span.parts[span.parts.length - 1];
  if (!first || !last) return null;
  // "he" after a quote points before the quote: names inside the quote are not its speaker.
  const quoteStart = ctx.starts[first.paragraph]! + span.open;
  const lastText = ctx.paragraphs[last.paragraph] ?? '';
  if (span.closed && continuesSentence(text, lastText.slice(span.close, span.close + 40))) {
    const after = speakerAfter(lastText, pastQuotedList(lastText, span.close));
    const speaker = after && resolveSpeaker(after.phrase, quoteStart, castOf(ctx), true);
    if (after && speaker) return { phrase: after.phrase, at: quoteStart, speaker };
    // "..., according to state TV": a source described in lower case names no one, and no one else either.
    if (after && DESCRIBED.test(after.phrase)) return { phrase: after.phrase, at: quoteStart };
  }
  const before = speakerBeforeIn(leading());
  return before ? locate(ctx, before, first.paragraph) : null;
}

// "“the ultimate crisis” and “a scandal,” Howard Dean said": quotes joined by "and", "or" or a comma share the speaker after the last.
// "“...” and not a “...,” Price said": a few lower-case words may follow the "and".
const JOINED_QUOTE = /^\s*,?\s*(?:(?:and|or|but)(?: \p{Ll}+){0,5} )?\s*[“"]/u;
const MAX_JOINED_QUOTES = 3;

/** Where the speaker after a quote is looked for: past the quotes that go on with it in a list. */
function pastQuotedList(text: string, from: number): number {
  let at = from;
  for (let hop = 0; hop < MAX_JOINED_QUOTES; hop++) {
    const joined = JOINED_QUOTE.exec(text.slice(at, at + 50));
    if (!joined) break;
    const close = text.slice(at + joined[0].length, at + joined[0].length + 200).search(/[”"]/);
    if (close < 0) break;
    at += joined[0].length + close + 1;
  }
  return at;
}

function locate(ctx: Context, found: SpeakerPhrase, paragraph: number): Located {
  return { phrase: found.phrase, at: ctx.starts[paragraph]! + found.index };
}

/** The speaker set up at the end of the previous paragraph: `Clinton said in a statement:` */
function speakerIntroduced(ctx: Context, paragraph: number): Located | null {
  const prev = ctx.paragraphs[paragraph - 1];
  if (prev === undefined || !prev.trimEnd().endsWith(':')) return null;
  const end = prev.trimEnd().length - 1;
  const start = sentenceStart(prev, end, 0);
  // "..., Mayor Ruth Okafor released the following statement:": with no verb of saying, the sentence's subject.
  const found = speakerBefore(prev, start, end) ?? introducingSubject(prev, start, end);
  return found ? locate(ctx, found, paragraph - 1) : null;
}

/** The subject of a sentence introducing a quote, followed by its verb: "Wait, it gets better:" has none. */
function introducingSubject(text: string, start: number, end: number): SpeakerPhrase | null {
  const subject = sentenceSubject(text, start, end);
  return subject && text[subject.index + subject.phrase.length] === ' ' ? subject : null;
}

// "- Bernie Sanders.", "—President Obama, tweeting after the speech": a dash, then the name, up to a comma or full stop.
const CREDIT_LINE = /^\s*[-—–]+\s*(\p{Lu}[^,.;:(]*)/u;

/** The speaker credited in the paragraph after a quote that ends its own, as fact-checks and notebooks print them. */
function creditLine(ctx: Context, span: QuoteSpan): Located | null {
  const last = span.parts[span.parts.length - 1];
  if (!last || !span.closed) return null;
  const rest = (ctx.paragraphs[last.paragraph] ?? '').slice(span.close);
  // "“...” — Jon Cryer, on his upset victory": the credit on the quote's own line.
  const inline = rest.length > 2 && (rest.charCodeAt(1) === EM_DASH || rest.charCodeAt(1) === EN_DASH) ? CREDIT_LINE.exec(rest) : null;
  if (inline?.[1]) return { phrase: inline[1], at: ctx.starts[last.paragraph]! + span.close + inline[0].length - inline[1].length };
  if (/[^\s.,]/.test(rest)) return null;
  const next = ctx.paragraphs[last.paragraph + 1];
  const credit = next === undefined ? null : CREDIT_LINE.exec(next);
  if (!credit?.[1]) return null;
  return { phrase: credit[1], at: ctx.starts[last.paragraph + 1]! + credit[0].length - credit[1].length };
}

// Words a credit line may hold in lower case: "Dean Baker, Center for Economic and Policy Research".
const CREDIT_SMALL_WORDS = new Set(['of', 'for', 'and', 'the', 'at', 'on', 'in', 'de']);
const MAX_CREDIT_WORDS = 10;

/**
 * A name and affiliation closing a quote on a paragraph of their own: inside the marks ("... here. / S.C. Rep. Jim
 * Clyburn.”"), or ending with the closing mark after a quote left open ("Dean Baker, Center for Economic and Policy Research.”").
 */
function creditInside(ctx: Context, span: QuoteSpan): Located | null {
  const last = span.parts[span.parts.length - 1];
  if (!last) return null;
  let paragraph = last.paragraph;
  let credit: string;
  if (span.closed) {
    if (span.parts.length < 2) return null;
    credit = (ctx.paragraphs[paragraph] ?? '').slice(last.start, last.end);
  } else {
    const next = ctx.paragraphs[++paragraph] ?? '';
    if (!/[”"]\s*$/.test(next)) return null;
    credit = next.trimEnd().slice(0, -1);
  }
  const name = credit.trim().replace(/\.$/, '');
  const words = name.split(/\s+/);
  if (words.length > MAX_CREDIT_WORDS || !words.every((w) => /^[\p{Lu}(]/u.test(w) || CREDIT_SMALL_WORDS.has(w))) return null;
  return { phrase: name.split(',')[0] ?? name, at: ctx.starts[paragraph]! };
}

/** Decides who said a quote: the phrase beside it, a speaker introduced just before, or the last speaker nearby. */
function attributeSpeaker(ctx: Context, span: QuoteSpan, text: string, floor: number, previous: Previous | null): string | null {
  const paragraph = span.parts[0]?.paragraph ?? 0;
  const leading = leadingStretch(ctx, span, floor);
  const phrase =
    findSpeakerPhrase(ctx, span, text, leading) ?? creditLine(ctx, span) ?? creditInside(ctx, span) ?? speakerIntroduced(ctx, paragraph);
  if (phrase) {
    // "“...,” Trump said. / “...,” he tweeted": with no one else named since, the one quoted last goes on speaking.
    const near = previous && paragraph - previous.paragraph <= PRONOUN_CARRY_PARAGRAPHS;
    if (near && pronounGoesOn(phrase.phrase, previous.speaker, previous.at, phrase.at, castOf(ctx))) return previous.speaker;
    const speaker = phrase.speaker ?? resolveSpeaker(phrase.phrase, phrase.at, castOf(ctx));
    // "“...,” the tech giant said in a statement. / “...,” the statement said": the statement of the one quoted just before.
    if (speaker && THE_STATEMENT.test(speaker) && previous && paragraph - previous.paragraph <= SPEAKER_CARRY_PARAGRAPHS)
      return previous.speaker;
    if (speaker) return speaker;
    // "a commuter told reporters": someone described and not named is nobody else either.
    if (DESCRIBED.test(phrase.phrase)) return null;
  }
  const firstText = ctx.paragraphs[paragraph] ?? '';
  const sentence = leading();
  if (hasWords(sentence.window, 2)) {
    // A quote inside a sentence with no verb of saying: the sentence's subject ("Carson called it ...").
    const subject = clauseSubjectIn(sentence);
    const speaker = subject && resolveSpeaker(subject.phrase, ctx.starts[paragraph]! + subject.index, castOf(ctx));
    if (speaker) return speaker;
  }
  // A quote opening a sentence after "Bystrom agreed." or "Coan argues that ...": that sentence's speaker,
  const before = hasWords(sentence.window, 2) ? null : speakerOfSentenceBefore(ctx, paragraph, sentence.start, floor, previous);
  if (before) return before;
  // a quote standing alone continues the speaker of the quote just before it,
  if (previous && paragraph - previous.paragraph <= SPEAKER_CARRY_PARAGRAPHS) return previous.speaker;
  // or comes from the person the paragraph before was about ("Valastro praised Christie. / “We need ...”").
  if (paragraph > 0 && span.open === firstText.search(/\S/)) {
    const about = latestSubject(castOf(ctx), ctx.starts[paragraph - 1]!, ctx.starts[paragraph]!);
    if (about) return about.name;
    // or from the speaker of its last sentence ("Jones, a pollster, argued that the race was close. / “...”")
    const prev = ctx.paragraphs[paragraph - 1] ?? '';
    return speakerOfSentenceBefore(ctx, paragraph - 1, prev.length, 0);
  }
  return null;
}

/** The speaker of the sentence before `start` in the same paragraph, when it holds a verb of saying. */
function speakerOfSentenceBefore(ctx: Context, paragraph: number, start: number, floor: number, previous?: Previous | null): string | null {
  const text = ctx.paragraphs[paragraph] ?? '';
  let end = start;
  while (end > floor && /\s/.test(text[end - 1] ?? '')) end--;
  if (end <= floor) return null;
  const from = sentenceStart(text, end - 1, floor);
  const found = sentenceSpeaker(text, from, end);
  if (!found) return null;
  const at = ctx.starts[paragraph]! + found.index;
  // "“...,” he tweeted. “...”": the "he" of the sentence before goes on with the quote before it.
  if (previous?.paragraph === paragraph && pronounGoesOn(found.phrase, previous.speaker, previous.at, at, castOf(ctx)))
    return previous.speaker;
  return resolveSpeaker(found.phrase, at, castOf(ctx));
}

/** The speaker named right after a short quote ("“It's fine,” Trump said."), who likely goes on speaking. */
function shortQuoteSpeaker(ctx: Context, span: QuoteSpan, text: string): string | null {
  const last = span.parts[span.parts.length - 1];
  if (!last || !span.closed || !/[,!?]/.test(text.trimEnd().slice(-1))) return null;
  const after = speakerAfter(ctx.paragraphs[last.paragraph] ?? '', span.close);
  return after ? resolveSpeaker(after.phrase, ctx.starts[span.parts[0]?.paragraph ?? 0]! + span.open, castOf(ctx)) : null;
}

function withoutTrailingComma(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed.endsWith(',') ? trimmed.slice(0, -1).trimEnd() : trimmed;
}

/** Finds the direct quotes of an article body, in order, each with its speaker when one can be named. */
export function extractQuotes(paragraphs: string[]): Quote[] {
  const spans = findQuoteSpans(paragraphs);
  if (spans.length === 0) return [];
  const ctx: Context = { paragraphs, cast: null, starts: paragraphStarts(paragraphs), spans };
  const quotes: Quote[] = [];
  let previous: Previous | null = null;
  let floor = { paragraph: -1, offset: 0 };
  for (const span of spans) {
    const first = span.parts[0];
    const last = span.parts[span.parts.length - 1];
    if (!first || !last) continue;
    const text = spanText(paragraphs, span);
    if (isTerm(paragraphs, span, text)) {
      const said = shortQuoteSpeaker(ctx, span, text);
      if (said) previous = { speaker: said, paragraph: last.paragraph, at: ctx.starts[last.paragraph]! + span.close };
      continue;
    }
    const sentenceFloor = floor.paragraph === first.paragraph ? floor.offset : 0;
    floor = { paragraph: last.paragraph, offset: span.close };
    const speaker = attributeSpeaker(ctx, span, text, sentenceFloor, previous);
    if (speaker) previous = { speaker, paragraph: last.paragraph, at: ctx.starts[last.paragraph]! + span.close };
    // The comma before the closing mark stands in for the speaker's full stop: not part of the words.
    quotes.push({ text: withoutTrailingComma(text), speaker, paragraph: first.paragraph });
  }
  return quotes;
}
