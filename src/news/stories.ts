/**
 * Stories as readers see them: one line per story (the report ranked first leads), with the other
 * outlets that report it. The store groups articles into stories as it writes them (ADR 19).
 */
import type { ArticleRef, SearchOptions, Store } from '../store/store.js';

/** A story's lead report, with the story's other reports the caller may see (newest first). */
export interface StoryHeadline extends ArticleRef {
  alsoIn: ArticleRef[];
}

/** Other reports read per story: enough to name its outlets. */
const REPORTS_PER_STORY = 25;
/** Ranked articles read first beyond the stories wanted: most pages hold few reports of one story, so one read usually fills them. */
const FIRST_MARGIN = 3;
/** Each further read asks for this many times more (a page led by a story many outlets report). */
const WIDEN = 4;
/** Ranked articles read at most to fill one page of stories. */
const MAX_READ = 2000;

/** The key of an article's story: its number, or the article alone when it has none. */
export function storyKey(ref: ArticleRef): string {
  return ref.story === undefined || ref.story === null ? `article:${ref.id}` : `story:${ref.story}`;
}

/** The first-ranked article of each story, in rank order. */
export function firstOfEachStory(refs: readonly ArticleRef[]): ArticleRef[] {
  const seen = new Set<string>();
  return refs.filter((ref) => {
    const key = storyKey(ref);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The stories ranked from `offset` (counted in stories) on, up to `count` of them, each led by its
 * best-ranked article: ranked articles are read until enough stories are found or none are left.
 * `more` tells whether another story follows.
 */
export async function rankedStories(
  read: (options: SearchOptions) => Promise<ArticleRef[]>,
  scope: { guildId?: string | null },
  offset: number,
  count: number,
): Promise<{ leads: ArticleRef[]; more: boolean }> {
  const wanted = offset + count + 1;
  // As few rows as will likely do: a search's cost grows with the rows it must rank (ADR 10).
  let limit = wanted + FIRST_MARGIN;
  for (;;) {
    const found = await read({ limit, ...scope });
    const leads = firstOfEachStory(found);
    if (leads.length >= wanted || found.length < limit || limit >= MAX_READ) {
      return { leads: leads.slice(offset, offset + count), more: leads.length > offset + count };
    }
    limit = Math.min(MAX_READ, limit * WIDEN);
  }
}

/** Each lead with the other reports of its story the caller may see. */
export async function withOtherReports(
  store: Store,
  leads: readonly ArticleRef[],
  scope: { guildId?: string | null },
): Promise<StoryHeadline[]> {
  const numbers = leads.flatMap((lead) => (typeof lead.story === 'number' ? [lead.story] : []));
  const reports = await store.storyArticles(numbers, { ...scope, perStory: REPORTS_PER_STORY });
  const byStory = new Map<string, ArticleRef[]>();
  for (const report of reports) {
    const key = storyKey(report);
    const list = byStory.get(key);
    if (list) list.push(report);
    else byStory.set(key, [report]);
  }
  return leads.map((lead) => ({ ...lead, alsoIn: (byStory.get(storyKey(lead)) ?? []).filter((r) => r.id !== lead.id) }));
}

/** The outlets a story's other reports come from, besides the lead's own: their names, first seen first. */
export function otherOutlets(story: StoryHeadline): string[] {
  const own = outletOf(story);
  const names: string[] = [];
  for (const report of story.alsoIn) {
    const name = outletOf(report);
    if (name && name !== own && !names.includes(name)) names.push(name);
  }
  return names;
}

/** An article's outlet: its source, or its address's host; null when it gives neither. */
export function outletOf(ref: Pick<ArticleRef, 'source' | 'url'>): string | null {
  if (ref.source?.trim()) return ref.source.trim();
  if (!ref.url) return null;
  try {
    return new URL(ref.url).hostname.replace(/^www\./, '') || null;
  } catch {
    return null;
  }
}
