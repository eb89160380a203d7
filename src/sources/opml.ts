/** OPML subscription lists (what feed readers export): every <outline xmlUrl> at any depth. */
import { Parser } from 'htmlparser2';

export class OpmlError extends Error {
  override name = 'OpmlError';
}

export interface OpmlFeed {
  url: string;
  title: string | null;
}

/** Most feeds read from one OPML file; the rest are counted and reported, never silently dropped. */
export const MAX_OPML_FEEDS = 10_000;

export interface OpmlList {
  /** The first MAX_OPML_FEEDS distinct feeds, in order. */
  feeds: OpmlFeed[];
  /** Distinct feeds the file lists beyond the limit, not read. */
  overLimit: number;
}

/** The feeds an OPML document lists, in order, without duplicates; throws OpmlError naming the file. */
export function parseOpml(xml: string, file: string): OpmlFeed[] {
  return parseOpmlList(xml, file).feeds;
}

/** The feeds an OPML document lists (up to the limit) and how many more it lists; throws OpmlError naming the file. */
export function parseOpmlList(xml: string, file: string): OpmlList {
  const feeds = new Map<string, OpmlFeed>();
  const beyond = new Set<string>();
  let sawRoot = false;
  let problem: string | null = null;
  const parser = new Parser(
    {
      onprocessinginstruction(name, data) {
        const lower = name.toLowerCase();
        if (lower === '!entity' || (lower === '!doctype' && data.includes('['))) {
          problem ??= 'declares its own XML entities, refused as unsafe';
        }
      },
      onopentag(name, attrs) {
        const lower = name.toLowerCase();
        if (lower === 'opml') sawRoot = true;
        if (lower !== 'outline') return;
        const url = feedUrlOf(attrs);
        if (!url || feeds.has(url)) return;
        if (feeds.size < MAX_OPML_FEEDS) feeds.set(url, { url, title: attrs.title?.trim() || attrs.text?.trim() || null });
        else beyond.add(url);
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  if (problem) throw new OpmlError(`${file} ${problem}`);
  if (!sawRoot) throw new OpmlError(`${file} is not an OPML file (expected an <opml> root element)`);
  return { feeds: [...feeds.values()], overLimit: beyond.size };
}

/** The outline's feed address (attribute case varies between readers), when it is http(s). */
function feedUrlOf(attrs: Record<string, string>): string | null {
  const entry = Object.entries(attrs).find(([key]) => key.toLowerCase() === 'xmlurl');
  const value = entry?.[1]?.trim();
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}
