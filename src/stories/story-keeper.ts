/**
 * Stories kept for a store: the index of the articles written lately, and the numbers the store gives
 * their stories. A story's number is the row of the article that founded it, so it needs no counter
 * of its own and stays the same in every process that reads the store (docs/adr/0019-story-grouping.md).
 */
import { StoryIndex, type StoryInput } from './story-index.js';

/** Articles a store reads back into a new keeper: the newest this many (a story window's worth on a busy bot). */
export const STORIES_READ_BACK = 20_000;
/** A keeper is read back anew (newest only) once it holds this many, so memory stays bounded. */
export const STORIES_HELD_MAX = 120_000;

export class StoryKeeper {
  private readonly index = new StoryIndex();
  /** Per story of the index (in order of founding): the store's number for it, or -1 until founded. */
  private readonly numbers: number[] = [];
  /** The index's story of each store number. */
  private readonly storyOfNumber = new Map<number, number>();

  /** Articles held. */
  get size(): number {
    return this.index.size;
  }

  /**
   * Groups a new article: the number of the story it joins, or null when it founds one (then call
   * `founded` with the article's own number once it has one).
   */
  join(article: StoryInput): number | null {
    const { story } = this.index.add(article);
    if (story < this.numbers.length) return this.numbers[story]!;
    this.numbers.push(-1);
    return null;
  }

  /** Gives the story the last joined article founded its number (the article's own). */
  founded(number: number): void {
    const story = this.numbers.length - 1;
    this.numbers[story] = number;
    this.storyOfNumber.set(number, story);
  }

  /** Holds an article grouped before (read back from the store), in the story numbered so. */
  restore(article: StoryInput, number: number): void {
    const known = this.storyOfNumber.get(number);
    const { story } = this.index.add(article, known ?? 'new');
    if (known === undefined) {
      this.numbers[story] = number;
      this.storyOfNumber.set(number, story);
    }
  }
}
