/**
 * The claim check (ADR 18): a sentence a model wrote is aligned to the sentence of its cited articles that
 * says the same (or two it fuses), and holds only when those sentences give every name, number and date
 * it gives, the same actor for what is done or said, and the same polarity (no "not" added or dropped,
 * no verb turned into its opposite). Paraphrase passes: shortened, reordered, fused, a few words changed.
 */
import { splitSentences } from '../../articles/sentences.js';
import { createStemmer, normaliseForMatch, type Stemmer, type SummarizableArticle } from '../common/index.js';
import {
  actorClaims,
  actorInSource,
  addToVocabulary,
  negates,
  negationTarget,
  readSentence,
  type SentenceClaims,
  type Token,
  type Vocabulary,
} from './claim-facts.js';
import { mixesNames, namePairs, nameSlots, pairReversed, slotInSource } from './claim-places.js';
import { OPPOSITES } from './claim-words.js';

/** Share of the claim's names and content words its aligned sentences must hold (the rest may be synonyms). */
export const MIN_CLAIM_COVERAGE = 0.7;
/** Plain content words each of two fused sentences must add that the other lacks: a name or number alone never fuses. */
const MIN_FUSED_CONTRIBUTION = 2;
const TOP_SINGLES = 4;
const TOP_FOR_PAIRS = 8;
const PER_ARTICLE = 2;

/** Why a claim is not held, most basic first. */
export type ClaimFault = 'unsupported' | 'name' | 'number' | 'opposite' | 'negation' | 'actor';

interface SourceSentence {
  article: number;
  facts: SentenceClaims;
  /** Names in the two sentences before it, which a pronoun in it may stand for. */
  earlierNames: Set<string>;
}

/** An article split into sentences (its title first) and read once, for every claim that cites it. */
export interface ClaimArticle {
  sentences: SourceSentence[];
  vocabulary: { midCapital: Set<string>; all: Set<string> };
}

export function prepareClaimArticle(article: SummarizableArticle, index: number, stemmer: Stemmer): ClaimArticle {
  const blocks = [article.title, ...article.paragraphs].filter((b) => b.trim().length > 0).map(normaliseForMatch);
  const vocabulary = { midCapital: new Set<string>(), all: new Set<string>() };
  // The title is left out: headlines capitalise every word.
  for (const b of blocks.slice(1)) addToVocabulary(b, vocabulary);
  const sentences: SourceSentence[] = [];
  const recent: Set<string>[] = [];
  for (const [b, block] of blocks.entries()) {
    for (const text of splitSentences(block)) {
      const facts = readSentence(text, stemmer, vocabulary, b === 0 && article.title.trim().length > 0);
      sentences.push({ article: index, facts, earlierNames: new Set(recent.flatMap((s) => [...s])) });
      recent.push(facts.names);
      if (recent.length > 2) recent.shift();
    }
  }
  return { sentences, vocabulary };
}

const SHORT_ROOT_ENDINGS = ['s', 'es', 'd', 'ed', 'ing', 'er', 'est', 'ned', 'ning', 'ner', 'ped', 'ping', 'ted', 'ting'];

function matchesBeginning(word: string, beginning: string): boolean {
  if (word === beginning) return true;
  if (beginning.length >= 4) return word.startsWith(beginning);
  return SHORT_ROOT_ENDINGS.some((ending) => word === beginning + ending);
}

function countSide(lowers: Iterable<string>, side: readonly string[]): number {
  let n = 0;
  for (const w of lowers) if (side.some((b) => matchesBeginning(w, b))) n++;
  return n;
}

/** A word turned into its opposite: the claim has more words of one side of a pair than its sources, and fewer of the other. */
function statesOpposite(claim: SentenceClaims, aligned: readonly SourceSentence[]): boolean {
  const claimWords = claim.tokens.filter((t) => !t.break && !t.name).map((t) => t.lower);
  const sourceWords = aligned.flatMap((s) => s.facts.tokens.filter((t) => !t.break && !t.name).map((t) => t.lower));
  for (const [a, b] of OPPOSITES) {
    const [ca, cb, sa, sb] = [countSide(claimWords, a), countSide(claimWords, b), countSide(sourceWords, a), countSide(sourceWords, b)];
    if ((ca > sa && sb > cb) || (cb > sb && sa > ca)) return true;
  }
  return false;
}

