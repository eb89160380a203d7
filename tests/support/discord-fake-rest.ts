/**
 * The REST half of the loopback Discord: records every request, answers scripted faults first,
 * then routes `/api/v10/...` to the few endpoints a bot uses. Unknown routes answer like Discord
 * (404 {code:0}) so a client calling something the fake lacks fails loudly, not silently.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { InteractionLedger, InteractionState } from './discord-fake-interactions.js';
import { commandErrors, type FieldErrors, invalidFormBody, isEmptyMessage, messageErrors } from './discord-fake-limits.js';
import { buildChannel } from './discord-fake-payloads.js';
import type { CommandStore, MessageStore } from './discord-fake-store.js';
import type {
  FakeUser,
  FaultResponse,
  JsonObject,
  RecordedRequest,
  RequestMatcher,
  RouteAnswer,
  UploadedFile,
} from './discord-fake-types.js';
import { isJsonObject } from './discord-fake-types.js';

export interface RestContext {
  token: string;
  applicationId: string;
  bot: FakeUser;
  gatewayUrl: () => string;
  store: MessageStore;
  commands: CommandStore;
  ledger: InteractionLedger;
}

interface Route {
  method: string;
  pattern: RegExp;
  /** Interaction callbacks and webhooks carry their token in the path and no Authorization. */
  auth: boolean;
  answer: (params: string[], request: RecordedRequest) => RouteAnswer;
}

interface Fault {
  matches: (request: RecordedRequest) => boolean;
  response: FaultResponse;
  remaining: number;
}

const API_PREFIX = '/api/v10';
const NOT_FOUND: RouteAnswer = { status: 404, body: { code: 0, message: '404: Not Found' } };
const UNAUTHORIZED: RouteAnswer = { status: 401, body: { code: 0, message: '401: Unauthorized' } };

function error(status: number, code: number, message: string): RouteAnswer {
  return { status, body: { code, message } };
}

function ok(body: unknown): RouteAnswer {
  return { status: 200, body };
}

/** `'POST /interactions/*\/*\/callback'` → a predicate; `*` is one path segment, method optional. */
export function compileMatcher(matcher: RequestMatcher): (request: RecordedRequest) => boolean {
  if (typeof matcher === 'function') return matcher;
  if (matcher instanceof RegExp) return (request) => matcher.test(`${request.method} ${request.path}`);
  const [first, second] = matcher.trim().split(/\s+/);
  const method = second === undefined ? undefined : first?.toUpperCase();
  const glob = second ?? first ?? '';
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]+');
  const pattern = new RegExp(`^${escaped}$`);
  return (request) => (method === undefined || request.method === method) && pattern.test(request.path);
}

/** Default body for a scripted fault, shaped like Discord's for that status. */
function faultBody(response: FaultResponse): unknown {
  if (response.body !== undefined) return response.body;
  if (response.status === 429) {
    const headers = response.headers ?? {};
    const retryAfter = Number(headers['Retry-After'] ?? headers['retry-after'] ?? 1);
    const global = Object.keys(headers).some((h) => h.toLowerCase() === 'x-ratelimit-global');
    return { message: 'You are being rate limited.', retry_after: retryAfter, global, code: 0 };
  }
  return { code: 0, message: `${response.status}: fault scripted by the test` };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

/** The file parts of a multipart body, bytes as sent (a message's attachments: files[0], files[1], ...). */
function fileParts(raw: Buffer, contentType: string | undefined): UploadedFile[] {
  const boundary = contentType?.includes('multipart/form-data') ? /boundary=("?)([^";]+)\1/.exec(contentType)?.[2] : undefined;
  if (boundary === undefined) return [];
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const files: UploadedFile[] = [];
  // Prefixing CRLF lets the first delimiter match like the others.
  const body = Buffer.concat([Buffer.from('\r\n'), raw]);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const next = body.indexOf(delimiter, at + delimiter.length);
    if (next < 0) break;
    const part = body.subarray(at + delimiter.length + 2, next);
    const split = part.indexOf('\r\n\r\n');
    const head = part.subarray(0, split).toString('utf8');
    const filename = /filename="([^"]*)"/.exec(head)?.[1];
    const name = /name="([^"]*)"/.exec(head)?.[1];
    if (split >= 0 && filename !== undefined && name !== undefined) {
      const data = Buffer.from(part.subarray(split + 4));
      files.push({ name, filename, data, content: data.toString('utf8') });
    }
    at = next;
  }
  return files;
}

/** Multipart bodies (messages with files) carry the JSON in a `payload_json` part. */
function payloadJsonPart(raw: string, contentType: string): string | undefined {
  const boundary = /boundary=("?)([^";]+)\1/.exec(contentType)?.[2];
  if (boundary === undefined) return undefined;
  const part = raw.split(`--${boundary}`).find((p) => /name="payload_json"/.test(p));
  return part
    ?.split(/\r?\n\r?\n/)
    .slice(1)
    .join('\n\n')
    .trim();
}

