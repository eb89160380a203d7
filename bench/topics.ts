/**
 * The benchmark's 300 mixed topics, as users would type them: places (with their expansions),
 * the names the index holds most, plain news words, and a name with a word ("trump iran").
 */
import { TOPIC_TABLE } from '../src/news/topic-table.js';
import { openStores } from '../src/store/open.js';

const NEWS_WORDS = [
  'election',
  'budget',
  'economy',
  'police',
  'health',
  'court',
  'oil prices',
  'football',
  'music',
  'technology',
  'climate',
  'tax',
  'immigration',
  'strike',
  'inflation',
  'vote',
  'campaign',
  'debate',
  'film',
  'internet',
  'bank',
  'jobs',
  'trade',
  'security',
  'nuclear',
  'military',
  'prison',
  'schools',
  'hospital',
  'energy',
  'interest rates',
  'stock market',
  'supreme court',
  'prime minister',
  'world cup',
  'mobile phones',
  'video games',
  'refugees',
  'terrorism',
  'sanctions',
  'ceasefire',
  'protest',
  'scandal',
  'pensions',
  'housing',
  'airline',
  'television',
  'awards',
  'champions',
  'injury',
  'coach',
  'profits',
  'shares',
  'merger',
  'deficit',
  'poll',
  'senate',
  'governor',
  'mayor',
  'minister',
];

function placeNames(): string[] {
  return TOPIC_TABLE.split('\n')
    .map((line) => line.split('|')[0]?.split(',')[0]?.trim() ?? '')
    .filter((name) => name.length > 0);
}

/** `count` topics, in a fixed mix; names come from the built database (a file or a URL), so they exist in the corpus. */
export async function pickTopics(location: string, count = 300): Promise<string[]> {
  const stores = await openStores(location);
  let names: string[];
  try {
    names = await stores.store.suggestTopics('', 120);
  } finally {
    await stores.close();
  }
  const places = placeNames();
  const combos = names.slice(0, 40).map((name, i) => `${name.split(' ').at(-1)!.toLowerCase()} ${NEWS_WORDS[(i * 7) % NEWS_WORDS.length]}`);
  const mixed: string[] = [];
  const sources = [places.slice(0, 100), names.slice(0, 100), NEWS_WORDS, combos];
  // Round-robin over the kinds, so every stretch of the run holds each kind.
  for (let i = 0; mixed.length < count && i < 1000; i++) {
    for (const list of sources) {
      const topic = list[i];
      if (topic && mixed.length < count && !mixed.includes(topic)) mixed.push(topic);
    }
  }
  // A small corpus has few names: fill up with places and words again, as users repeat themselves.
  const fallback = [...places, ...NEWS_WORDS];
  for (let i = 0; mixed.length < count; i++) mixed.push(fallback[i % fallback.length]!);
  return mixed;
}