/** Word tokens only, with the word a contraction negates ("didn't" -> "did"). */
function wordsOnly(tokens: readonly Token[]): { lower: string; negation: boolean }[] {
  return tokens.filter((t) => !t.break).map((t) => ({ lower: t.negation ? unnegated(t.lower) : t.lower, negation: t.negation }));
}

function unnegated(lower: string): string {
  if (!lower.endsWith("n't")) return '';
  const base = lower.slice(0, -3);
  return base === 'wo' ? 'will' : base === 'ca' ? 'can' : base === 'sha' ? 'shall' : base;
}

/**
 * A source negation whose surroundings the claim repeats without it: the two words before it (three at the
 * end of a sentence), the verb of a contraction, the two words after it, in a row ("does not hold for" / "does hold for"; "it probably isn't." /
 * "it probably is."), at least three words in all.
 */
function dropsNegation(source: readonly Token[], claim: readonly Token[]): boolean {
  const s = wordsOnly(source);
  const c = wordsOnly(claim);
  for (let i = 0; i < s.length; i++) {
    if (!s[i]!.negation) continue;
    const after = s.slice(i + 1, i + 3);
    // At a sentence's end ("they would not."), three words before it.
    const before = s.slice(Math.max(0, i - (after.length === 0 ? 3 : 2)), i);
    if ([...before, ...after].some((w) => w.negation)) continue;
    const frame = [...before.map((w) => w.lower), ...(s[i]!.lower ? [s[i]!.lower] : []), ...after.map((w) => w.lower)];
    if (frame.length < 3) continue;
    for (let j = 0; j + frame.length <= c.length; j++) {
      const negatedNearby = c[j - 1]?.negation === true || c[j + frame.length]?.negation === true;
      if (!negatedNearby && frame.every((w, k) => c[j + k]!.lower === w && !c[j + k]!.negation)) return true;
    }
  }
  return false;
}

/** A "not" added or dropped: each negation bears on the same word in claim and source. */
function flipsPolarity(claim: SentenceClaims, aligned: readonly SourceSentence[], words: ReadonlySet<string>): boolean {
  const anyNegated = aligned.some((s) => s.facts.negated);
  // More negations than the sources have is a "not" added somewhere, whatever it bears on.
  const negations = (tokens: readonly { negation: boolean }[]) => tokens.filter((t) => t.negation).length;
  if (negations(claim.tokens) > aligned.reduce((n, s) => n + negations(s.facts.tokens), 0)) return true;
  for (let i = 0; i < claim.tokens.length; i++) {
    if (!claim.tokens[i]!.negation) continue;
    const target = negationTarget(claim.tokens, i);
    if (target !== null && words.has(target)) {
      if (!aligned.some((s) => negates(s.facts.tokens, target, claim.words))) return true;
    } else if (!anyNegated) return true;
  }
  if (aligned.some((s) => dropsNegation(s.facts.tokens, claim.tokens))) return true;
  const claimWords = new Set(claim.content);
  for (const s of aligned) {
    const tokens = s.facts.tokens;
    for (let i = 0; i < tokens.length; i++) {
      if (!tokens[i]!.negation) continue;
      const target = negationTarget(tokens, i);
      if (target !== null && claimWords.has(target) && !negates(claim.tokens, target, s.facts.words)) return true;
    }
  }
  return false;
}