function parseBody(bytes: Buffer, contentType: string | undefined): unknown {
  const raw = bytes.toString('utf8');
  const json = contentType?.includes('multipart/form-data') ? payloadJsonPart(raw, contentType) : raw;
  if (json === undefined || json.length === 0) return undefined;
  return JSON.parse(json);
}

/** Clients percent-encode some segments (`@original` arrives as `%40original`); routes, records
 * and matchers all speak the decoded form. */
function decodePath(pathname: string): string {
  return pathname
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join('/');
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

export class RestApi {
  readonly requests: RecordedRequest[] = [];
  private faults: Fault[] = [];
  private readonly routes: Route[];

  constructor(
    private readonly ctx: RestContext,
    private readonly onChange: () => void,
  ) {
    this.routes = this.buildRoutes();
  }

  failNext(matcher: RequestMatcher, response: FaultResponse): void {
    this.faults.push({ matches: compileMatcher(matcher), response, remaining: response.times ?? 1 });
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const receivedAt = Date.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const contentType = headerValue(req, 'content-type');
    const raw = await readBody(req);
    const request: RecordedRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      path: decodePath(url.pathname.startsWith(API_PREFIX) ? url.pathname.slice(API_PREFIX.length) : url.pathname),
      query: Object.fromEntries(url.searchParams),
      body: undefined,
      headers: {
        authorization: headerValue(req, 'authorization'),
        contentType,
        userAgent: headerValue(req, 'user-agent'),
        auditLogReason: headerValue(req, 'x-audit-log-reason'),
      },
      receivedAt,
      status: 0,
      faulted: false,
    };
    this.requests.push(request);
    let answer: RouteAnswer;
    try {
      request.body = parseBody(raw, contentType);
      const files = fileParts(raw, contentType);
      if (files.length > 0) request.files = files;
      answer = url.pathname.startsWith(API_PREFIX) ? this.answer(request) : NOT_FOUND;
    } catch (cause) {
      answer =
        cause instanceof SyntaxError
          ? error(400, 50109, 'The request body contains invalid JSON.')
          : error(500, 0, `500: discord-fake failed: ${String(cause)}`);
    }
    request.status = answer.status;
    if (answer.stall === true) return;
    this.send(res, answer);
    this.onChange();
  }

  private answer(request: RecordedRequest): RouteAnswer {
    const fault = this.takeFault(request);
    if (fault !== undefined) {
      request.faulted = true;
      return { status: fault.status, body: faultBody(fault), headers: fault.headers ?? {}, stall: fault.stall };
    }
    const candidates = this.routes.filter((route) => route.pattern.test(request.path));
    const route = candidates.find((r) => r.method === request.method);
    if (route === undefined) return candidates.length > 0 ? error(405, 0, '405: Method Not Allowed') : NOT_FOUND;
    if (route.auth && request.headers.authorization !== `Bot ${this.ctx.token}`) return UNAUTHORIZED;
    const params = route.pattern.exec(request.path)?.slice(1) ?? [];
    return route.answer(params, request);
  }

  private takeFault(request: RecordedRequest): FaultResponse | undefined {
    const fault = this.faults.find((f) => f.remaining > 0 && f.matches(request));
    if (fault === undefined) return undefined;
    fault.remaining -= 1;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault.response;
  }

  private send(res: ServerResponse, answer: RouteAnswer): void {
    const headers: Record<string, string> = { ...(answer.headers ?? {}) };
    if (answer.body === undefined || answer.status === 204) {
      res.writeHead(answer.status, headers).end();
      return;
    }
    headers['Content-Type'] = 'application/json';
    res.writeHead(answer.status, headers).end(JSON.stringify(answer.body));
  }

  private buildRoutes(): Route[] {
    const id = '(\\d{1,20})';
    const token = '([^/]+)';
    const message = '(@original|\\d{1,20})';
    const route = (method: string, path: string, auth: boolean, answer: Route['answer']): Route => ({
      method,
      pattern: new RegExp(`^${path}$`),
      auth,
      answer,
    });
    return [
      route('GET', '/gateway/bot', true, () => ok(this.gatewayBot())),
      route('GET', '/gateway', false, () => ok({ url: this.ctx.gatewayUrl() })),
      route('GET', '/users/@me', true, () => ok(this.ctx.bot)),
      route('GET', '/applications/@me', true, () => ok(this.application())),
      route('GET', `/applications/${id}/commands`, true, ([app]) => this.listCommands(app, 'global')),
      route('PUT', `/applications/${id}/commands`, true, ([app], r) => this.putCommands(app, 'global', r.body)),
      route('POST', `/applications/${id}/commands`, true, ([app], r) => this.postCommand(app, 'global', r.body)),
      route('GET', `/applications/${id}/guilds/${id}/commands`, true, ([app, guild]) => this.listCommands(app, guild)),
      route('PUT', `/applications/${id}/guilds/${id}/commands`, true, ([app, guild], r) => this.putCommands(app, guild, r.body)),
      route('POST', `/applications/${id}/guilds/${id}/commands`, true, ([app, guild], r) => this.postCommand(app, guild, r.body)),
      route('POST', `/interactions/${id}/${token}/callback`, false, ([iid, tok], r) => this.ctx.ledger.callback(iid ?? '', tok ?? '', r)),
      route('POST', `/webhooks/${id}/${token}`, false, ([app, tok], r) =>
        this.viaWebhook(app, tok, r, true, (s) => this.ctx.ledger.followUp(s, this.objectBody(r), r.query.wait === 'true')),
      ),
      route('PATCH', `/webhooks/${id}/${token}/messages/${message}`, false, ([app, tok, mid], r) =>
        this.viaWebhook(app, tok, r, false, (s) => this.ctx.ledger.editMessage(s, mid ?? '', this.objectBody(r))),
      ),
      route('GET', `/webhooks/${id}/${token}/messages/${message}`, false, ([app, tok, mid], r) =>
        this.viaWebhook(app, tok, r, false, (s) => this.ctx.ledger.fetchMessage(s, mid ?? '')),
      ),
      route('DELETE', `/webhooks/${id}/${token}/messages/${message}`, false, ([app, tok, mid], r) =>
        this.viaWebhook(app, tok, r, false, (s) => this.ctx.ledger.deleteMessage(s, mid ?? '')),
      ),
      route('GET', `/channels/${id}`, true, ([channel]) => this.getChannel(channel ?? '')),
      route('POST', `/channels/${id}/messages`, true, ([channel], r) => this.postMessage(channel ?? '', this.objectBody(r))),
    ];
  }

  private objectBody(request: RecordedRequest): JsonObject {
    return isJsonObject(request.body) ? request.body : {};
  }

  private gatewayBot(): JsonObject {
    return {
      url: this.ctx.gatewayUrl(),
      shards: 1,
      session_start_limit: { total: 1000, remaining: 999, reset_after: 14_400_000, max_concurrency: 1 },
    };
  }

  private application(): JsonObject {
    return {
      id: this.ctx.applicationId,
      name: this.ctx.bot.username,
      icon: null,
      description: '',
      bot_public: false,
      bot_require_code_grant: false,
      flags: 0,
      bot: this.ctx.bot,
    };
  }

  private viaWebhook(
    app: string | undefined,
    token: string | undefined,
    request: RecordedRequest,
    forFollowUp: boolean,
    act: (state: InteractionState) => RouteAnswer,
  ): RouteAnswer {
    const target = this.ctx.ledger.webhookTarget(app ?? '', token ?? '', request.receivedAt, forFollowUp);
    return 'status' in target ? target : act(target);
  }

  private unknownApplication(app: string | undefined): RouteAnswer | undefined {
    return app === this.ctx.applicationId ? undefined : error(404, 10002, 'Unknown Application');
  }

  private listCommands(app: string | undefined, scope: string | undefined): RouteAnswer {
    return this.unknownApplication(app) ?? ok(this.ctx.commands.list(scope ?? 'global'));
  }

  private putCommands(app: string | undefined, scope: string | undefined, body: unknown): RouteAnswer {
    const refused = this.unknownApplication(app);
    if (refused !== undefined) return refused;
    if (!Array.isArray(body)) return invalidFormBody({ _errors: [{ code: 'BASE_TYPE_ARRAY', message: 'Must be an array.' }] });
    const commands = body.filter(isJsonObject);
    const errors = commands.map((c, i) => commandErrors(c, i)).filter((e): e is FieldErrors => e !== null);
    if (errors.length > 0) return invalidFormBody(Object.assign({}, ...errors) as FieldErrors);
    return ok(this.ctx.commands.overwrite(scope ?? 'global', commands));
  }

  private postCommand(app: string | undefined, scope: string | undefined, body: unknown): RouteAnswer {
    const refused = this.unknownApplication(app);
    if (refused !== undefined) return refused;
    const command = isJsonObject(body) ? body : {};
    const errors = commandErrors(command, 0);
    if (errors !== null) return invalidFormBody(errors);
    return { status: 201, body: this.ctx.commands.upsert(scope ?? 'global', command) };
  }

  private getChannel(channelId: string): RouteAnswer {
    const spec = this.ctx.store.channel(channelId);
    return spec === undefined ? error(404, 10003, 'Unknown Channel') : ok(buildChannel(spec, this.ctx.bot.id));
  }

  private postMessage(channelId: string, body: JsonObject): RouteAnswer {
    const spec = this.ctx.store.channel(channelId);
    if (spec === undefined) return error(404, 10003, 'Unknown Channel');
    if (spec.canPost === false) return error(403, 50013, 'Missing Permissions');
    const invalid = messageErrors(body);
    if (invalid !== null) return invalidFormBody(invalid);
    if (isEmptyMessage(body)) return error(400, 50006, 'Cannot send an empty message');
    const posted = this.ctx.store.create({ channelId, guildId: spec.guildId, author: this.ctx.bot, body }, { via: 'channel' });
    return ok(posted.wire);
  }
}
