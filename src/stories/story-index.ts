/**
 * Stories as articles arrive: each new article is compared only with the stories its rarest words
 * lead to (an inverted index, no pass over all pairs), and joins the most alike one or starts its own
 * (docs/adr/0019-story-grouping.md).
 */
import type { Article } from '../articles/model.js';
import { ArticleVectors, dayOf } from './similarity.js';
import { TermIds } from './term-ids.js';
import { storyTerms } from './terms.js';

/** What grouping reads of an article. */
export type StoryInput = Pick<Article, 'title' | 'paragraphs' | 'published' | 'storyTerms'> & { entities?: readonly string[] };

/** An article joins a story when its words' cosine with one of the story's articles is at least this. */
export const SAME_STORY_COSINE = 0.2;
/** The new article's rarest words (already seen elsewhere) that find candidate stories. */
export const QUERY_WORDS = 16;
/** Postings read per query word, newest first: a word this common finds nothing particular. */
export const POSTINGS_READ = 32;
/** Candidate stories compared, those sharing the most query words first. */
export const CANDIDATE_STORIES = 20;
/** A story's newest articles compared with a new one (a long-running story is compared by its latest news). */
export const MEMBERS_COMPARED = 8;

/** Story numbers stay below this (2^26), so a count and a story pack into one 31-bit integer. */
const STORY_SPAN = 1 << 26;

/** Where an article went: its story's number (0, 1, ... in order of founding) and the cosine that put it there (0 for a new story). */
export interface StoryAssignment {
  story: number;
  similarity: number;
}

/** A growable list of article numbers. */
class Postings {
  items = new Int32Array(4);
  length = 0;
  push(value: number): void {
    if (this.length === this.items.length) {
      const bigger = new Int32Array(this.items.length * 2);
      bigger.set(this.items);
      this.items = bigger;
    }
    this.items[this.length++] = value;
  }
}

function grown(array: Int32Array): Int32Array {
  const bigger = new Int32Array(array.length * 2);
  bigger.set(array);
  return bigger;
}

export class StoryIndex {
  private readonly vocabulary = new TermIds();
  /** Per term id: how many articles hold the word in their title or lead. */
  private documentFrequency: number[] = [];
  /** Per term id: the stories of the articles holding it, in the order added (a story never changes once given). */
  private readonly postings: Postings[] = [];
  private readonly articles = new ArticleVectors();
  private readonly members: number[][] = [];
  /** Scratch, per term id: the count of a word in the article being added (zero again after). */
  private counts: Int32Array = new Int32Array(1024);
  /**
   * Scratch, two numbers per story side by side (one cache line for both): at 2s the look-up (word of
   * an article) that last counted story s, at 2s + 1 the query words it shares with the article being
   * added (zero again after).
   */
  private tally: Int32Array = new Int32Array(2048);
  /** Scratch: how many touched stories share each number of query words. */
  private readonly histogram = new Int32Array(QUERY_WORDS + 1);
  private lookups = 0;
  /** Scratch: the weights of the article being added. */
  private weights = new Float64Array(256);
  /** Scratch: the candidate stories of the article being added, packed for sorting. */
  private ranking: Int32Array = new Int32Array(256);

  /** Articles indexed. */
  get size(): number {
    return this.articles.size;
  }

  /** The articles of each story (their numbers in the order added), in order of founding. */
  stories(): readonly (readonly number[])[] {
    return this.members;
  }

  /** The cosine of two indexed articles' words (their numbers in the order added). */
  similarity(a: number, b: number): number {
    return this.articles.cosine(a, b);
  }