/** Checks a claim against aligned sentences; null when they hold it. */
function faultAgainst(claim: SentenceClaims, aligned: readonly SourceSentence[]): ClaimFault | null {
  const words = new Set<string>();
  const numbers = new Set<string>();
  for (const s of aligned) {
    for (const w of s.facts.words) words.add(w);
    for (const n of s.facts.numbers) numbers.add(n);
  }
  let held = 0;
  for (const c of claim.content) if (words.has(c)) held++;
  if (claim.content.length > 0 && held < MIN_CLAIM_COVERAGE * claim.content.length) return 'unsupported';
  // Who acts: a claim's actor must do what the source sentence has it do; a pronoun there may name it.
  const resolved = new Set<string>();
  let actorFault = false;
  for (const actor of actorClaims(claim.tokens)) {
    const verdicts = aligned.map((s) => actorInSource(actor, s.facts.tokens, s.earlierNames));
    if (verdicts.includes('agrees')) continue;
    if (verdicts.includes('resolved')) for (const n of actor.stems) resolved.add(n);
    else if (verdicts.includes('differs')) actorFault = true;
  }
  // Where each name stands: the source must not put another name after the same word ("a dip at AOL").
  for (const slot of nameSlots(claim.tokens)) {
    const verdicts = aligned.map((s) => slotInSource(slot, s.facts.tokens));
    if (verdicts.includes('differs') && !verdicts.includes('agrees')) actorFault = true;
  }
  for (const pair of namePairs(claim.tokens)) if (aligned.some((s) => pairReversed(pair, s.facts.tokens))) actorFault = true;
  for (const n of claim.names) if (!words.has(n) && !resolved.has(n)) return 'name';
  if (
    mixesNames(
      claim.tokens,
      aligned.map((s) => s.facts.tokens),
    )
  )
    return 'name';
  for (const n of claim.numbers) if (!numbers.has(n)) return 'number';
  if (statesOpposite(claim, aligned)) return 'opposite';
  if (flipsPolarity(claim, aligned, words)) return 'negation';
  return actorFault ? 'actor' : null;
}

function hits(claim: SentenceClaims, s: SourceSentence): number {
  let n = 0;
  for (const c of claim.content) if (s.facts.words.has(c)) n++;
  for (const c of claim.numbers) if (s.facts.numbers.has(c)) n++;
  return n;
}

/** Plain words of the claim that `a` holds and `b` does not. */
function contribution(claim: SentenceClaims, a: SourceSentence, b: SourceSentence): number {
  let n = 0;
  for (const c of claim.plain) if (a.facts.words.has(c) && !b.facts.words.has(c)) n++;
  return n;
}

/** The alignments worth trying: the closest sentences alone, then pairs of close ones that each add to the claim. */
function candidateAlignments(claim: SentenceClaims, articles: readonly ClaimArticle[]): SourceSentence[][] {
  const scored = articles
    .flatMap((a) => a.sentences)
    .map((s) => ({ s, hits: hits(claim, s) }))
    .filter((x) => x.hits > 0);
  scored.sort((x, y) => y.hits - x.hits);
  const perArticle = (limit: number) =>
    articles.flatMap((a) => scored.filter((x) => a.sentences.includes(x.s)).slice(0, limit)).map((x) => x.s);
  const singles = [...new Set([...scored.slice(0, TOP_SINGLES).map((x) => x.s), ...perArticle(PER_ARTICLE)])];
  const forPairs = [...new Set([...scored.slice(0, TOP_FOR_PAIRS).map((x) => x.s), ...perArticle(PER_ARTICLE + 1)])];
  const out: SourceSentence[][] = singles.map((s) => [s]);
  for (let i = 0; i < forPairs.length; i++) {
    for (let j = i + 1; j < forPairs.length; j++) {
      const a = forPairs[i]!;
      const b = forPairs[j]!;
      if (contribution(claim, a, b) >= MIN_FUSED_CONTRIBUTION && contribution(claim, b, a) >= MIN_FUSED_CONTRIBUTION) out.push([a, b]);
    }
  }
  return out;
}

export interface ClaimVerdict {
  /** Indices (into the articles checked) of the articles holding an aligned sentence of a passing alignment. */
  holding: number[];
  /** Why the claim fails, from its closest alignment; null when some article holds it. */
  fault: ClaimFault | null;
}

