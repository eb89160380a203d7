/** Topic expansion: "iran" also finds "Iranian" and "Tehran", from the data table in topic-table.ts. */
import type { TopicQuery } from '../store/store.js';
import { lowerWords } from '../text.js';
import { parseTopic } from './topic-query.js';
import { LOOKUP_ONLY, TOPIC_TABLE } from './topic-table.js';

interface TopicEntry {
  /** Every phrase that stands for the entity, canonical name first. */
  phrases: string[];
}

/** Lowercases and keeps only word characters, so "U.S." and "u s" compare equal. */
export function normaliseTopic(text: string): string {
  return lowerWords(text).join(' ');
}

function parseTable(table: string): Map<string, TopicEntry> {
  const byName = new Map<string, TopicEntry>();
  for (const line of table.split('\n')) {
    if (!line.trim()) continue;
    const [names = '', demonyms = '', cues = ''] = line.split('|');
    const list = (field: string) =>
      field
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    const nameList = list(names);
    const entry: TopicEntry = {
      phrases: [...nameList, ...list(demonyms), ...list(cues)].filter((p) => !LOOKUP_ONLY.has(normaliseTopic(p))),
    };
    // Names and demonyms both look the entry up ("iranian" finds the Iran entry too).
    for (const key of [...nameList, ...list(demonyms)]) {
      const normal = normaliseTopic(key);
      if (!byName.has(normal)) byName.set(normal, entry);
    }
  }
  return byName;
}

const ENTRIES = parseTable(TOPIC_TABLE);

/** The phrases one word or name stands for: itself, plus its entity's names, demonyms and capital when known. */
function expandPhrase(phrase: string): string[] {
  const entry = ENTRIES.get(phrase);
  if (!entry) return [phrase];
  const own = LOOKUP_ONLY.has(phrase) ? [] : [phrase];
  return [...new Set([...own, ...entry.phrases.map(normaliseTopic)])];
}

/** Splits a run of words into parts: known multi-word names ("north korea") whole, greedily from the left; other words alone. */
function segmentNames(words: string[]): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < words.length) {
    let taken = 1;
    for (let length = Math.min(4, words.length - i); length > 1; length--) {
      if (ENTRIES.has(words.slice(i, i + length).join(' '))) {
        taken = length;
        break;
      }
    }
    parts.push(words.slice(i, i + taken).join(' '));
    i += taken;
  }
  return parts;
}

/**
 * Expands a topic (topic-query.ts's syntax) into a query: each word or name becomes a group of
 * alternatives (itself and its entity's other names), a quoted phrase stands for itself, OR puts
 * its two sides' alternatives in one group, and exclusions are kept as written. Throws a
 * TopicSyntaxError saying what was expected.
 */
export function expandTopic(topic: string): TopicQuery {
  const parsed = parseTopic(topic, segmentNames);
  const groups = parsed.required.map((parts) => [
    ...new Set(parts.flatMap((part) => (part.quoted ? [part.phrase] : expandPhrase(part.phrase)))),
  ]);
  return parsed.exclude.length ? { groups, exclude: parsed.exclude } : { groups };
}

/** Every phrase of a query, for summarizers that look for the topic in sentences. */
export function queryPhrases(query: TopicQuery): string[] {
  return [...new Set(query.groups.flat())];
}
