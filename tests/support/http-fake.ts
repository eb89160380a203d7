/** A loopback HTTP server (127.0.0.1 only) with scripted routes: feeds, pages, redirects, 304s, huge and trickling bodies. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

export type Handler = (request: IncomingMessage, response: ServerResponse) => void;

export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

export class HttpFake {
  readonly requests: RecordedRequest[] = [];
  private readonly routes = new Map<string, Handler>();
  private readonly sockets = new Set<import('node:net').Socket>();

  private constructor(private readonly server: Server) {
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (request, response) => {
      const path = request.url ?? '/';
      this.requests.push({ path, headers: request.headers });
      const handler = this.routes.get(path.split('?')[0]!);
      if (handler) handler(request, response);
      else response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    });
  }

  static async start(): Promise<HttpFake> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return new HttpFake(server);
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  route(path: string, handler: Handler): this {
    this.routes.set(path, handler);
    return this;
  }

  hits(path: string): number {
    return this.requests.filter((r) => r.path.split('?')[0] === path).length;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** A fixed answer. */
export function respond(status: number, body: string | Buffer = '', headers: Record<string, string> = {}): Handler {
  return (_request, response) => response.writeHead(status, headers).end(body);
}

/** A document with an ETag and Last-Modified that answers 304 when the client sends either back. */
export function conditional(
  body: string | (() => string),
  contentType: string,
  etag = '"v1"',
  lastModified = 'Mon, 01 Jan 2024 00:00:00 GMT',
): Handler {
  return (request, response) => {
    if (request.headers['if-none-match'] === etag || request.headers['if-modified-since'] === lastModified) {
      response.writeHead(304, { etag }).end();
      return;
    }
    response.writeHead(200, { 'content-type': contentType, etag, 'last-modified': lastModified });
    response.end(typeof body === 'function' ? body() : body);
  };
}

export function redirect(location: string, status = 302): Handler {
  return respond(status, '', { location });
}

/** Streams `totalBytes` of filler in 64 KB chunks, honouring back-pressure, without ever holding it all. */
export function hugeBody(totalBytes: number, declareLength: boolean): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html', ...(declareLength ? { 'content-length': String(totalBytes) } : {}) });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes && !response.destroyed) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!response.write(piece)) return response.once('drain', pump);
      }
      if (!response.destroyed) response.end();
    };
    response.on('close', () => (sent = totalBytes));
    pump();
  };
}

/** A gzip body that inflates to `inflatedBytes` of zeros: small on the wire, huge once decompressed. */
export function gzipBomb(inflatedBytes: number): Handler {
  const compressed = gzipSync(Buffer.alloc(inflatedBytes));
  return respond(200, compressed, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
}

/** Sends a byte every `everyMs`, forever (until the client gives up). */
export function trickle(everyMs: number): Handler {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html' });
    const timer = setInterval(() => response.write('a'), everyMs);
    response.on('close', () => clearInterval(timer));
  };
}

/** Accepts the request and never answers (no headers). */
export function silent(): Handler {
  return () => undefined;
}

export function rss(
  items: { title: string; link: string; guid?: string; date?: string; description?: string }[],
  title = 'Test Feed',
): string {
  const entries = items
    .map(
      (i) =>
        `<item><title>${i.title}</title><link>${i.link.replace(/&/g, '&amp;')}</link>${i.guid ? `<guid>${i.guid}</guid>` : ''}${
          i.date ? `<pubDate>${i.date}</pubDate>` : ''
        }<description>${i.description ?? ''}</description></item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${title}</title><link>http://example.test/</link>\n${entries}\n</channel></rss>`;
}

/** An article page with enough text to be extracted. */
export function articlePage(title: string, sentences: string[]): string {
  const paragraphs = sentences.map((s) => `<p>${s}</p>`).join('\n');
  return `<!doctype html><html><head><title>${title}</title><meta property="og:site_name" content="Test Times"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>${title}</h1><p class="byline">By Ada Reporter</p>${paragraphs}</article>
<footer>Copyright Test Times</footer></body></html>`;
}