const FAULT_ORDER: ClaimFault[] = ['unsupported', 'name', 'number', 'opposite', 'negation', 'actor'];

function heldWords(claim: SentenceClaims, aligned: readonly SourceSentence[]): number {
  let n = 0;
  for (const c of claim.content) if (aligned.some((s) => s.facts.words.has(c))) n++;
  for (const c of claim.numbers) if (aligned.some((s) => s.facts.numbers.has(c))) n++;
  return n;
}

function mergedVocabulary(articles: readonly ClaimArticle[]): Vocabulary {
  const midCapital = new Set<string>();
  const all = new Set<string>();
  for (const a of articles) {
    for (const w of a.vocabulary.midCapital) midCapital.add(w);
    for (const w of a.vocabulary.all) all.add(w);
  }
  return { midCapital, all };
}

/** Checks one sentence against the articles it cites: for each article, against the alignments closest to it. */
export function checkClaim(text: string, articles: readonly ClaimArticle[], stemmer: Stemmer): ClaimVerdict {
  const vocabulary: Vocabulary = articles.length === 1 ? articles[0]!.vocabulary : mergedVocabulary(articles);
  const claim = readSentence(normaliseForMatch(text), stemmer, vocabulary);
  if (claim.content.length === 0 && claim.numbers.size === 0) return { holding: [], fault: 'unsupported' };
  const candidates = candidateAlignments(claim, articles).map((aligned) => ({ aligned, held: heldWords(claim, aligned) }));
  const holding = new Set<number>();
  // The fault reported is the one furthest along the checks, among the closest alignments.
  let closest: ClaimFault = 'unsupported';
  const verdicts = new Map<SourceSentence[], ClaimFault | null>();
  const verdictOf = (aligned: SourceSentence[]) => {
    if (!verdicts.has(aligned)) verdicts.set(aligned, faultAgainst(claim, aligned));
    return verdicts.get(aligned)!;
  };
  // Each article is judged on the alignments that involve it and come closest: a looser sentence elsewhere in it never stands in.
  for (const article of new Set(articles.flatMap((a) => a.sentences.map((s) => s.article)))) {
    const involving = candidates.filter((c) => c.aligned.some((s) => s.article === article));
    const best = Math.max(0, ...involving.map((c) => c.held));
    for (const c of involving) {
      if (c.held < best) continue;
      const fault = verdictOf(c.aligned);
      if (fault === null) {
        for (const s of c.aligned) holding.add(s.article);
      } else if (FAULT_ORDER.indexOf(fault) > FAULT_ORDER.indexOf(closest)) closest = fault;
    }
  }
  return holding.size > 0 ? { holding: [...holding].sort((x, y) => x - y), fault: null } : { holding: [], fault: closest };
}

/** Articles prepared once per summary; each claim is checked against the ones it cites. */
export interface ClaimChecker {
  /** The cited ids whose articles hold the sentence, or the fault when none does. */
  check(text: string, citedIds: readonly string[]): { holding: string[]; fault: ClaimFault | null };
}

export function createClaimChecker(articles: readonly SummarizableArticle[]): ClaimChecker {
  const stemmer = createStemmer();
  const byId = new Map(articles.map((a, i) => [a.id, { article: a, index: i }]));
  const prepared = new Map<string, ClaimArticle>();
  const preparedOf = (id: string): ClaimArticle | null => {
    const entry = byId.get(id);
    if (!entry) return null;
    let p = prepared.get(id);
    if (!p) prepared.set(id, (p = prepareClaimArticle(entry.article, entry.index, stemmer)));
    return p;
  };
  return {
    check(text, citedIds) {
      const ids = [...new Set(citedIds)].filter((id) => byId.has(id));
      const cited = ids.map((id) => preparedOf(id)!);
      if (cited.length === 0) return { holding: [], fault: 'unsupported' };
      const verdict = checkClaim(text, cited, stemmer);
      const holdingIndices = new Set(verdict.holding);
      return { holding: ids.filter((id) => holdingIndices.has(byId.get(id)!.index)), fault: verdict.fault };
    },
  };
}
