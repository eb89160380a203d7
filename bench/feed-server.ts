/**
 * The poller benchmark's loopback web: N small RSS feeds (/feed/I.xml, a few items each) and their
 * articles' pages (/article/I-J.html), every answer after a delay, as a far server's would be, so
 * polling is I/O-bound as in life. It counts the requests per feed and per page: a feed fetched
 * twice is a duplicate fetch, which shared pollers must never make.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { generatedArticles, generatedHtmlPage, prng } from './generator.js';
import type { SourceArticle } from './sources.js';

export interface FeedServerOptions {
  feeds: number;
  itemsPerFeed: number;
  /** Each answer waits a delay drawn evenly from this range (milliseconds). */
  delayMs: [number, number];
}

export interface FeedServer {
  /** The URL of feed i. */
  feedUrl(i: number): string;
  /** Requests per feed (index i) so far. */
  readonly feedHits: Uint32Array;
  /** Article page requests so far. */
  pageHits(): number;
  /** Counters back to zero, for the next run. */
  reset(): void;
  close(): Promise<void>;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Feed i: its items, each linking to its page and carrying its text, dated a few hours apart. */
function feedXml(base: string, i: number, items: SourceArticle[]): string {
  const entries = items.map((article, j) => {
    const link = `${base}/article/${i}-${j}.html`;
    const published = new Date(Date.UTC(2026, 11, 5, 12) - ((i * 7 + j) * 3_600_000) / 10).toUTCString();
    return `<item><title>${escapeXml(article.title)}</title><link>${link}</link><guid isPermaLink="true">${link}</guid>
<pubDate>${published}</pubDate><description>${escapeXml(article.paragraphs.join(' '))}</description></item>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Loopback feed ${i}</title>
<link>${base}/</link><description>Bench feed</description>${entries.join('\n')}</channel></rss>`;
}

/** Starts the server on 127.0.0.1 (a free port); the articles are generated once, distinct for every item. */
export async function startFeedServer(options: FeedServerOptions): Promise<FeedServer> {
  const articles = generatedArticles(options.feeds * options.itemsPerFeed, 11);
  const feedHits = new Uint32Array(options.feeds);
  let pages = 0;
  const rand = prng(5);
  const [low, high] = options.delayMs;
  let base = '';
  const server: Server = createServer((request, response) => {
    const feed = /^\/feed\/(\d+)\.xml$/.exec(request.url ?? '');
    const page = /^\/article\/(\d+)-(\d+)\.html$/.exec(request.url ?? '');
    const index = feed ? Number(feed[1]) : page ? Number(page[1]) * options.itemsPerFeed + Number(page[2]) : -1;
    const known = feed ? index < options.feeds : page ? Number(page[2]) < options.itemsPerFeed && index < articles.length : false;
    if (feed && known) feedHits[index]!++;
    if (page && known) pages++;
    setTimeout(
      () => {
        if (!known) return void response.writeHead(404).end();
        if (feed) {
          const items = articles.slice(index * options.itemsPerFeed, (index + 1) * options.itemsPerFeed);
          response.writeHead(200, { 'content-type': 'application/rss+xml; charset=utf-8' }).end(feedXml(base, index, items));
        } else {
          response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(generatedHtmlPage(articles[index]!, index));
        }
      },
      low + rand() * (high - low),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    feedUrl: (i) => `${base}/feed/${i}.xml`,
    feedHits,
    pageHits: () => pages,
    reset() {
      feedHits.fill(0);
      pages = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
