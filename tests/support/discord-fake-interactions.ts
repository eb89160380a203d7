/**
 * Interaction lifecycle as Discord enforces it: one initial callback, within the deadline
 * (3 s) of the INTERACTION_CREATE; edits and follow-ups only after it, while the token lives
 * (15 min). Every rule here is one a bot can break in production, so the fake breaks it too.
 */
import { choiceErrors, invalidFormBody, isEmptyMessage, messageErrors } from './discord-fake-limits.js';
import type { MessageStore } from './discord-fake-store.js';
import type { FakeUser, InteractionCallback, JsonObject, RecordedRequest, RouteAnswer } from './discord-fake-types.js';
import { isJsonObject } from './discord-fake-types.js';

/** One interaction the fake sent, and what has happened to it since. */
export interface InteractionState {
  id: string;
  token: string;
  type: number;
  applicationId: string;
  channelId: string;
  guildId: string | undefined;
  payload: JsonObject;
  dispatchedAt: number;
  initial: InteractionCallback | undefined;
  /** The message `@original` points at once acknowledged (reply, or the clicked message). */
  originalId: string | undefined;
}

export interface LedgerTiming {
  deadlineMs: number;
  tokenLifetimeMs: number;
}

const EPHEMERAL = 64;
const LOADING = 128;

/** Callback types each interaction type accepts: 4 reply, 5 defer, 6 deferred update,
 * 7 update, 8 autocomplete result, 9 modal. */
const ALLOWED_CALLBACKS: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };

function error(status: number, code: number, message: string): RouteAnswer {
  return { status, body: { code, message } };
}

