/** OPML subscription lists (what feed readers export): every <outline xmlUrl> at any depth. */

import { Parser } from 'htmlparser2';
import { ShownError } from '../errors.js';

export class OpmlError extends ShownError {
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
  /** Outlines with an xmlUrl that is not an http(s) address, with their titles (or the value): not read. */
  rejected: { name: string; reason: string }[];
}

/** The feeds an OPML document lists, in order, without duplicates; throws OpmlError naming the file. */
export function parseOpml(xml: string, file: string): OpmlFeed[] {
  return parseOpmlList(xml, file).feeds;
}

/** The feeds an OPML document lists (up to the limit) and how many more it lists; throws OpmlError naming the file. */
export function parseOpmlList(xml: string, file: string): OpmlList {
  const feeds = new Map<string, OpmlFeed>();
  const beyond = new Set<string>();
  const rejected: OpmlList['rejected'] = [];
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
        if (!url) {
          const given = xmlUrlOf(attrs);
          if (given && rejected.length < MAX_OPML_FEEDS)
            rejected.push({ name: titleOf(attrs) ?? given.slice(0, 200), reason: 'not an http(s) address' });
          return;
        }
        if (feeds.has(url)) return;
        if (feeds.size < MAX_OPML_FEEDS) feeds.set(url, { url, title: titleOf(attrs) });
        else beyond.add(url);
      },
    },
    { xmlMode: true },
  );
  parser.end(xml);
  if (problem) throw new OpmlError(`${file} ${problem}`);
  if (!sawRoot) throw new OpmlError(`${file} is not an OPML file (expected an <opml> root element)`);
  return { feeds: [...feeds.values()], overLimit: beyond.size, rejected };
}

function titleOf(attrs: Record<string, string>): string | null {
  return attrs.title?.trim() || attrs.text?.trim() || null;
}

/** The outline's xmlUrl as written (attribute case varies between readers); null when it has none. */
function xmlUrlOf(attrs: Record<string, string>): string | null {
  const entry = Object.entries(attrs).find(([key]) => key.toLowerCase() === 'xmlurl');
  return entry?.[1]?.trim() || null;
}

/** The outline's feed address, when it is http(s). */
function feedUrlOf(attrs: Record<string, string>): string | null {
  const value = xmlUrlOf(attrs);
  if (!value) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** XML attribute text: the five markup characters, and line breaks and tabs kept as written (not folded to spaces). */
function escapeAttribute(value: string): string {
  return value
    .replace(/[&<>"'\t\n\r]/g, (c) => `&#${c.charCodeAt(0)};`)
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '');
}

/** An OPML 2.0 subscription list of these feeds, one <outline type="rss"> each, every attribute escaped. */
export function writeOpml(title: string, feeds: readonly { url: string; title: string | null }[], created: Date): string {
  const outlines = feeds.map((feed) => {
    const name = escapeAttribute(feed.title ?? feed.url);
    return `    <outline type="rss" text="${name}" title="${name}" xmlUrl="${escapeAttribute(feed.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeAttribute(title)}</title>`,
    `    <dateCreated>${created.toUTCString()}</dateCreated>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
