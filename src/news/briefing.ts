/** A briefing: for each topic, what is new since the last one, and a short cited summary of it. */
import type { ArticleRef, Store } from '../store/store.js';
import type { News, SummaryResult } from './news.js';
import { expandTopic } from './topics.js';

export interface BriefingTopic {
  topic: string;
  /** New articles on the topic, newest-ranked first; empty when nothing is new. */
  headlines: ArticleRef[];
  summary: SummaryResult | null;
  /** True when the topic's new articles were all listed under an earlier topic of this briefing. */
  coveredAbove?: boolean;
}

export interface Briefing {
  topics: BriefingTopic[];
  /** Every article the briefing shows, so the next one can leave them out. */
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
  headlinesPerTopic?: number;
  summarySentences?: number;
}

const HEADLINES_PER_TOPIC = 5;
const SUMMARY_SENTENCES = 2;

export async function composeBriefing(deps: { store: Store; news: News }, query: BriefingQuery): Promise<Briefing> {
  const perTopic = query.headlinesPerTopic ?? HEADLINES_PER_TOPIC;
  const shown = new Set<string>();
  const topics: BriefingTopic[] = [];
  for (const topic of query.topics) {
    // Over-fetch so that leaving out last time's articles still fills the list.
    const found = await deps.store.search(expandTopic(topic), {
      limit: perTopic * 3,
      since: query.since,
      ...(query.guildId !== undefined ? { guildId: query.guildId } : {}),
    });
    const unseen = found.filter((a) => !query.exclude?.has(a.id));
    const fresh = unseen.filter((a) => !shown.has(a.id)).slice(0, perTopic);
    fresh.forEach((a) => shown.add(a.id));
    const summary = fresh.length ? await deps.news.summarizeArticles(topic, fresh, query.summarySentences ?? SUMMARY_SENTENCES) : null;
    topics.push({ topic, headlines: fresh, summary, ...(fresh.length === 0 && unseen.length > 0 ? { coveredAbove: true } : {}) });
  }
  return { topics, articleIds: [...shown] };
}
