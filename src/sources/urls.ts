/** Canonical URLs: one spelling per story, so the same article linked from two feeds is stored once. */

// Query parameters that say where a click came from, never which page it is.
const TRACKING_PREFIXES: readonly string[] = ['utm_', 'mc_', 'pk_', 'mtm_', 'ns_', 'at_', 'hsa_', '_hs', 'oly_', 'vero_', 'ga_'];
const TRACKING_NAMES: ReadonlySet<string> = new Set([
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'msclkid',
  'yclid',
  'twclid',
  'ttclid',
  'igshid',
  'igsh',
  'mkt_tok',
  'ref',
  'ref_src',
  'ref_url',
  'referrer',
  'cmpid',
  'cmp',
  'ocid',
  'smid',
  'smtyp',
  'wt.mc_id',
  'wt.mc_ev',
  'sr_share',
  'fsrc',
  'rss',
  'xtor',
  'algo_pvid',
  'spm',
  'si',
  'partner',
  'via',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  '__twitter_impression',
  'ito',
  'in_source',
]);
const DEFAULT_PORTS: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** True for a query parameter that only tracks the click. */
export function isTrackingParameter(name: string): boolean {
  const lower = name.toLowerCase();
  return TRACKING_NAMES.has(lower) || TRACKING_PREFIXES.some((prefix) => lower.startsWith(prefix));
}

/**
 * The canonical spelling of an http(s) URL: lower-case host, no default port, no fragment, no
 * tracking parameters, the rest sorted; null when the text is not an http(s) URL.
 */
export function canonicalUrl(text: string, base?: string): string | null {
  let url: URL;
  try {
    url = new URL(text.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  url.username = '';
  url.password = '';
  if (url.port === DEFAULT_PORTS[url.protocol]) url.port = '';
  const kept = [...url.searchParams].filter(([name]) => !isTrackingParameter(name));
  kept.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  url.search = kept.length > 0 ? new URLSearchParams(kept).toString() : '';
  return url.href;
}

/** The host without "www.", to compare sites. */
export function siteOf(url: string): string | null {
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return null;
  }
}

/** True when two URLs are on the same site (ignoring "www."), so a page's own canonical link can be trusted. */
export function sameSite(a: string, b: string): boolean {
  const siteA = siteOf(a);
  return siteA !== null && siteA === siteOf(b);
}
