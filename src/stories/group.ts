/** Grouping a given list of articles into stories at once, as the index would take them one by one. */
import { StoryIndex, type StoryInput } from './story-index.js';

export interface GroupedStory {
  /** The story's headline: that of its most central article (the most like the others). */
  title: string;
  /** Positions of its articles in the list given, in that order. */
  articles: number[];
}

/**
 * The stories of a list of articles, in the order each was founded. Articles are taken in the
 * order given, as they would arrive.
 */
export function groupArticles(articles: readonly StoryInput[]): GroupedStory[] {
  const index = new StoryIndex();
  for (const article of articles) index.add(article);
  return index.stories().map((members) => ({ title: articles[centralArticle(index, members)]!.title, articles: [...members] }));
}

/** The member most like the others (summed cosine); the first of equals, so a pair's headline is its first report's. */
function centralArticle(index: StoryIndex, members: readonly number[]): number {
  let best = members[0]!;
  let bestSum = -1;
  for (const a of members) {
    let sum = 0;
    for (const b of members) if (a !== b) sum += index.similarity(a, b);
    if (sum > bestSum + 1e-9) {
      best = a;
      bestSum = sum;
    }
  }
  return best;
}