export const UNKNOWN_INTERACTION = error(404, 10062, 'Unknown interaction');
const ALREADY_ACKNOWLEDGED = error(400, 40060, 'Interaction has already been acknowledged.');
const INVALID_TOKEN = error(401, 50027, 'Invalid Webhook Token');
const UNKNOWN_WEBHOOK = error(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = error(404, 10008, 'Unknown Message');
const EMPTY_MESSAGE = error(400, 50006, 'Cannot send an empty message');

function badCallbackType(type: unknown): RouteAnswer {
  return invalidFormBody({
    type: {
      _errors: [
        {
          code: 'INTERACTION_RESPONSE_TYPE_INVALID',
          message: `Value "${String(type)}" is not a valid interaction response type for this interaction.`,
        },
      ],
    },
  });
}

export class InteractionLedger {
  private readonly byId = new Map<string, InteractionState>();
  private readonly byToken = new Map<string, InteractionState>();

  constructor(
    private readonly store: MessageStore,
    private readonly bot: FakeUser,
    private readonly timing: LedgerTiming,
  ) {}

  register(state: InteractionState): void {
    this.byId.set(state.id, state);
    this.byToken.set(state.token, state);
  }

  get(id: string): InteractionState | undefined {
    return this.byId.get(id);
  }

  /** POST /interactions/{id}/{token}/callback. */
  callback(id: string, token: string, request: RecordedRequest): RouteAnswer {
    const state = this.byId.get(id);
    if (state === undefined) return UNKNOWN_INTERACTION;
    if (state.token !== token) return INVALID_TOKEN;
    if (state.initial !== undefined) return ALREADY_ACKNOWLEDGED;
    if (request.receivedAt - state.dispatchedAt > this.timing.deadlineMs) return UNKNOWN_INTERACTION;
    const body = isJsonObject(request.body) ? request.body : {};
    const type = body.type;
    if (typeof type !== 'number' || !(ALLOWED_CALLBACKS[state.type] ?? []).includes(type)) return badCallbackType(type);
    const data = isJsonObject(body.data) ? body.data : undefined;
    const refusal = this.refuseCallbackData(type, data ?? {});
    if (refusal !== undefined) return refusal;
    this.acknowledge(state, type, data, request);
    return request.query.with_response === 'true' ? { status: 200, body: this.callbackResponse(state, type) } : { status: 204 };
  }

  /** Webhook routes (`/webhooks/{app}/{token}...`): the interaction they act for, or why not. */
  webhookTarget(applicationId: string, token: string, now: number, forFollowUp: boolean): InteractionState | RouteAnswer {
    const state = this.byToken.get(token);
    if (state === undefined || state.applicationId !== applicationId) return UNKNOWN_WEBHOOK;
    if (now - state.dispatchedAt > this.timing.tokenLifetimeMs) return INVALID_TOKEN;
    if (state.initial === undefined) return forFollowUp ? UNKNOWN_WEBHOOK : UNKNOWN_MESSAGE;
    return state;
  }

  /** POST /webhooks/{app}/{token}: a follow-up. After a defer, the first one fills in the
   * "thinking..." reply instead of adding a message, as Discord does. */
  followUp(state: InteractionState, body: JsonObject, wait: boolean): RouteAnswer {
    const invalid = messageErrors(body);
    if (invalid !== null) return invalidFormBody(invalid);
    if (isEmptyMessage(body)) return EMPTY_MESSAGE;
    const original = state.originalId === undefined ? undefined : this.store.get(state.originalId);
    const posted =
      original !== undefined && (original.flags & LOADING) !== 0
        ? this.store.edit(original.id, body)
        : this.store.create(this.messageInit(state, body), { via: 'follow-up', interactionId: state.id });
    return wait && posted !== undefined ? { status: 200, body: posted.wire } : { status: 204 };
  }

  /** PATCH .../messages/{@original|id}. */
  editMessage(state: InteractionState, messageId: string, body: JsonObject): RouteAnswer {
    const target = this.resolveMessageId(state, messageId);
    if (target === undefined) return UNKNOWN_MESSAGE;
    const invalid = messageErrors(body);
    if (invalid !== null) return invalidFormBody(invalid);
    const edited = this.store.edit(target, body);
    return edited === undefined ? UNKNOWN_MESSAGE : { status: 200, body: edited.wire };
  }

  /** GET .../messages/{@original|id}. */
  fetchMessage(state: InteractionState, messageId: string): RouteAnswer {
    const target = this.resolveMessageId(state, messageId);
    const message = target === undefined ? undefined : this.store.get(target);
    return message === undefined ? UNKNOWN_MESSAGE : { status: 200, body: message.wire };
  }

  /** DELETE .../messages/{@original|id}. */
  deleteMessage(state: InteractionState, messageId: string): RouteAnswer {
    const target = this.resolveMessageId(state, messageId);
    return target !== undefined && this.store.delete(target) ? { status: 204 } : UNKNOWN_MESSAGE;
  }

  private resolveMessageId(state: InteractionState, messageId: string): string | undefined {
    if (messageId === '@original') return state.originalId;
    const message = this.store.get(messageId);
    return message?.interactionId === state.id ? messageId : undefined;
  }

  private refuseCallbackData(type: number, data: JsonObject): RouteAnswer | undefined {
    if (type === 4 || type === 7) {
      const invalid = messageErrors(data, ['data']);
      if (invalid !== null) return invalidFormBody(invalid);
    }
    if (type === 4 && isEmptyMessage(data)) return EMPTY_MESSAGE;
    if (type === 8) {
      const invalid = choiceErrors(data);
      if (invalid !== null) return invalidFormBody(invalid);
    }
    return undefined;
  }

  private acknowledge(state: InteractionState, type: number, data: JsonObject | undefined, request: RecordedRequest): void {
    state.initial = { type, data, receivedAt: request.receivedAt, latencyMs: request.receivedAt - state.dispatchedAt, request };
    const body = data ?? {};
    if (type === 4) state.originalId = this.createReply(state, body).id;
    if (type === 5) {
      // Discord shows a "thinking..." message until the edit or first follow-up.
      const flags = LOADING | ((typeof body.flags === 'number' ? body.flags : 0) & EPHEMERAL);
      state.originalId = this.createReply(state, { content: '', flags }).id;
    }
    if (type === 6 || type === 7) state.originalId = this.clickedMessageId(state);
    if (type === 7 && state.originalId !== undefined) this.store.edit(state.originalId, body);
  }

  private createReply(state: InteractionState, body: JsonObject): { id: string } {
    const posted = this.store.create(this.messageInit(state, body), { via: 'interaction-reply', interactionId: state.id });
    return posted;
  }

  private messageInit(state: InteractionState, body: JsonObject): Parameters<MessageStore['create']>[0] {
    return { channelId: state.channelId, guildId: state.guildId, author: this.bot, body, applicationId: state.applicationId };
  }

  private clickedMessageId(state: InteractionState): string | undefined {
    const message = state.payload.message;
    return isJsonObject(message) && typeof message.id === 'string' ? message.id : undefined;
  }

  /** The body of `?with_response=true`: what discord.js turns into an InteractionCallbackResponse. */
  private callbackResponse(state: InteractionState, type: number): JsonObject {
    const message = state.originalId === undefined ? undefined : this.store.get(state.originalId);
    return {
      interaction: {
        id: state.id,
        type: state.type,
        activity_instance_id: null,
        response_message_id: message?.id ?? null,
        response_message_loading: type === 5,
        response_message_ephemeral: message === undefined ? null : (message.flags & EPHEMERAL) !== 0,
      },
      resource: message === undefined ? { type } : { type, message: message.wire },
    };
  }
}