  /**
   * Adds an article: into the story most like it, or a new one. A story given (a number from
   * `stories()`, or 'new') is where it goes without looking (an article grouped before, read back).
   */
  add(input: StoryInput, into?: number | 'new'): StoryAssignment {
    const terms = input.storyTerms ?? storyTerms(input);
    const ids = this.countedIds(terms.words);
    const candidates = into === undefined ? this.candidateStories(ids) : [];
    for (const id of ids) this.documentFrequency[id]!++;
    while (this.weights.length < ids.length) this.weights = new Float64Array(this.weights.length * 2);
    const weights = this.weights;
    let norm = 0;
    for (let i = 0; i < ids.length; i++) {
      const weight = (1 + Math.log(this.counts[ids[i]!]!)) * this.inverseFrequency(ids[i]!);
      this.counts[ids[i]!] = 0;
      weights[i] = weight;
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (let i = 0; i < ids.length; i++) weights[i]! /= norm;
    const number = this.articles.add({
      ids,
      weights,
      day: dayOf(input.published),
      leadingNames: terms.leadingNames.map((name) => this.termId(name)),
      names: terms.names.map((name) => this.termId(name)),
    });
    const best = typeof into === 'number' ? { story: into, similarity: 1 } : this.mostAlike(number, candidates);
    const story = best ? best.story : this.members.length;
    if (!best) this.members.push([]);
    this.members[story]!.push(number);
    for (const id of ids) this.postings[id]!.push(story);
    return best ?? { story, similarity: 0 };
  }

  /** The distinct term ids of a word sequence, ascending, each one's count left in `counts`. */
  private countedIds(words: Int32Array): Int32Array {
    const distinct: number[] = [];
    for (const word of words) {
      const id = this.termId(word);
      if (this.counts[id] === 0) distinct.push(id);
      this.counts[id]!++;
    }
    return Int32Array.from(distinct).sort();
  }

  private termId(hash: number): number {
    const id = this.vocabulary.idOf(hash);
    if (id === this.postings.length) {
      this.postings.push(new Postings());
      this.documentFrequency.push(0);
      if (id === this.counts.length) this.counts = grown(this.counts);
    }
    return id;
  }

  /**
   * A word's weight for how rare it is among the articles so far (smoothed: a word in every article
   * weighs 1, a word in one of N about 1 + ln N; with few articles every word weighs about the same).
   */
  private inverseFrequency(id: number): number {
    return 1 + Math.log((this.articles.size + 2) / (this.documentFrequency[id]! + 1));
  }

  /** The stories that share the most of the article's rarest words seen before, most shared first (ties: the newest). */
  private candidateStories(ids: Int32Array): number[] {
    const query = this.rarestSeen(ids);
    if (this.tally.length < 2 * this.members.length) this.tally = new Int32Array(4 * this.members.length);
    const tally = this.tally;
    const touched: number[] = [];
    for (const id of query) {
      const postings = this.postings[id]!;
      const stop = Math.max(0, postings.length - POSTINGS_READ);
      // A story counts once per word, however many of its articles hold it (the marks never repeat).
      const mark = ++this.lookups;
      for (let p = postings.length - 1; p >= stop; p--) {
        const at = 2 * postings.items[p]!;
        if (tally[at] === mark) continue;
        tally[at] = mark;
        if (tally[at + 1] === 0) touched.push(at >> 1);
        tally[at + 1]!++;
      }
    }
    return this.mostShared(touched);
  }

  /**
   * The CANDIDATE_STORIES touched stories sharing the most query words, newest first among equals;
   * their counts are zeroed for the next article. Only the stories at or above the count that fills
   * the list are sorted (most share one word, and are left out unless few are touched).
   */
  private mostShared(touched: readonly number[]): number[] {
    const tally = this.tally;
    const histogram = this.histogram.fill(0);
    for (const story of touched) histogram[tally[2 * story + 1]!]!++;
    let least = QUERY_WORDS;
    for (let above = 0; least > 1; least--) {
      above += histogram[least]!;
      if (above >= CANDIDATE_STORIES) break;
    }
    // One native sort of (count, story) packed in an integer (counts are at most QUERY_WORDS, below 2^5).
    let kept = 0;
    for (const story of touched) if (tally[2 * story + 1]! >= least) kept++;
    while (this.ranking.length < kept) this.ranking = grown(this.ranking);
    const ranked = this.ranking.subarray(0, kept);
    let i = 0;
    for (const story of touched) {
      const count = tally[2 * story + 1]!;
      tally[2 * story + 1] = 0;
      if (count >= least) ranked[i++] = count * STORY_SPAN + story;
    }
    ranked.sort();
    const candidates: number[] = [];
    for (let r = ranked.length - 1; r >= 0 && candidates.length < CANDIDATE_STORIES; r--) candidates.push(ranked[r]! % STORY_SPAN);
    return candidates;
  }

  /** The QUERY_WORDS ids of the article seen in other articles before, rarest first (ties: the older word). */
  private rarestSeen(ids: Int32Array): number[] {
    const picked: number[] = [];
    const frequency = this.documentFrequency;
    for (const id of ids) {
      const df = frequency[id]!;
      if (df === 0) continue;
      if (picked.length === QUERY_WORDS && df >= frequency[picked[QUERY_WORDS - 1]!]!) continue;
      // Insertion into the short sorted list (ids come ascending, so equal frequencies keep the older word first).
      let at = Math.min(picked.length, QUERY_WORDS - 1);
      if (picked.length < QUERY_WORDS) picked.push(id);
      while (at > 0 && frequency[picked[at - 1]!]! > df) {
        picked[at] = picked[at - 1]!;
        at--;
      }
      picked[at] = id;
    }
    return picked;
  }

  /** The candidate story whose newest articles hold the one most like the new article, if alike enough. */
  private mostAlike(article: number, candidates: readonly number[]): StoryAssignment | null {
    let best: StoryAssignment | null = null;
    for (const story of candidates) {
      const members = this.members[story]!;
      for (let m = members.length - 1; m >= 0 && m >= members.length - MEMBERS_COMPARED; m--) {
        const other = members[m]!;
        if (!this.articles.withinWindow(article, other) || !this.articles.namesAgree(article, other)) continue;
        const similarity = this.articles.cosine(article, other);
        if (similarity >= SAME_STORY_COSINE && (!best || similarity > best.similarity)) best = { story, similarity };
      }
    }
    return best;
  }
}
