import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyAddress, refusalReason } from '../src/sources/addresses.js';
import { bodyText, FetchError, type FetchOptions, guardedFetch, USER_AGENT } from '../src/sources/fetch.js';
import { canonicalUrl } from '../src/sources/urls.js';
import { conditional, gzipBomb, HttpFake, hugeBody, redirect, respond, silent, trickle } from './support/http-fake.js';

const MB = 1024 * 1024;
let server: HttpFake;
let internal: HttpFake;

function options(extra: Partial<FetchOptions> = {}): FetchOptions {
  return { maxBytes: 5 * MB, timeoutMs: 5000, allowLoopback: [server.port], ...extra };
}

async function failure(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

beforeAll(async () => {
  server = await HttpFake.start();
  // Stands for a service on the bot's own machine that a feed must never reach.
  internal = await HttpFake.start();
  internal.route('/secret', respond(200, 'internal secret', { 'content-type': 'text/plain' }));
  server
    .route('/feed.xml', conditional('<rss version="2.0"><channel><title>T</title></channel></rss>', 'application/rss+xml'))
    .route('/hop1', redirect('/hop2', 301))
    .route('/hop2', redirect('/feed.xml', 307))
    .route('/to-internal', redirect(`http://127.0.0.1:${internal.port}/secret`))
    .route('/to-localhost', redirect('http://127.0.0.1/admin'))
    .route('/to-metadata', redirect('http://169.254.169.254/latest/meta-data/'))
    .route('/to-mapped', redirect('http://[::ffff:169.254.169.254]/'))
    .route('/to-file', redirect('file:///etc/passwd'))
    .route('/loop', redirect('/loop'))
    .route('/bad-location', redirect('http://[broken'))
    .route('/bad-location-secret', redirect('http://editor:hunter2@[broken/feed'))
    .route('/huge', hugeBody(50 * MB, false))
    .route('/huge-declared', hugeBody(50 * MB, true))
    .route('/bomb', gzipBomb(50 * MB))
    .route('/trickle', trickle(100))
    .route('/silent', silent())
    .route('/gone', respond(410, 'gone'))
    .route('/busy', respond(503, 'busy', { 'retry-after': '120' }))
    .route('/latin1', respond(200, Buffer.from('<p>caf\xe9</p>', 'latin1'), { 'content-type': 'text/html; charset=iso-8859-1' }));
});

afterAll(async () => {
  await server.close();
  await internal.close();
});

describe('guarded fetch', () => {
  it('sends an honest user agent and answers 304 to a conditional GET', async () => {
    const first = await guardedFetch(server.url('/feed.xml'), options());
    expect(first.status).toBe(200);
    expect(first.etag).toBe('"v1"');
    expect(server.requests.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
    const second = await guardedFetch(server.url('/feed.xml'), options({ etag: first.etag, lastModified: first.lastModified }));
    expect(second.notModified).toBe(true);
    expect(second.body.length).toBe(0);
    expect(server.requests.at(-1)?.headers['if-none-match']).toBe('"v1"');
  });

  it('follows redirects and reports the final URL', async () => {
    const result = await guardedFetch(server.url('/hop1'), options());
    expect(result.status).toBe(200);
    expect(result.url).toBe(server.url('/feed.xml'));
  });

  it('refuses loopback itself unless allowed', async () => {
    const error = await failure(guardedFetch(server.url('/feed.xml'), options({ allowLoopback: false })));
    expect(error.code).toBe('refused-address');
    expect(error.message).toContain('refused: 127.0.0.1 is not a public address');
  });

  it('refuses a redirect to another loopback service, which never sees the request', async () => {
    const error = await failure(guardedFetch(server.url('/to-internal'), options()));
    expect(error.code).toBe('refused-address');
    expect(error.message).toContain('127.0.0.1 is not a public address (redirected from');
    expect(internal.hits('/secret')).toBe(0);
  });

  it('refuses a redirect to 127.0.0.1 on a port loopback is not allowed for', async () => {
    const error = await failure(guardedFetch(server.url('/to-localhost'), options()));
    expect(error.code).toBe('refused-address');
    expect(error.message).toContain('redirect');
  });

  it('connects a host name to the address it checked, keeping the name in the Host header', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const result = await guardedFetch(`http://feeds.test:${server.port}/feed.xml`, options({ resolve }));
    expect(result.status).toBe(200);
    expect(server.requests.at(-1)?.headers.host).toBe(`feeds.test:${server.port}`);
  });

  it('checks the address a host name resolves to, not the name', async () => {
    const resolve = async () => [{ address: '127.0.0.1', family: 4 }];
    const error = await failure(guardedFetch('http://news.example/', options({ allowLoopback: false, resolve })));
    expect(error.message).toBe('http://news.example/: refused: news.example is not a public address');
  });

  it('tells users a host is not public without the internal address it resolves to, which only the log gets', async () => {
    const resolve = async () => [{ address: '10.1.2.3', family: 4 }];
    const error = await failure(guardedFetch('http://db.internal/', options({ resolve })));
    expect(error.message).toBe('http://db.internal/: refused: db.internal is not a public address');
    expect(error.message).not.toContain('10.1.2.3');
    expect(error.logDetail).toBe('db.internal resolves to 10.1.2.3 is a private address');
  });

  it('refuses redirects to cloud metadata, IPv4-mapped IPv6 included, even with loopback allowed', async () => {
    const direct = await failure(guardedFetch(server.url('/to-metadata'), options({ allowLoopback: true })));
    expect(direct.code).toBe('refused-address');
    expect(direct.message).toContain('169.254.169.254 is not a public address');
    expect(direct.logDetail).toBe('169.254.169.254 is a metadata address');
    const mapped = await failure(guardedFetch(server.url('/to-mapped'), options({ allowLoopback: true })));
    expect(mapped.code).toBe('refused-address');
  });

  it('refuses non-http schemes, also as a redirect target', async () => {
    expect((await failure(guardedFetch('file:///etc/passwd', options()))).code).toBe('bad-url');
    expect((await failure(guardedFetch(server.url('/to-file'), options()))).code).toBe('bad-url');
  });

  it('names the URL when a redirect points at an unparsable Location, without its credentials', async () => {
    const error = await failure(guardedFetch(server.url('/bad-location'), options()));
    expect(error.code).toBe('bad-url');
    expect(error.message).toBe(`${server.url('/bad-location')}: redirects to an invalid address "http://[broken"`);
    const secret = await failure(guardedFetch(server.url('/bad-location-secret'), options()));
    expect(secret.message).toContain('redirects to an invalid address "http://***@[broken/feed"');
    expect(secret.message).not.toContain('hunter2');
  });

  it('stops after five redirects', async () => {
    expect((await failure(guardedFetch(server.url('/loop'), options()))).code).toBe('too-many-redirects');
  });

  it('cuts a 50 MB body at the limit while streaming, with or without Content-Length', async () => {
    const started = Date.now();
    const chunked = await failure(guardedFetch(server.url('/huge'), options({ maxBytes: 1 * MB })));
    expect(chunked.code).toBe('too-large');
    expect(chunked.message).toContain('1.0 MB limit');
    const declared = await failure(guardedFetch(server.url('/huge-declared'), options({ maxBytes: 1 * MB })));
    expect(declared.code).toBe('too-large');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('limits decompression the same way (a gzip bomb)', async () => {
    const error = await failure(guardedFetch(server.url('/bomb'), options({ maxBytes: 1 * MB })));
    expect(error.code).toBe('too-large');
  });

  it('stops a trickling body at the time limit', async () => {
    const started = Date.now();
    const error = await failure(guardedFetch(server.url('/trickle'), options({ timeoutMs: 1000 })));
    expect(error.code).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('stops waiting for headers that never come', async () => {
    const error = await failure(guardedFetch(server.url('/silent'), options({ timeoutMs: 1000 })));
    expect(error.code).toBe('timeout');
    expect(error.message).toContain('no response headers');
  });

  it('names the status and keeps Retry-After', async () => {
    const gone = await failure(guardedFetch(server.url('/gone'), options()));
    expect(gone.status).toBe(410);
    expect(gone.message).toContain('HTTP 410');
    const busy = await failure(guardedFetch(server.url('/busy'), options()));
    expect(busy.retryAfterSeconds).toBe(120);
  });

  it('decodes the charset the server declares', async () => {
    const result = await guardedFetch(server.url('/latin1'), options());
    expect(bodyText(result.body, result.contentType)).toBe('<p>café</p>');
  });
});

describe('address ranges', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.20.0.1', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'cgnat'],
    ['169.254.10.10', 'link-local'],
    ['169.254.169.254', 'metadata'],
    ['100.100.100.200', 'metadata'],
    ['224.0.0.1', 'multicast'],
    ['0.0.0.0', 'reserved'],
    ['255.255.255.255', 'reserved'],
    ['::1', 'loopback'],
    ['::', 'reserved'],
    ['fe80::1', 'link-local'],
    ['fd00::1', 'private'],
    ['fd00:ec2::254', 'metadata'],
    ['ff02::1', 'multicast'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:a9fe:a9fe', 'metadata'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['2002:c0a8:0101::1', 'private'],
  ])('%s is %s', (address, kind) => {
    expect(classifyAddress(address)).toBe(kind);
  });

  it.each(['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('%s is public', (address) => {
    expect(classifyAddress(address)).toBeNull();
  });

  it('allows loopback only by explicit setting, and only loopback', () => {
    expect(refusalReason('127.0.0.1', 80)).not.toBeNull();
    expect(refusalReason('127.0.0.1', 80, { allowLoopback: true })).toBeNull();
    expect(refusalReason('127.0.0.1', 81, { allowLoopback: [80] })).not.toBeNull();
    expect(refusalReason('10.0.0.1', 80, { allowLoopback: true })).not.toBeNull();
  });
});

describe('canonical URLs', () => {
  it('strips tracking parameters, fragments and default ports, and sorts the rest', () => {
    expect(canonicalUrl('HTTPS://News.Example:443/a/b?utm_source=rss&id=7&fbclid=x&b=2#top')).toBe('https://news.example/a/b?b=2&id=7');
    expect(canonicalUrl('https://news.example/a?utm_medium=feed')).toBe('https://news.example/a');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
  });
});
