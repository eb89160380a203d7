/**
 * The gateway half of the loopback Discord: HELLO, heartbeats, IDENTIFY → READY (+ GUILD_CREATE),
 * sequence numbers, RESUME with replay, and the server-side moves (RECONNECT, INVALID_SESSION,
 * a dropped socket) that a bot must survive in production. One shard, JSON text frames only.
 */

import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import { buildGuildCreate } from './discord-fake-payloads.js';
import type { FakeGuildSpec, FakeUser, GatewayFrame } from './discord-fake-types.js';
import { isJsonObject } from './discord-fake-types.js';

export interface GatewayContext {
  token: string;
  applicationId: string;
  bot: FakeUser;
  heartbeatIntervalMs: number;
  guilds: FakeGuildSpec[];
  url: () => string;
}

interface LoggedDispatch {
  s: number;
  t: string;
  d: unknown;
}

/** A gateway session: what RESUME continues. Its log is what a resuming client gets replayed. */
interface Session {
  id: string;
  seq: number;
  log: LoggedDispatch[];
  invalid: boolean;
}

interface Connection {
  ws: WebSocket;
  session: Session | undefined;
}

export interface DispatchReceipt {
  s: number | undefined;
  sentAt: number;
  /** False when no client was connected: the event waits in the session log for a RESUME. */
  delivered: boolean;
}

const OP = { dispatch: 0, heartbeat: 1, identify: 2, resume: 6, reconnect: 7, invalidSession: 9, hello: 10, heartbeatAck: 11 } as const;

export class FakeGateway {
  readonly frames: GatewayFrame[] = [];
  /** The URL (path and query) of every connection, in order. */
  readonly connectionUrls: string[] = [];
  identifies = 0;
  /** The [shard, count] each IDENTIFY asked for, in order (a client without sharding sends [0, 1]). */
  readonly identifiedShards: number[][] = [];
  resumes = 0;
  heartbeats = 0;
  /** Set false to stop ACKing heartbeats (the client then treats the link as a zombie). */
  ackHeartbeats = true;
  /** Close codes for the next IDENTIFYs, whatever their token (4004: Discord refused the token). */
  readonly identifyRefusals: { code: number; reason: string }[] = [];
  private readonly wss = new WebSocketServer({ noServer: true });
  private current: Connection | undefined;
  private session: Session | undefined;
  /** Dispatches made before any session exists; sent right after the next READY. */
  private beforeSession: { t: string; d: unknown }[] = [];

  constructor(
    private readonly ctx: GatewayContext,
    private readonly onChange: () => void,
  ) {}

  get sessionId(): string | undefined {
    return this.session?.id;
  }

  get connected(): boolean {
    return this.current?.session !== undefined;
  }

  /** Takes over `upgrade` requests for /gateway; anything else is refused. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/gateway') {
      socket.end('HTTP/1.1 404 Not Found\r\n\r\n');
      return;
    }
    this.connectionUrls.push(`${url.pathname}${url.search}`);
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Sends (or logs for replay) a dispatch with the next sequence number. */
  dispatch(t: string, d: unknown): DispatchReceipt {
    const session = this.session;
    if (session === undefined || session.invalid) {
      this.beforeSession.push({ t, d });
      return { s: undefined, sentAt: Date.now(), delivered: false };
    }
    const entry: LoggedDispatch = { s: ++session.seq, t, d };
    session.log.push(entry);
    const live = this.current?.session === session ? this.current : undefined;
    if (live !== undefined) this.send(live, { op: OP.dispatch, t, s: entry.s, d });
    return { s: entry.s, sentAt: Date.now(), delivered: live !== undefined };
  }

  sendReconnect(): void {
    this.sendToCurrent({ op: OP.reconnect, d: null });
  }

  /** op 9; with `resumable` false the session is gone and the client must IDENTIFY again. */
  sendInvalidSession(resumable: boolean): void {
    if (!resumable && this.session !== undefined) this.session.invalid = true;
    this.sendToCurrent({ op: OP.invalidSession, d: resumable });
    if (!resumable && this.current !== undefined) this.current.session = undefined;
  }

  /** Kills the socket without a close frame, like a network failure (client sees 1006). */
  dropConnection(): void {
    this.current?.ws.terminate();
    this.current = undefined;
  }

  close(): void {
    for (const ws of this.wss.clients) ws.terminate();
    this.wss.close();
    this.current = undefined;
  }

