/** What a command answers with: plain data that each face (Discord, console) renders its own way. */
import { isPlausibleDate } from './articles/trusted-date.js';
import { otherOutlets, type StoryHeadline } from './news/stories.js';

export interface ViewLink {
  label: string;
  url: string | null;
  /** Extra text such as "Reuters · 2025-03-30". */
  detail?: string;
}

/** A picture that goes with an entry: an article's lead image. Discord shows it; the console shows nothing of it. */
export interface ViewImage {
  url: string;
  /** 'thumbnail': small, beside the list it belongs to (headline lists); 'large': under it (a briefing's top story). */
  size: 'thumbnail' | 'large';
}

/** An entry's image field for an article's image address: nothing when it has none. */
export function withImage(url: string | null | undefined, size: ViewImage['size']): { image?: ViewImage } {
  return url ? { image: { url, size } } : {};
}

export interface ViewEntry {
  text: string;
  /** A secondary line: source and date, or a quote's speaker. */
  detail?: string;
  url?: string | null;
  /** 1-based numbers into `View.sources` that this entry cites. */
  cites?: number[];
  /** Render the text as a quotation. */
  quoted?: boolean;
  /** A section heading (numbering restarts after it), or a plain line of prose. */
  kind?: 'heading' | 'note';
  /** The article's lead image, for faces that show pictures. */
  image?: ViewImage;
}

export interface ViewButton {
  /** Carries the whole query, so the button still works after a restart. */
  id: string;
  label: string;
  disabled?: boolean;
}

/** A file that goes with an answer (an OPML export): attached in Discord, printed after the answer in the console. */
export interface ViewFile {
  name: string;
  content: string;
  description?: string;
}

/**
 * A bar chart: Discord shows it as a picture (a PNG attachment with alt text), the console as a
 * sparkline; where the picture cannot be drawn, Discord shows the sparkline too.
 */
export interface ViewChart {
  /** Drawn at the top of the picture. */
  title: string;
  xLabel: string;
  yLabel: string;
  /** One bar per point, left to right. */
  points: { label: string; value: number }[];
  /** Alt text: what the picture shows, in words. */
  description: string;
  /** The attachment's file name (Discord shows `attachment://<name>` in the embed). */
  fileName: string;
}

export interface View {
  title: string;
  /** A chart shown above the entries. */
  chart?: ViewChart;
  entries: ViewEntry[];
  /** Numbered sources that entries cite. */
  sources?: ViewLink[];
  /** Shown instead of entries when there are none. */
  empty?: string;
  footer?: string;
  buttons?: ViewButton[];
  /** Shown only to the person who asked. */
  ephemeral?: boolean;
  /** Files that go with the answer. */
  files?: ViewFile[];
}

/** A one-line answer only the caller sees ("Removed feed #3."). */
export function noteView(title: string, text: string): View {
  return { title, entries: [{ text, kind: 'note' }], ephemeral: true };
}

/** A view that only says something went wrong, to the person who asked. */
export function errorView(message: string): View {
  return { title: 'Something went wrong', entries: [], empty: message, ephemeral: true };
}

/**
 * "Reuters · 2025-03-30": an article's source and publication day, whichever are known. An undated
 * article shows no day (nor does a placeholder such as "0001-01-01" left by an older store).
 */
export function describeArticle(article: { source: string | null; published: string | null }): string {
  const day = isPlausibleDate(article.published) ? article.published.slice(0, 10) : null;
  return [article.source, day].filter(Boolean).join(' · ');
}

/** Other outlets named on a story's line; the rest are counted. */
const OUTLETS_NAMED = 3;

/** "Reuters · 2025-03-30 · +2 outlets: BBC, AP": the lead report's source and day, and who else reports the story. */
export function describeStory(story: StoryHeadline): string {
  const outlets = otherOutlets(story);
  if (outlets.length === 0) {
    // Reports of the same outlet, or of none named (files): counted, not named.
    const more = story.alsoIn.length;
    return [describeArticle(story), more ? `+${more} more report${more === 1 ? '' : 's'}` : ''].filter(Boolean).join(' · ');
  }
  const named = outlets.slice(0, OUTLETS_NAMED).join(', ') + (outlets.length > OUTLETS_NAMED ? ', …' : '');
  const also = `+${outlets.length} outlet${outlets.length === 1 ? '' : 's'}: ${named}`;
  return [describeArticle(story), also].filter(Boolean).join(' · ');
}

/** What a citation shows of an article. */
type ArticleRefLike = Pick<StoryHeadline, 'title' | 'url' | 'source' | 'published'>;

/** The parts of a briefing a view needs; structurally a news Briefing. */
interface BriefingLike {
  topics: {
    topic: string;
    headlines: StoryHeadline[];
    summary: { sentences: { text: string; sources: string[] }[]; summarizer: string } | null;
    coveredAbove?: boolean;
  }[];
}

