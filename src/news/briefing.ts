/** A briefing: for each topic, what is new since the last one, and a short cited summary of it. */
import type { SourceFilter, Store } from '../store/store.js';
import type { News, SummaryResult } from './news.js';
import { firstOfEachStory, type StoryHeadline, storyKey } from './stories.js';
import { expandTopic } from './topics.js';

export interface BriefingTopic {
  topic: string;
  /** New stories on the topic, best-ranked first, one line each (its other new reports in alsoIn); empty when nothing is new. */
  headlines: StoryHeadline[];
  summary: SummaryResult | null;
  /** True when the topic's new articles were all listed under an earlier topic of this briefing. */
  coveredAbove?: boolean;
}

export interface Briefing {
  topics: BriefingTopic[];
  /** Every article the briefing shows (each story's reports), so the next one can leave them out. */
  articleIds: string[];
}

export interface BriefingQuery {
  topics: string[];
  /** Only articles published (or ingested, when undated) after this ISO instant. */
  since?: string;
  /** Articles shown last time, never repeated. */
  exclude?: ReadonlySet<string>;
  /** The server the briefing is for: it sees operator-wide articles and its own feeds'. */
  guildId?: string | null;
  /** Only (or all but) these outlets. */
  sources?: SourceFilter;
  headlinesPerTopic?: number;
  summarySentences?: number;
}

const HEADLINES_PER_TOPIC = 5;
const SUMMARY_SENTENCES = 2;
/** Ranked articles read per story listed (a story's reports come in several). */
const STORY_OVERFETCH = 4;
/** Articles a topic's summary reads at most. */
const SUMMARY_ARTICLES = 12;

export async function composeBriefing(deps: { store: Store; news: News }, query: BriefingQuery): Promise<Briefing> {
  const perTopic = query.headlinesPerTopic ?? HEADLINES_PER_TOPIC;
  const shown = new Set<string>();
  const topics: BriefingTopic[] = [];
  const storiesShown = new Set<string>();
  for (const topic of query.topics) {
    // Over-fetch so that leaving out last time's articles still fills the list.
    const found = await deps.store.search(expandTopic(topic), {
      limit: perTopic * STORY_OVERFETCH,
      since: query.since,
      ...(query.guildId !== undefined ? { guildId: query.guildId } : {}),
      ...(query.sources ? { sources: query.sources } : {}),
    });
    const unseen = found.filter((a) => !query.exclude?.has(a.id));
    // A story once, under the first topic that finds it, led by its best-ranked new report.
    const leads = firstOfEachStory(unseen)
      .filter((a) => !storiesShown.has(storyKey(a)))
      .slice(0, perTopic);
    const chosen = new Set(leads.map(storyKey));
    const reports = unseen.filter((a) => chosen.has(storyKey(a)));
    chosen.forEach((key) => storiesShown.add(key));
    reports.forEach((a) => shown.add(a.id));
    const headlines = leads.map((lead) => ({ ...lead, alsoIn: reports.filter((a) => a !== lead && storyKey(a) === storyKey(lead)) }));
    // The summary reads every new report of the stories listed, so a sentence cites each outlet that reports it.
    const summary = leads.length
      ? await deps.news.summarizeArticles(topic, reports.slice(0, SUMMARY_ARTICLES), query.summarySentences ?? SUMMARY_SENTENCES)
      : null;
    topics.push({ topic, headlines, summary, ...(leads.length === 0 && unseen.length > 0 ? { coveredAbove: true } : {}) });
  }
  return { topics, articleIds: [...shown] };
}
