/**
 * The message, component and command limits Discord enforces server-side, answered the way
 * Discord answers them: 400 {code:50035, errors:{...}} with `_errors` at the offending path.
 * discord.js checks few of these itself (not content length, not the 6000 embed total), so
 * without them a test would pass against the fake and fail against Discord.
 */
import { isJsonObject, type JsonObject } from './discord-fake-types.js';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  authorName: 256,
  embedTotal: 6000,
  actionRows: 5,
  rowComponents: 5,
  customId: 100,
  choices: 25,
  choiceName: 100,
} as const;

/** Discord's nested error shape: keys are field names or array indexes, leaves hold `_errors`. */
export interface FieldErrors {
  [key: string]: FieldErrors | FieldError[];
}
export interface FieldError {
  code: string;
  message: string;
}

type Problem = { path: (string | number)[]; error: FieldError };

function tooLong(path: (string | number)[], max: number): Problem {
  return { path, error: { code: 'BASE_TYPE_MAX_LENGTH', message: `Must be ${max} or fewer in length.` } };
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

function checkLength(problems: Problem[], path: (string | number)[], value: unknown, max: number): void {
  if (text(value).length > max) problems.push(tooLong(path, max));
}

/** Characters Discord counts toward the 6000 per-message embed budget. */
function embedTextLength(embed: JsonObject): number {
  const footer = isJsonObject(embed.footer) ? text(embed.footer.text) : '';
  const author = isJsonObject(embed.author) ? text(embed.author.name) : '';
  const fields = list(embed.fields)
    .filter(isJsonObject)
    .reduce((sum, field) => sum + text(field.name).length + text(field.value).length, 0);
  return text(embed.title).length + text(embed.description).length + footer.length + author.length + fields;
}

/** An embed's image or thumbnail must name a well-formed http(s) (or attachment://) address, as Discord checks. */
function checkMedia(problems: Problem[], embed: JsonObject, at: (string | number)[]): void {
  for (const key of ['image', 'thumbnail'] as const) {
    const media = embed[key];
    if (media === undefined) continue;
    const url = isJsonObject(media) ? text(media.url) : '';
    const path = [...at, key, 'url'];
    let scheme: string;
    try {
      scheme = new URL(url).protocol.slice(0, -1);
    } catch {
      problems.push({ path, error: { code: 'URL_TYPE_INVALID_URL', message: 'Not a well formed URL.' } });
      continue;
    }
    if (!['http', 'https', 'attachment'].includes(scheme)) {
      problems.push({
        path,
        error: {
          code: 'URL_TYPE_INVALID_SCHEME',
          message: `Scheme "${scheme}" is not supported. Scheme must be one of ('http', 'https').`,
        },
      });
    }
  }
}

function checkEmbed(problems: Problem[], embed: JsonObject, index: number): void {
  const at = ['embeds', index];
  checkMedia(problems, embed, at);
  checkLength(problems, [...at, 'title'], embed.title, LIMITS.title);
  checkLength(problems, [...at, 'description'], embed.description, LIMITS.description);
  if (isJsonObject(embed.footer)) checkLength(problems, [...at, 'footer', 'text'], embed.footer.text, LIMITS.footerText);
  if (isJsonObject(embed.author)) checkLength(problems, [...at, 'author', 'name'], embed.author.name, LIMITS.authorName);
  const fields = list(embed.fields);
  if (fields.length > LIMITS.fields) problems.push(tooLong([...at, 'fields'], LIMITS.fields));
  fields.filter(isJsonObject).forEach((field, i) => {
    checkLength(problems, [...at, 'fields', i, 'name'], field.name, LIMITS.fieldName);
    checkLength(problems, [...at, 'fields', i, 'value'], field.value, LIMITS.fieldValue);
  });
}

function checkEmbeds(problems: Problem[], embeds: unknown[]): void {
  if (embeds.length > LIMITS.embeds) problems.push(tooLong(['embeds'], LIMITS.embeds));
  const objects = embeds.filter(isJsonObject);
  objects.forEach((embed, i) => checkEmbed(problems, embed, i));
  const total = objects.reduce((sum, embed) => sum + embedTextLength(embed), 0);
  if (total > LIMITS.embedTotal) {
    problems.push({
      path: ['embeds'],
      error: { code: 'MAX_EMBED_SIZE_EXCEEDED', message: `Embed size exceeds maximum size of ${LIMITS.embedTotal}` },
    });
  }
}

function checkComponents(problems: Problem[], rows: unknown[]): void {
  if (rows.length > LIMITS.actionRows) problems.push(tooLong(['components'], LIMITS.actionRows));
  rows.filter(isJsonObject).forEach((row, r) => {
    const children = list(row.components);
    if (row.type === 1 && children.length > LIMITS.rowComponents) {
      problems.push(tooLong(['components', r, 'components'], LIMITS.rowComponents));
    }
    children.filter(isJsonObject).forEach((child, c) => {
      checkLength(problems, ['components', r, 'components', c, 'custom_id'], child.custom_id, LIMITS.customId);
    });
  });
}

function toFieldErrors(problems: Problem[], prefix: string[]): FieldErrors {
  const root: FieldErrors = {};
  for (const { path, error } of problems) {
    let node = root;
    for (const key of [...prefix, ...path.map(String)]) {
      const next = node[key];
      node = isFieldErrors(next) ? next : (node[key] = {});
    }
    const existing = node._errors;
    node._errors = Array.isArray(existing) ? [...existing, error] : [error];
  }
  return root;
}

function isFieldErrors(value: FieldErrors | FieldError[] | undefined): value is FieldErrors {
  return value !== undefined && !Array.isArray(value);
}

/** Errors for a message body (channel post, reply data, webhook edit), nested under `prefix`
 * (`['data']` for interaction callbacks, as Discord reports them); null when it is acceptable. */
export function messageErrors(body: JsonObject, prefix: string[] = []): FieldErrors | null {
  const problems: Problem[] = [];
  checkLength(problems, ['content'], body.content, LIMITS.content);
  checkEmbeds(problems, list(body.embeds));
  checkComponents(problems, list(body.components));
  return problems.length === 0 ? null : toFieldErrors(problems, prefix);
}

/** True when a new message would show nothing, which Discord refuses (50006). */
export function isEmptyMessage(body: JsonObject): boolean {
  const has = (key: string): boolean => list(body[key]).length > 0;
  return (
    text(body.content).length === 0 &&
    !has('embeds') &&
    !has('components') &&
    !has('attachments') &&
    !has('sticker_ids') &&
    body.poll === undefined
  );
}

/** Errors for autocomplete choices (type 8 callbacks). */
export function choiceErrors(data: JsonObject): FieldErrors | null {
  const problems: Problem[] = [];
  const choices = list(data.choices);
  if (choices.length > LIMITS.choices) problems.push(tooLong(['choices'], LIMITS.choices));
  choices.filter(isJsonObject).forEach((choice, i) => checkLength(problems, ['choices', i, 'name'], choice.name, LIMITS.choiceName));
  return problems.length === 0 ? null : toFieldErrors(problems, ['data']);
}

const COMMAND_NAME = /^[-_\p{L}\p{N}]{1,32}$/u;

/** Errors for a command registration; chat-input commands need a 1-32 char lowercase name and a
 * 1-100 char description, and at most 25 options. */
export function commandErrors(command: JsonObject, index: number): FieldErrors | null {
  const problems: Problem[] = [];
  const name = text(command.name);
  if (!COMMAND_NAME.test(name) || name !== name.toLowerCase()) {
    problems.push({ path: [index, 'name'], error: { code: 'APPLICATION_COMMAND_INVALID_NAME', message: 'Command name is invalid' } });
  }
  const chatInput = command.type === undefined || command.type === 1;
  const description = text(command.description);
  if (chatInput && (description.length < 1 || description.length > 100)) {
    problems.push({
      path: [index, 'description'],
      error: { code: 'BASE_TYPE_BAD_LENGTH', message: 'Must be between 1 and 100 in length.' },
    });
  }
  if (list(command.options).length > 25) problems.push(tooLong([index, 'options'], 25));
  return problems.length === 0 ? null : toFieldErrors(problems, []);
}

export function invalidFormBody(errors: FieldErrors): { status: number; body: JsonObject } {
  return { status: 400, body: { code: 50035, message: 'Invalid Form Body', errors } };
}
