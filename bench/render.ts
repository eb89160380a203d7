/** The bench's report as plain-text tables: one for SQLite, one beside it for PostgreSQL when it ran. */
import type { BenchResult } from './bench.js';
import { type EvalSection, renderSection } from './eval/table.js';
import { postgresSection } from './postgres.js';
import { storyRatio } from './story-pairs.js';

const fixed = (value: number, digits = 1) => value.toFixed(digits);

/** The report as plain-text tables. */
export function renderBench(r: BenchResult): string {
  const mark = (key: string) => (r.targets[key] ? `${r.targets[key]!.target} ${r.targets[key]!.met ? 'met' : 'MISSED'}` : '');
  const sections: EvalSection[] = [
    {
      title: `newsbrief bench: ${r.n} articles (${r.corpus}; ${r.articles} stored, ${r.failed} not articles; pages avg ${fixed(r.avg_page_kb)} KB)`,
      columns: ['measure', 'value', 'target'],
      rows: [
        ['clean (text dumps, 1 thread, pages/s)', fixed(r.clean_per_s, 0), ''],
        [
          `ingest (clean + quotes + index + stories, ${r.workers} worker${r.workers === 1 ? '' : 's'}, articles/s)`,
          fixed(r.ingest_per_s, 0),
          mark('ingest_per_s'),
        ],
        [
          `ingest without story grouping, same pages (articles/s; ${r.stories} stories with it)`,
          `${fixed(r.ingest_without_stories_per_s, 0)} (x${fixed(storyRatio(r), 2)} with${r.ingest_story_runs ? `, means of ${r.ingest_story_runs.with_stories.length} alternated pairs: ${r.ingest_story_runs.with_stories.map((v) => fixed(v, 0)).join(' ')} with, ${r.ingest_story_runs.without_stories.map((v) => fixed(v, 0)).join(' ')} without` : ''})`,
          mark('stories_ingest_ratio'),
        ],
        [
          'ingest CPU per page, all threads, with / without grouping (us)',
          `${fixed(r.ingest_cpu_us.with_stories, 0)} / ${fixed(r.ingest_cpu_us.without_stories, 0)} (+${fixed((100 * (r.ingest_cpu_us.with_stories - r.ingest_cpu_us.without_stories)) / r.ingest_cpu_us.without_stories)}%)`,
          '',
        ],
        ['database size (MB)', fixed(r.db_mb), ''],
        [
          `/headlines p50 / p95 / p99 (ms, ${r.topics} topics)`,
          `${fixed(r.p50_ms.headlines)} / ${fixed(r.p95_ms.headlines)} / ${fixed(r.p99_ms.headlines)}`,
          mark('headlines_p95_ms'),
        ],
        [
          '/summary (extractive) p50 / p95 / p99 (ms)',
          `${fixed(r.p50_ms.summary)} / ${fixed(r.p95_ms.summary)} / ${fixed(r.p99_ms.summary)}`,
          mark('summary_p95_ms'),
        ],
        [
          '/quotes p50 / p95 / p99 (ms)',
          `${fixed(r.p50_ms.quotes)} / ${fixed(r.p95_ms.quotes)} / ${fixed(r.p99_ms.quotes)}`,
          mark('quotes_p95_ms'),
        ],
        ['peak RSS while answering (MB)', fixed(r.peak_rss_mb, 0), mark('peak_rss_mb')],
        ['cold start to first answer (ms)', fixed(r.cold_start_ms, 0), mark('cold_start_ms')],
      ],
    },
    {
      title: `Side by side, same run (HTML: ${r.html.pages} pages, avg ${fixed(r.html.avgKb, 0)} KB)`,
      columns: ['measure', 'newsbrief', 'peer', 'ratio'],
      rows: [
        [
          'HTML extraction vs Readability+linkedom (pages/s)',
          fixed(r.html.oursPagesPerS, 0),
          fixed(r.html.readabilityPagesPerS, 0),
          `${fixed(r.html.ratio, 2)}x faster`,
        ],
        ['search vs MiniSearch, p50 (ms)', fixed(r.search.newsbrief_p50_ms, 2), fixed(r.search.minisearch_p50_ms, 2), ''],
        [
          'search vs MiniSearch, p95 (ms)',
          fixed(r.search.newsbrief_p95_ms, 2),
          fixed(r.search.minisearch_p95_ms, 2),
          `${fixed(r.search.speed_ratio, 2)}x faster`,
        ],
        [
          'search memory: process RSS (MB)',
          fixed(r.search.newsbrief_rss_mb, 0),
          fixed(r.search.minisearch_rss_mb, 0),
          `${fixed(r.search.memory_ratio, 2)}x less`,
        ],
        [
          'MiniSearch index heap / build time',
          '',
          `${fixed(r.search.minisearch_index_heap_mb, 0)} MB / ${fixed(r.search.minisearch_build_s)} s`,
          '',
        ],
        ['newsbrief searches answered from the newest matches (%)', fixed(100 * r.search.newest_first_share, 0), '', ''],
      ],
      notes: [
        'newsbrief search = SqliteStore.search (FTS5 bm25 x recency, limit 12); MiniSearch = same articles, same topic expansion, top 12.',
        'newsbrief RSS = the answering process (all three commands); MiniSearch RSS = a process holding only its index.',
      ],
    },
  ];
  if (r.postgres) {
    const of = (figures: 'sqlite' | 'postgres') => (figures === 'sqlite' ? r.targets : r.postgres!.targets);
    const markOf = (figures: 'sqlite' | 'postgres', key: string) => {
      const t = of(figures)[key];
      return t ? (t.met ? 'met' : 'MISSED') : '';
    };
    sections.splice(1, 0, postgresSection(r, r.postgres, markOf));
  }
  return sections.map(renderSection).join('\n\n');
}
