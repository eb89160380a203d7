/** Remembers LLM summaries in the store, so the same articles, model, endpoint and prompt never cost a second call. */
import { z } from 'zod';
import { sha256 } from '../../hash.js';
import type { Logger } from '../../log.js';
import type { Store } from '../../store/store.js';
import type { Summarizer, Summary, SummaryRequest } from '../common/index.js';

/** What, besides the request, decides the answer. The API key is not part of it. */
export interface CacheIdentity {
  promptVersion: string;
  model: string;
  endpoint: string;
}

export type SummaryCacheStore = Pick<Store, 'cacheGet' | 'cachePut'>;

const CachedSummary = z.object({
  sentences: z.array(z.object({ text: z.string(), sources: z.array(z.string()) })),
  generator: z.string(),
  notes: z.array(z.string()).optional(),
});

/** The key: a hash over the identity, the topic and the exact text of every article, in order. */
export function summaryCacheKey(identity: CacheIdentity, request: SummaryRequest): string {
  const articles = request.articles.map((a) => [a.id, sha256(JSON.stringify([a.title, a.published, a.paragraphs]))]);
  const material = JSON.stringify({
    ...identity,
    topic: request.topic ?? null,
    terms: request.terms ?? [],
    maxSentences: request.maxSentences,
    articles,
  });
  return `summary:${sha256(material)}`;
}

/** Parses a cached value; a corrupt or outdated entry counts as a miss. */
function readCached(value: string | null): Summary | null {
  if (value === null) return null;
  try {
    const parsed = CachedSummary.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Wraps the LLM summarizer itself (inside the fallback), so only answers it produced are stored:
 * a fallback after a timeout must not be remembered as the answer.
 */
export function withCache(inner: Summarizer, store: SummaryCacheStore, identity: CacheIdentity, logger?: Logger): Summarizer {
  return {
    name: inner.name,
    async summarize(request: SummaryRequest): Promise<Summary> {
      const key = summaryCacheKey(identity, request);
      const hit = readCached(await store.cacheGet(key));
      if (hit) return hit;
      const summary = await inner.summarize(request);
      if (summary.sentences.length > 0) {
        // A failed write costs only a future call; the answer in hand is still good.
        await store.cachePut(key, JSON.stringify(summary)).catch((error: unknown) => {
          logger?.warn(`summary cache write failed: ${error instanceof Error ? error.name : 'unknown error'}`);
        });
      }
      return summary;
    },
  };
}
