/** Discord's message limits (https://discord.com/developers/docs/resources/message). */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';

export const LIMITS = {
  content: 2000,
  embeds: 10,
  title: 256,
  description: 4096,
  fieldName: 256,
  fieldValue: 1024,
  fields: 25,
  footer: 2048,
  authorName: 256,
  embedsTotal: 6000,
  actionRows: 5,
  buttonsPerRow: 5,
  buttonLabel: 80,
  customId: 100,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
} as const;

/**
 * Cuts text to a length, ending with an ellipsis when cut. Cut escaped text, never text about to be
 * escaped: escaping can double a length. Never cuts a surrogate pair or an escape in half.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = text.slice(0, Math.max(0, max - 1));
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  // Nor a flag's tag sequence or a joined emoji: their cut-off halves are invisible or dangle.
  cut = cut.replace(/(?:\u{1F3F4}[\u{E0020}-\u{E007E}]*|\u200D)$/u, '');
  // An odd run of backslashes at the end is an escape whose character was cut off: it would escape the ellipsis.
  const backslashes = /\\+$/.exec(cut)?.[0].length ?? 0;
  if (backslashes % 2 === 1) cut = cut.slice(0, -1);
  return `${cut}…`;
}

/** The characters of an embed that count toward the 6,000 a message's embeds may hold. */
export function embedLength(embed: APIEmbed): number {
  const fields = (embed.fields ?? []).reduce((sum, f) => sum + f.name.length + f.value.length, 0);
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    fields
  );
}

/** Every limit a message breaks, in words; empty when Discord would accept it. */
export function limitProblems(message: {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}): string[] {
  const problems: string[] = [];
  const over = (what: string, length: number, max: number) => length > max && problems.push(`${what}: ${length} > ${max}`);
  over('content', message.content?.length ?? 0, LIMITS.content);
  over('embeds', message.embeds.length, LIMITS.embeds);
  over(
    'embed characters',
    message.embeds.reduce((sum, e) => sum + embedLength(e), 0),
    LIMITS.embedsTotal,
  );
  for (const e of message.embeds) {
    over('title', e.title?.length ?? 0, LIMITS.title);
    over('description', e.description?.length ?? 0, LIMITS.description);
    over('footer', e.footer?.text.length ?? 0, LIMITS.footer);
    over('author', e.author?.name.length ?? 0, LIMITS.authorName);
    over('fields', e.fields?.length ?? 0, LIMITS.fields);
    for (const f of e.fields ?? []) {
      over('field name', f.name.length, LIMITS.fieldName);
      over('field value', f.value.length, LIMITS.fieldValue);
    }
  }
  over('action rows', message.components.length, LIMITS.actionRows);
  for (const row of message.components) {
    over('buttons in a row', row.components.length, LIMITS.buttonsPerRow);
    for (const c of row.components) {
      over('button label', ('label' in c ? c.label?.length : 0) ?? 0, LIMITS.buttonLabel);
      over('custom id', ('custom_id' in c ? c.custom_id.length : 0) ?? 0, LIMITS.customId);
    }
  }
  if (!message.content && message.embeds.length === 0) problems.push('empty message');
  return problems;
}
