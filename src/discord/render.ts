/** Turns a View into Discord messages: embeds and buttons, escaped, within every limit, mentions off. */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed } from 'discord.js';
import type { View, ViewEntry, ViewLink } from '../view.js';
import { safeText, safeUrl } from './escape.js';
import { LIMITS, truncate } from './limits.js';

export const EPHEMERAL_FLAG = 64;
const BRAND_COLOUR = 0x2f6fdf;
// One entry may not crowd out the rest: long quotes are cut to this many characters.
const MAX_ENTRY_TEXT = 1500;

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  flags?: number;
}

function link(label: string, url: string | null | undefined): string {
  const target = safeUrl(url);
  return target ? `[${label}](${target})` : label;
}

function renderEntry(entry: ViewEntry, index: number, sources: ViewLink[]): string {
  const text = safeText(truncate(entry.text, MAX_ENTRY_TEXT));
  if (entry.kind === 'heading') return `### ${text}`;
  if (entry.kind === 'note') return text;
  const detail = entry.detail ? safeText(entry.detail) : '';
  if (entry.cites) {
    const cites = entry.cites.map((n) => link(`\\[${n}\\]`, sources[n - 1]?.url)).join('');
    return `${text} ${cites}`;
  }
  if (entry.quoted) return `> “${text}”\n— ${link(detail || 'source', entry.url)}`;
  const title = `**${index + 1}.** ${link(text, entry.url)}`;
  return detail ? `${title}\n*${detail}*` : title;
}

/** Pairs each entry with its list number, restarting after every heading. */
export function numberEntries(entries: ViewEntry[]): [ViewEntry, number][] {
  let counter = 0;
  return entries.map((entry) => {
    if (entry.kind === 'heading') counter = 0;
    const isListItem = !entry.kind && !entry.cites && !entry.quoted;
    return [entry, isListItem ? counter++ : counter];
  });
}

function renderSource(source: ViewLink, index: number): string {
  const detail = source.detail ? ` — ${safeText(source.detail)}` : '';
  return `**${index + 1}.** ${link(safeText(truncate(source.label, 200)), source.url)}${detail}`;
}

/** Text blocks in reading order; each is kept whole when packing into embeds. */
function blocksOf(view: View): string[] {
  const sources = view.sources ?? [];
  if (view.entries.length === 0) return [safeText(view.empty ?? 'Nothing to show.')];
  const blocks = numberEntries(view.entries).map(([entry, number]) => renderEntry(entry, number, sources));
  if (sources.length) blocks.push('**Sources**', ...sources.map(renderSource));
  return blocks.map((block) => truncate(block, LIMITS.description));
}

function buttonRows(view: View): APIActionRowComponent<APIButtonComponent>[] {
  if (!view.buttons?.length) return [];
  return [
    {
      type: 1,
      components: view.buttons.slice(0, 5).map((b) => ({
        type: 2,
        style: 2,
        label: truncate(b.label, LIMITS.buttonLabel),
        custom_id: b.id.slice(0, LIMITS.customId),
        disabled: b.disabled ?? false,
      })),
    },
  ];
}

function embedSize(embed: APIEmbed): number {
  return (embed.title?.length ?? 0) + (embed.description?.length ?? 0) + (embed.footer?.text.length ?? 0);
}

/**
 * Packs a view into as many messages as it needs: blocks fill an embed's description up to 4,096
 * characters, embeds fill a message up to 10 embeds and 6,000 characters, then a new message starts.
 */
export function renderView(view: View): DiscordMessage[] {
  const title = truncate(safeText(view.title), LIMITS.title);
  const footer = view.footer ? { text: truncate(view.footer, LIMITS.footer) } : undefined;
  const footerSize = footer?.text.length ?? 0;
  const messages: APIEmbed[][] = [[]];
  let description = '';
  const messageSize = (embeds: APIEmbed[]) => embeds.reduce((sum, e) => sum + embedSize(e), 0);
  const current = () => messages[messages.length - 1]!;
  const flush = () => {
    if (!description) return;
    const embed: APIEmbed = { description, color: BRAND_COLOUR };
    if (messages.length === 1 && current().length === 0) embed.title = title;
    current().push(embed);
    description = '';
  };
  for (const block of blocksOf(view)) {
    const joined = description ? `${description}\n\n${block}` : block;
    // Room is kept for the title on the first embed and the footer on the last.
    const reserve = title.length + footerSize;
    const fitsEmbed = joined.length <= LIMITS.description;
    const fitsMessage = messageSize(current()) + joined.length + reserve <= LIMITS.embedsTotal;
    if (fitsEmbed && fitsMessage) {
      description = joined;
      continue;
    }
    flush();
    if (current().length >= LIMITS.embeds || messageSize(current()) + block.length + reserve > LIMITS.embedsTotal) messages.push([]);
    description = block;
  }
  flush();
  const last = current()[current().length - 1];
  if (last && footer) last.footer = footer;
  return messages.map((embeds, index) => ({
    embeds,
    components: index === 0 ? buttonRows(view) : [],
    allowedMentions: { parse: [] },
    ...(view.ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
  }));
}

/** A short plain message (errors, notices), escaped and within the content limit. */
export function renderNotice(text: string, ephemeral = true): DiscordMessage {
  return {
    content: truncate(safeText(text), LIMITS.content),
    embeds: [],
    components: [],
    allowedMentions: { parse: [] },
    ...(ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
  };
}
