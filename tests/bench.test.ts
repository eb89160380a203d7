import { describe, expect, it } from 'vitest';
import { percentile, renderBench, runBench } from '../bench/bench.js';

// The benchmark must keep running (CI runs `npm run bench -- --n 2000`); timings are never asserted here.
describe('npm run bench', () => {
  it('builds a small generated corpus, ingests it on a worker, answers topics and reports every figure', async () => {
    const result = await runBench({ n: 300, corpus: null, workers: 1, topics: 40, coldStartRuns: 1 });
    expect(result.n).toBe(300);
    expect(result.corpus).toBe('built-in generator');
    expect(result.articles + result.failed).toBe(300);
    expect(result.articles).toBeGreaterThan(280);
    for (const key of ['clean_per_s', 'ingest_per_s', 'db_mb', 'peak_rss_mb', 'cold_start_ms'] as const) {
      expect(result[key], key).toBeGreaterThan(0);
      expect(Number.isFinite(result[key]), key).toBe(true);
    }
    for (const key of ['p50_ms', 'p95_ms', 'p99_ms'] as const) {
      expect(Object.keys(result[key]).sort()).toEqual(['headlines', 'quotes', 'summary']);
      for (const value of Object.values(result[key])) expect(value).toBeGreaterThan(0);
    }
    expect(result.p50_ms.summary).toBeLessThanOrEqual(result.p99_ms.summary);
    expect(result.topics).toBe(40);
    // the generated articles are about places and people: most topics find something
    expect(result.empty_answers.headlines).toBeLessThan(40);
    expect(result.html.pages).toBeGreaterThan(0);
    expect(result.html.oursPagesPerS).toBeGreaterThan(0);
    expect(result.html.readabilityPagesPerS).toBeGreaterThan(0);
    expect(result.search.minisearch_index_heap_mb).toBeGreaterThan(0);
    expect(result.search.minisearch_p95_ms).toBeGreaterThan(0);
    expect(Object.keys(result.targets)).toEqual(
      expect.arrayContaining(['ingest_per_s', 'headlines_p95_ms', 'quotes_p95_ms', 'summary_p95_ms', 'peak_rss_mb', 'cold_start_ms']),
    );
    // the JSON form is one object, and the table names every measure
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
    const table = renderBench(result);
    for (const label of ['ingest', '/headlines', '/summary', '/quotes', 'peak RSS', 'cold start', 'Readability', 'MiniSearch']) {
      expect(table).toContain(label);
    }
  }, 180_000);

  it('takes percentiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 95)).toBe(95);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile([], 95)).toBe(0);
  });
});