  private accept(ws: WebSocket): void {
    const connection: Connection = { ws, session: undefined };
    this.current = connection;
    ws.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
    ws.on('close', () => {
      if (this.current === connection) this.current = undefined;
      this.onChange();
    });
    this.send(connection, { op: OP.hello, d: { heartbeat_interval: this.ctx.heartbeatIntervalMs } });
  }

  private receive(connection: Connection, data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let payload: unknown;
    try {
      payload = JSON.parse(rawText(data));
    } catch {
      connection.ws.close(4002, 'Error while decoding payload.');
      return;
    }
    if (!isJsonObject(payload) || typeof payload.op !== 'number') return;
    this.frames.push({ direction: 'in', op: payload.op, t: null, s: null, d: payload.d, at: Date.now() });
    this.route(connection, payload.op, payload.d);
    this.onChange();
  }

  private route(connection: Connection, op: number, d: unknown): void {
    if (op === OP.heartbeat) {
      this.heartbeats += 1;
      if (this.ackHeartbeats) this.send(connection, { op: OP.heartbeatAck });
    } else if (op === OP.identify) {
      this.identify(connection, d);
    } else if (op === OP.resume) {
      this.resume(connection, d);
    }
    // Presence updates, member requests and the rest are accepted and ignored.
  }

  private identify(connection: Connection, d: unknown): void {
    const refusal = this.identifyRefusals.shift();
    if (refusal !== undefined) {
      connection.ws.close(refusal.code, refusal.reason);
      return;
    }
    if (!isJsonObject(d) || d.token !== this.ctx.token) {
      connection.ws.close(4004, 'Authentication failed.');
      return;
    }
    if (connection.session !== undefined) {
      connection.ws.close(4005, 'Already authenticated.');
      return;
    }
    const session: Session = { id: randomBytes(16).toString('hex'), seq: 0, log: [], invalid: false };
    this.session = session;
    connection.session = session;
    this.current = connection;
    this.identifies += 1;
    const shard = Array.isArray(d.shard) && d.shard.every((n) => typeof n === 'number') ? (d.shard as number[]) : [0, 1];
    this.identifiedShards.push(shard);
    this.dispatch('READY', this.ready(session, shard));
    for (const guild of this.ctx.guilds) this.dispatch('GUILD_CREATE', buildGuildCreate(guild, this.ctx.bot));
    const waiting = this.beforeSession;
    this.beforeSession = [];
    for (const event of waiting) this.dispatch(event.t, event.d);
  }

  private resume(connection: Connection, d: unknown): void {
    const session = this.session;
    const seq = isJsonObject(d) && typeof d.seq === 'number' ? d.seq : -1;
    const valid =
      isJsonObject(d) &&
      d.token === this.ctx.token &&
      session !== undefined &&
      !session.invalid &&
      d.session_id === session.id &&
      seq >= 0 &&
      seq <= session.seq;
    if (!valid || session === undefined) {
      this.send(connection, { op: OP.invalidSession, d: false });
      return;
    }
    connection.session = session;
    this.current = connection;
    this.resumes += 1;
    for (const entry of session.log.filter((e) => e.s > seq)) {
      this.send(connection, { op: OP.dispatch, t: entry.t, s: entry.s, d: entry.d });
    }
    this.send(connection, { op: OP.dispatch, t: 'RESUMED', s: session.seq, d: {} });
  }

  private ready(session: Session, shard: number[]): Record<string, unknown> {
    return {
      v: 10,
      user: { ...this.ctx.bot, bot: true, verified: true, mfa_enabled: false, flags: 0 },
      guilds: this.ctx.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.ctx.url(),
      shard,
      application: { id: this.ctx.applicationId, flags: 0 },
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      user_settings: {},
      geo_ordered_rtc_regions: [],
    };
  }

  private sendToCurrent(payload: { op: number; d: unknown }): void {
    if (this.current === undefined) throw new Error('discord-fake: no gateway connection to send to');
    this.send(this.current, payload);
  }

  private send(connection: Connection, payload: { op: number; d?: unknown; t?: string; s?: number }): void {
    this.frames.push({ direction: 'out', op: payload.op, t: payload.t ?? null, s: payload.s ?? null, d: payload.d, at: Date.now() });
    if (connection.ws.readyState === connection.ws.OPEN) connection.ws.send(JSON.stringify({ t: null, s: null, d: null, ...payload }));
  }
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.from(data).toString('utf8');
}