/** A briefing as a view: per topic its new headlines and cited summary, or one line saying nothing is new. */
export function briefingView(briefing: BriefingLike, title: string): View {
  const sources: ViewLink[] = [];
  const numberOf = new Map<string, number>();
  const cite = (id: string, ref: ArticleRefLike | undefined): number => {
    if (!numberOf.has(id)) {
      sources.push({ label: ref?.title ?? id, url: ref?.url ?? null, detail: ref ? describeArticle(ref) : undefined });
      numberOf.set(id, sources.length);
    }
    return numberOf.get(id)!;
  };
  const entries: ViewEntry[] = [];
  const generators = new Set<string>();
  // The briefing's top story (its first headline) shows its picture large.
  let topListed = false;
  for (const { topic, headlines, summary, coveredAbove } of briefing.topics) {
    entries.push({ text: topic, kind: 'heading' });
    if (headlines.length === 0) {
      const note = coveredAbove ? `What is new on ${topic} is listed above.` : `Nothing new on ${topic} since the last briefing.`;
      entries.push({ text: note, kind: 'note' });
      continue;
    }
    const byId = new Map(headlines.flatMap((h) => [h, ...h.alsoIn]).map((h) => [h.id, h]));
    for (const s of summary?.sentences ?? []) {
      entries.push({ text: s.text, cites: s.sources.map((id) => cite(id, byId.get(id))) });
    }
    if (summary) generators.add(summary.summarizer);
    for (const h of headlines) {
      entries.push({ text: h.title, detail: describeStory(h), url: h.url, ...(topListed ? {} : withImage(h.image, 'large')) });
      topListed = true;
    }
  }
  return {
    title,
    entries,
    sources,
    footer: generators.size ? `Summaries by ${[...generators].join(', ')}` : undefined,
  };
}

/** What a notice says of a disabled feed: structurally a FeedRecord. */
export interface DisabledFeed {
  id: number;
  title: string | null;
  url: string;
  statusReason: string | null;
}

/** One disabled feed as an entry: why, and the commands that re-enable or remove it. */
function disabledFeedEntry(feed: DisabledFeed): ViewEntry {
  const reason = feed.statusReason ?? 'it failed too often';
  return {
    text: `#${feed.id} ${feed.title ?? feed.url}`,
    detail: `Disabled: ${reason}. Once it works again, re-enable it with /source enable id:${feed.id} (or stop it with /source remove id:${feed.id}).`,
    url: feed.url,
  };
}

const NOTICE_FOOTER = 'A disabled feed is no longer read; /source list shows every feed of this server.';

/** The notice a server gets once when feeds it reads were disabled (docs/adr/0028-feed-health-notices.md). */
export function disabledFeedsView(feeds: readonly DisabledFeed[]): View {
  return {
    title: feeds.length === 1 ? 'A feed of this server was disabled' : `${feeds.length} feeds of this server were disabled`,
    entries: feeds.map(disabledFeedEntry),
    footer: NOTICE_FOOTER,
  };
}

/** An answer with the disabled-feed notices it delivers added under their own heading. */
export function withDisabledFeeds(view: View, feeds: readonly DisabledFeed[]): View {
  if (feeds.length === 0) return view;
  const heading: ViewEntry = { text: feeds.length === 1 ? 'A feed was disabled' : `${feeds.length} feeds were disabled`, kind: 'heading' };
  const entries = view.entries.length > 0 ? view.entries : view.empty ? [{ text: view.empty, kind: 'note' as const }] : [];
  return { ...view, entries: [...entries, heading, ...feeds.map(disabledFeedEntry)], footer: view.footer ?? NOTICE_FOOTER };
}

/** A followed topic's new story, one message: its first report's title, link, outlet and day. */
export function followAlertView(alert: { topic: string; article: ArticleRefLike }, followId: number): View {
  const { article } = alert;
  return {
    title: `New on ${alert.topic}`,
    entries: [{ text: article.title, detail: describeArticle(article), url: article.url }],
    footer: `Follow #${followId} · /follow list`,
  };
}

/** The parts of a trend a view needs; structurally a news TrendResult. */
interface TrendLike {
  topic: string;
  days: number;
  from: string;
  to: string;
  counts: { day: string; stories: number }[];
  busiest: { day: string; stories: number; headlines: (ArticleRefLike & { reports: number })[] }[];
}

/** The name the picture is attached under; the embed shows `attachment://trend.png`. */
export const TREND_FILE = 'trend.png';

const stories = (n: number): string => (n === 1 ? '1 story' : `${n} stories`);

/** Alt text: the chart in one sentence, with its busiest day. */
function altText(result: TrendLike): string {
  const top = result.busiest[0];
  const peak = top ? `; the busiest day was ${top.day} with ${stories(top.stories)}` : '';
  return `Bar chart of stories per day about "${result.topic}" from ${result.from} to ${result.to} (UTC)${peak}.`;
}

/** Each busy day as a heading over its most-reported stories. */
function busyEntries(result: TrendLike): ViewEntry[] {
  return result.busiest.flatMap((busy) => [
    { text: `${busy.day}: ${stories(busy.stories)}`, kind: 'heading' as const },
    ...busy.headlines.map((h) => ({
      text: h.title,
      detail: [describeArticle(h), h.reports > 1 ? `${h.reports} reports that day` : ''].filter(Boolean).join(' · '),
      url: h.url,
    })),
  ]);
}

/** The trend's chart: one bar per day, oldest first. */
export function trendChart(result: TrendLike): ViewChart {
  return {
    title: `Stories per day: ${result.topic}`,
    xLabel: 'Day (UTC)',
    yLabel: 'Stories',
    points: result.counts.map((c) => ({ label: c.day, value: c.stories })),
    description: altText(result),
    fileName: TREND_FILE,
  };
}

/** The trend as a view: the chart, then the busiest days' stories; nothing to chart when no day had a story. */
export function trendView(result: TrendLike): View {
  return {
    title: `Trend: ${result.topic}`,
    ...(result.busiest.length > 0 ? { chart: trendChart(result) } : {}),
    entries: busyEntries(result),
    empty: `No stories about "${result.topic}" in the last ${result.days === 1 ? 'day' : `${result.days} days`}.`,
    footer: `${result.from} to ${result.to}, UTC days · busiest days first`,
  };
}
