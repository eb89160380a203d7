/**
 * What a feed item carries besides text: its enclosures (RSS <enclosure>, Atom rel="enclosure"
 * links) and its lead image, picked from Media RSS (<media:content>, <media:thumbnail>, inside or
 * outside <media:group>), an image enclosure or <itunes:image>. Every address is resolved against
 * the xml:base in effect and kept only when it is http(s).
 */
import { resolveHttpUrl } from './entities.js';
import { childElements, childrenNamed, type XmlElement } from './xml-tree.js';

export interface FeedEnclosure {
  url: string;
  /** MIME type as the feed gives it ("audio/mpeg"), or null. */
  type: string | null;
  /** Size in bytes as the feed gives it, or null. */
  length: number | null;
}

interface Candidate {
  url: string;
  width: number;
}

const IMAGE_PATH = /\.(?:jpe?g|png|gif|webp|avif)$/i;

/** True when a type or medium says image, or, with neither given, the address ends like an image file. */
function isImage(type: string | undefined, medium: string | undefined, url: string): boolean {
  if (medium) return medium.trim().toLowerCase() === 'image';
  if (type) return /^image\//i.test(type.trim());
  return IMAGE_PATH.test(new URL(url).pathname);
}

/** The element and those inside its <media:group>s, where Media RSS also puts content and thumbnails. */
function withGroups(item: XmlElement): XmlElement[] {
  return [item, ...childrenNamed(item, 'media:group')];
}

function widthOf(element: XmlElement): number {
  const width = Number(element.attrs.width);
  return Number.isFinite(width) && width > 0 ? width : 0;
}

/** The widest candidate; the first one when no width says otherwise. */
function widest(candidates: Candidate[]): string | null {
  let best: Candidate | null = null;
  for (const candidate of candidates) if (!best || candidate.width > best.width) best = candidate;
  return best?.url ?? null;
}

function mediaImages(item: XmlElement): Candidate[] {
  const found: Candidate[] = [];
  for (const holder of withGroups(item)) {
    for (const content of childrenNamed(holder, 'media:content')) {
      const url = resolveHttpUrl(content.attrs.url, content.base);
      if (url && isImage(content.attrs.type, content.attrs.medium, url)) found.push({ url, width: widthOf(content) });
    }
  }
  return found;
}

function mediaThumbnails(item: XmlElement): Candidate[] {
  const found: Candidate[] = [];
  for (const holder of withGroups(item)) {
    for (const thumbnail of childrenNamed(holder, 'media:thumbnail')) {
      const url = resolveHttpUrl(thumbnail.attrs.url, thumbnail.base);
      if (url) found.push({ url, width: widthOf(thumbnail) });
    }
  }
  return found;
}

/** RSS <enclosure url type length> and Atom <link rel="enclosure" href type length>. */
export function enclosuresOf(item: XmlElement): FeedEnclosure[] {
  const enclosures: FeedEnclosure[] = [];
  for (const child of childElements(item)) {
    const isRss = child.name === 'enclosure';
    const isAtom =
      (child.name === 'atom:link' || (child.name === 'link' && child.attrs.href !== undefined)) && child.attrs.rel === 'enclosure';
    if (!isRss && !isAtom) continue;
    const url = resolveHttpUrl(isRss ? child.attrs.url : child.attrs.href, child.base);
    const length = Number(child.attrs.length);
    if (url)
      enclosures.push({ url, type: child.attrs.type?.trim() || null, length: Number.isFinite(length) && length > 0 ? length : null });
  }
  return enclosures;
}

/** The item's lead image: Media RSS content, then thumbnails, then an image enclosure, then <itunes:image>. */
export function imageOf(item: XmlElement, enclosures: FeedEnclosure[]): string | null {
  const itunes = childrenNamed(item, 'itunes:image')[0];
  return (
    widest(mediaImages(item)) ??
    widest(mediaThumbnails(item)) ??
    enclosures.find((e) => isImage(e.type ?? undefined, undefined, e.url))?.url ??
    resolveHttpUrl(itunes?.attrs.href, itunes?.base ?? item.base)
  );
}
