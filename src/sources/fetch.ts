/**
 * The one guarded HTTP fetch every feed and page goes through (docs/adr/0007-guarded-fetch.md):
 * http(s) only; each hop's host resolved here, every address checked, and the connection pinned to
 * the checked address (Host and SNI keep the name); redirects followed by hand (at most 5), each
 * checked again; time limits on connect, headers and the whole fetch; a byte limit counted while
 * streaming, before and after decompression.
 */

import { lookup as dnsLookup } from 'node:dns/promises';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import { pipeline, type Readable, Transform } from 'node:stream';
import zlib from 'node:zlib';
import { ShownError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { type AddressPolicy, refusalReason } from './addresses.js';
import { decodeDocument } from './charset.js';

export const USER_AGENT = 'newsbrief/0.1 (news briefing bot; reads RSS/Atom feeds and the articles they link)';
const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
// Shares of the whole time limit by which a connection, then response headers, must have come.
const CONNECT_SHARE = 0.4;
const HEADERS_SHARE = 0.7;

export type FetchErrorCode =
  | 'bad-url'
  | 'refused-address'
  | 'dns'
  | 'connect'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'decode'
  | 'network';

/**
 * What anyone but the operator is told for a host that is not public and a host that does not exist:
 * telling them apart would let a server member probe which internal names the bot's network resolves.
 */
export const UNREACHABLE_ADDRESS = 'Cannot fetch that address: its host was not found, or it is not a public address.';

/** A fetch that failed; the message names the URL (its credentials redacted) and what was expected. */
export class FetchError extends ShownError {
  override name = 'FetchError';
  /** The URL that failed, as shown: without user:password or secret parameter values. */
  readonly url: string;
  /** For the operator's log only (e.g. the internal address a host resolved to); never shown to users. */
  readonly logDetail?: string;

  constructor(
    readonly code: FetchErrorCode,
    url: string,
    detail: string,
    readonly status?: number,
    /** Seconds the server asked us to wait (Retry-After), when it said. */
    readonly retryAfterSeconds?: number,
    logDetail?: string,
  ) {
    super(redactUrl(`${url}: ${detail}`));
    this.url = redactUrl(url);
    if (logDetail !== undefined) this.logDetail = redactUrl(logDetail);
  }

  override get publicMessage(): string | undefined {
    return this.code === 'refused-address' || this.code === 'dns' ? UNREACHABLE_ADDRESS : undefined;
  }
}

export interface Resolved {
  address: string;
  family: number;
}

export interface FetchOptions extends AddressPolicy {
  maxBytes: number;
  /** The whole fetch, redirects included. */
  timeoutMs: number;
  maxRedirects?: number;
  accept?: string;
  /** Conditional GET validators from the last fetch. */
  etag?: string | null;
  lastModified?: string | null;
  /** DNS, injectable for tests; every address it returns is checked. */
  resolve?: (host: string) => Promise<Resolved[]>;
  signal?: AbortSignal;
}

export interface FetchResult {
  /** The URL finally answered, after redirects. */
  url: string;
  status: number;
  /** 304: the validators matched; body is empty. */
  notModified: boolean;
  etag: string | null;
  lastModified: string | null;
  contentType: string | null;
  body: Buffer;
}

const systemResolve = async (host: string): Promise<Resolved[]> => dnsLookup(host, { all: true, verbatim: true });

/** Parses a URL we are about to fetch, refusing anything but http and https. */
export function parseFetchUrl(text: string, context = 'URL'): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new FetchError('bad-url', text, `not a valid ${context} (expected http:// or https://)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad-url', text, `${context} scheme ${url.protocol} refused (only http and https)`);
  }
  if (url.username || url.password) throw new FetchError('bad-url', text, `${context} with credentials refused`);
  return url;
}

interface Target {
  url: URL;
  host: string;
  port: number;
  address: Resolved;
}

/** Resolves a URL's host and checks every address it has; one refused address refuses the host. */
async function resolveTarget(url: URL, options: FetchOptions, signal: AbortSignal, via: URL | null): Promise<Target> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);
  const family = isIP(host);
  const addresses = family
    ? [{ address: host, family }]
    : await abortable((options.resolve ?? systemResolve)(host), signal).catch((error: unknown) => {
        if (signal.aborted) throw signal.reason;
        throw new FetchError('dns', url.href, `host ${host} not found (${(error as Error).message})`);
      });
  if (addresses.length === 0) throw new FetchError('dns', url.href, `host ${host} has no address`);
  for (const resolved of addresses) {
    const reason = refusalReason(resolved.address, port, options);
    if (!reason) continue;
    const redirected = via ? ` (redirected from ${via.href})` : '';
    // Users learn only that the host is not public; the address it resolved to would map the network.
    const logDetail = family ? reason : `${host} resolves to ${reason}`;
    throw new FetchError(
      'refused-address',
      url.href,
      `refused: ${host} is not a public address${redirected}`,
      undefined,
      undefined,
      logDetail,
    );
  }
  return { url, host, port, address: addresses[0]! };
}

function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** A lookup that answers only the address already checked, so the socket cannot reach another one. */
function pinnedLookup(resolved: Resolved): LookupFunction {
  return ((_host: string, opts: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (opts.all) callback(null, [{ address: resolved.address, family: resolved.family }]);
    else callback(null, resolved.address, resolved.family);
  }) as LookupFunction;
}

function requestHeaders(options: FetchOptions): http.OutgoingHttpHeaders {
  return {
    'user-agent': USER_AGENT,
    accept: options.accept ?? '*/*',
    'accept-encoding': 'gzip, deflate, br',
    ...(options.etag ? { 'if-none-match': options.etag } : {}),
    ...(options.lastModified ? { 'if-modified-since': options.lastModified } : {}),
  };
}

/** Describes a socket-level error for the user: what failed, not a stack. */
function networkError(error: unknown, url: string, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof FetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code === 'ECONNREFUSED') return new FetchError('connect', url, 'connection refused');
  if (code === 'ECONNRESET') return new FetchError('network', url, 'connection reset by the server');
  return new FetchError('network', url, `network error (${code || (error as Error).message})`);
}

/** Sends one GET and waits for the response headers, within the connect and headers limits. */
function openResponse(target: Target, options: FetchOptions, signal: AbortSignal): Promise<http.IncomingMessage> {
  const href = target.url.href;
  const secure = target.url.protocol === 'https:';
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request({
      host: target.host,
      port: target.port,
      path: `${target.url.pathname}${target.url.search}`,
      method: 'GET',
      headers: requestHeaders(options),
      lookup: pinnedLookup(target.address),
      ...(secure && !isIP(target.host) ? { servername: target.host } : {}),
      agent: false,
    });
    const fail = (code: FetchErrorCode, detail: string) => request.destroy(new FetchError(code, href, detail));
    const connectMs = Math.round(options.timeoutMs * CONNECT_SHARE);
    const headersMs = Math.round(options.timeoutMs * HEADERS_SHARE);
    const connectTimer = setTimeout(() => fail('timeout', `no connection within ${connectMs} ms`), connectMs);
    const headersTimer = setTimeout(() => fail('timeout', `no response headers within ${headersMs} ms`), headersMs);
    const onAbort = () => request.destroy(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    const settle = () => {
      clearTimeout(connectTimer);
      clearTimeout(headersTimer);
      signal.removeEventListener('abort', onAbort);
    };
    request.on('socket', (socket) => socket.once(secure ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer)));
    request.on('response', (response) => {
      settle();
      resolve(response);
    });
    request.on('error', (error) => {
      settle();
      reject(networkError(error, href, signal));
    });
    request.end();
  });
}

function decompressorFor(encoding: string | undefined, url: string): Transform | null {
  const value = (encoding ?? '').trim().toLowerCase();
  if (value === '' || value === 'identity') return null;
  if (value === 'gzip' || value === 'x-gzip' || value === 'deflate') return zlib.createUnzip();
  if (value === 'br') return zlib.createBrotliDecompress();
  throw new FetchError('decode', url, `unsupported content encoding "${value}"`);
}

/** A pass-through that fails once more than `maxBytes` have gone through it. */
function byteLimit(maxBytes: number, error: () => FetchError): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(error());
      else callback(null, chunk);
    },
  });
}

/** Reads a response body, refusing it past the byte limit (compressed or not) and within the deadline. */
async function readBody(response: http.IncomingMessage, url: string, options: FetchOptions, signal: AbortSignal): Promise<Buffer> {
  const limitMb = (options.maxBytes / 1024 / 1024).toFixed(1);
  const tooLarge = () => new FetchError('too-large', url, `body over the ${limitMb} MB limit`);
  const declared = Number(response.headers['content-length']);
  if (Number.isFinite(declared) && declared > options.maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  const decoder = decompressorFor(response.headers['content-encoding'], url);
  let failure: unknown = null;
  const remember = (error: Error | null) => (failure ??= error);
  const onAbort = () => response.destroy(signal.reason as Error);
  signal.addEventListener('abort', onAbort, { once: true });
  const raw = byteLimit(options.maxBytes, tooLarge);
  const output: Readable = decoder
    ? pipeline(response, raw, decoder, byteLimit(options.maxBytes, tooLarge), remember)
    : pipeline(response, raw, remember);
  const chunks: Buffer[] = [];
  try {
    for await (const chunk of output) chunks.push(chunk as Buffer);
  } catch (error) {
    throw bodyError(failure ?? error, url, signal);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (failure) throw bodyError(failure, url, signal);
  return Buffer.concat(chunks);
}

function bodyError(error: unknown, url: string, signal: AbortSignal): unknown {
  if (signal.aborted) return signal.reason;
  if (error instanceof FetchError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? '';
  if (code.startsWith('Z_') || code.startsWith('ERR__ERROR_FORMAT') || code.includes('BROTLI')) {
    return new FetchError('decode', url, 'body could not be decompressed');
  }
  return networkError(error, url, signal);
}

function headerText(value: string | string[] | undefined): string | null {
  const text = Array.isArray(value) ? value[0] : value;
  return text?.trim() || null;
}

function retryAfterSeconds(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isFinite(date) ? Math.max(0, Math.round((date - now) / 1000)) : undefined;
}

/** Fetches a URL through every guard; throws FetchError naming the URL and the reason. */
export async function guardedFetch(input: string, options: FetchOptions): Promise<FetchResult> {
  const controller = new AbortController();
  const timer = setTimeout(
    () => controller.abort(new FetchError('timeout', input, `no complete answer within ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  const onOuterAbort = () => controller.abort(new FetchError('network', input, 'fetch cancelled'));
  if (options.signal?.aborted) onOuterAbort();
  else options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  try {
    return await followRedirects(parseFetchUrl(input), options, controller.signal);
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
}

/** A Location header resolved against the URL that sent it; an unparsable one is the server's error, named as such. */
function redirectTarget(location: string, from: URL): string {
  try {
    return new URL(location, from).href;
  } catch {
    // Redacted before it is cut, so a cut cannot leave part of a password unrecognised.
    const safe = redactUrl(location);
    const shown = JSON.stringify(safe.length > 200 ? `${safe.slice(0, 200)}...` : safe);
    throw new FetchError('bad-url', from.href, `redirects to an invalid address ${shown}`);
  }
}

async function followRedirects(start: URL, options: FetchOptions, signal: AbortSignal): Promise<FetchResult> {
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  let url = start;
  let via: URL | null = null;
  for (let hop = 0; ; hop++) {
    const response = await openResponse(await resolveTarget(url, options, signal, via), options, signal);
    const status = response.statusCode ?? 0;
    const location = headerText(response.headers.location);
    if (REDIRECT_STATUSES.has(status) && location) {
      response.destroy();
      if (hop >= maxRedirects) throw new FetchError('too-many-redirects', start.href, `more than ${maxRedirects} redirects`);
      via = url;
      url = parseFetchUrl(redirectTarget(location, url), `redirect target (from ${url.href})`);
      continue;
    }
    const result = {
      url: url.href,
      status,
      notModified: status === 304,
      etag: headerText(response.headers.etag),
      lastModified: headerText(response.headers['last-modified']),
      contentType: headerText(response.headers['content-type']),
    };
    if (status === 304) {
      response.destroy();
      return { ...result, body: Buffer.alloc(0) };
    }
    if (status < 200 || status > 299) {
      response.destroy();
      const wait = retryAfterSeconds(headerText(response.headers['retry-after']) ?? undefined, Date.now());
      throw new FetchError('http-status', url.href, `HTTP ${status} (expected 200)`, status, wait);
    }
    return { ...result, body: await readBody(response, url.href, options, signal) };
  }
}

/**
 * The body as text by its declared charset (BOM, Content-Type, XML declaration, <meta>), else UTF-8,
 * or Windows-1252 when it is not valid UTF-8 (src/sources/charset.ts). Throws CharsetError for an unknown label.
 */
export function bodyText(body: Buffer, contentType: string | null): string {
  return decodeDocument(body, contentType);
}
