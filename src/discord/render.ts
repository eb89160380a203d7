/** Turns a View into Discord messages: embeds and buttons, escaped, within every limit, mentions off. */
import type { APIActionRowComponent, APIButtonComponent, APIEmbed, AttachmentBuilder } from 'discord.js';
import { chartLines } from '../chart/sparkline.js';
import type { View, ViewEntry, ViewImage } from '../view.js';
import { plainText, safeText, safeUrl } from './escape.js';
import { LIMITS, truncate } from './limits.js';

export const EPHEMERAL_FLAG = 64;
const BRAND_COLOUR = 0x2f6fdf;
/**
 * A command answers with at most this many messages, so no answer floods a channel; a view with
 * buttons is one page that its buttons edit, so it is one message.
 */
export const MAX_MESSAGES = 2;
// An entry's text (escaped) is cut to fit the messages, between these lengths; below the shortest,
// entries are left out instead, and the answer says how many.
const MAX_ENTRY_TEXT = 1500;
const MIN_ENTRY_TEXT = 40;
// A source, date or speaker line is never longer than this, nor a source's name in a summary.
const MAX_DETAIL = 300;
const MAX_SOURCE_LABEL = 200;
// A link target longer than the entry's text budget (and this) is left off: the text stays.
const MIN_LINK = 200;

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: { parse: [] };
  flags?: number;
  /** Files attached to the message: View.files as discord.js takes them, and a chart's picture. */
  files?: ({ attachment: Buffer; name: string; description?: string } | AttachmentBuilder)[];
}

export interface RenderOptions {
  /** At most this many messages (default: one for a view with buttons, else MAX_MESSAGES). */
  maxMessages?: number;
  /**
   * The view's chart goes with the first message as a picture under this file name: its first
   * embed shows it. Absent, a chart is shown as text with a line saying the picture is unavailable.
   */
  chartFile?: string;
}

/** How long each part of an entry may be: one budget for every entry, so none crowds out the rest. */
interface Budget {
  text: number;
  detail: number;
  link: number;
}

function budgetOf(text: number): Budget {
  return { text, detail: Math.min(MAX_DETAIL, Math.max(text, 2 * MIN_ENTRY_TEXT)), link: Math.max(MIN_LINK, text) };
}

/** An entry or source with its text escaped once; cutting to a budget happens after (escaping can double a length). */
interface Prepared {
  entry: ViewEntry;
  number: number;
  text: string;
  detail: string;
  url: string | null;
  image: ViewImage | null;
}

/** A block of an embed's description, with the picture of the entry it shows (if any). */
interface Block {
  text: string;
  image?: ViewImage | null;
}

/** An embed's description and the pictures of its entries: the first of each size shows. */
interface PackedEmbed {
  description: string;
  thumbnail: string | null;
  large: string | null;
}

interface PreparedSource {
  label: string;
  detail: string;
  url: string | null;
}

function link(label: string, url: string | null, budget: Budget): string {
  const shown = label || '…';
  return url && url.length <= budget.link ? `[${shown}](${url})` : shown;
}

function renderEntry(item: Prepared, sources: PreparedSource[], budget: Budget): string {
  const { entry } = item;
  const text = truncate(item.text, budget.text);
  if (entry.kind === 'heading') return `### ${text}`;
  if (entry.kind === 'note') return text;
  const detail = truncate(item.detail, budget.detail);
  if (entry.cites) {
    // A sentence may cite many sources: only short links, the source list links the rest.
    const citeBudget = { ...budget, link: Math.min(budget.link, MIN_LINK) };
    const cites = entry.cites.map((n) => link(`\\[${n}\\]`, sources[n - 1]?.url ?? null, citeBudget)).join('');
    return `${text} ${cites}`;
  }
  if (entry.quoted) return `> “${text}”\n— ${link(detail || 'source', item.url, budget)}`;
  const title = `**${item.number + 1}.** ${link(text, item.url, budget)}`;
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

function renderSource(source: PreparedSource, index: number, budget: Budget): string {
  const label = truncate(source.label, Math.min(MAX_SOURCE_LABEL, budget.text));
  const detail = source.detail ? ` — ${truncate(source.detail, budget.detail)}` : '';
  return `**${index + 1}.** ${link(label, source.url, budget)}${detail}`;
}

/** A view's text, escaped once: blocks are cut from it at any budget. */
interface PreparedView {
  /** Blocks shown before the entries (a chart as text). */
  lead: string[];
  items: Prepared[];
  sources: PreparedSource[];
  empty: string;
}

// Raw characters read per character that may be shown: room for whitespace runs and invisibles.
const RAW_PER_SHOWN = 8;

/**
 * Escaped text long enough to be cut to `max`: escaping never shortens, so the first max + 1
 * visible characters are all a cut to `max` can keep (a huge text is not cleaned and escaped whole).
 */
function escapedPrefix(text: string | undefined, max: number): string {
  return text ? safeText(plainText(text.slice(0, RAW_PER_SHOWN * (max + 1))).slice(0, max + 1)) : '';
}

/** An entry's picture with its address made safe, or null when it has none that is. */
function preparedImage(image: ViewImage | undefined): ViewImage | null {
  const url = safeUrl(image?.url);
  return image && url ? { url, size: image.size } : null;
}

/** A chart that could not be attached: one line saying so, and the chart as a sparkline. */
function chartAsText(view: View, chartFile: string | undefined): string[] {
  if (!view.chart || chartFile !== undefined) return [];
  const lines = chartLines(view.chart).map((line) => escapedPrefix(line, MAX_ENTRY_TEXT));
  return [['*The chart picture is unavailable here; as text:*', ...lines].join('\n')];
}

function prepare(view: View, chartFile?: string): PreparedView {
  const items = numberEntries(view.entries).map(([entry, number]) => ({
    entry,
    number,
    text: escapedPrefix(entry.text, MAX_ENTRY_TEXT),
    detail: escapedPrefix(entry.detail, MAX_DETAIL),
    url: safeUrl(entry.url),
    image: preparedImage(entry.image),
  }));
  const sources = (view.sources ?? []).map((s) => ({
    label: escapedPrefix(s.label, MAX_SOURCE_LABEL),
    detail: escapedPrefix(s.detail, MAX_DETAIL),
    url: safeUrl(s.url),
  }));
  return { lead: chartAsText(view, chartFile), items, sources, empty: escapedPrefix(view.empty, LIMITS.description) || 'Nothing to show.' };
}

/** Text blocks in reading order, each at most `maxBlock` long; each is kept whole when packing into embeds. */
function blocksOf(view: PreparedView, budget: Budget, maxBlock: number): Block[] {
  const blocks: Block[] = [
    ...view.lead.map((text) => ({ text })),
    ...view.items.map((item) => ({ text: renderEntry(item, view.sources, budget), image: item.image })),
  ];
  if (view.sources.length) blocks.push({ text: '**Sources**' }, ...view.sources.map((s, i) => ({ text: renderSource(s, i, budget) })));
  const shown = blocks.filter((block) => block.text.length > 0);
  return (shown.length ? shown : [{ text: view.empty }]).map((block) => ({ ...block, text: truncate(block.text, maxBlock) }));
}

/** Room a message's embeds must leave: the title in the first message, the footer in every one (the last is not known yet). */
interface Reserve {
  first: number;
  each: number;
}

/**
 * Packs blocks into messages of descriptions: a description holds up to 4,096 characters, a message
 * up to 10 embeds and 6,000 characters with its reserve. Every block must fit an empty message.
 */
function pack(blocks: Block[], reserve: Reserve): PackedEmbed[][] {
  const messages: PackedEmbed[][] = [];
  let embeds: PackedEmbed[] = [];
  let embed = emptyEmbed();
  let used = reserve.first + reserve.each;
  for (const block of blocks) {
    const joined = embed.description ? `${embed.description}\n\n${block.text}` : block.text;
    const grows = joined.length - embed.description.length;
    if (joined.length <= LIMITS.description && used + grows <= LIMITS.embedsTotal) {
      embed.description = joined;
      addImage(embed, block.image);
      used += grows;
      continue;
    }
    if (embed.description) embeds.push(embed);
    if (embeds.length >= LIMITS.embeds || used + block.text.length > LIMITS.embedsTotal) {
      messages.push(embeds);
      embeds = [];
      used = reserve.each;
    }
    embed = emptyEmbed();
    embed.description = block.text;
    addImage(embed, block.image);
    used += block.text.length;
  }
  if (embed.description) embeds.push(embed);
  if (embeds.length) messages.push(embeds);
  return messages;
}

function emptyEmbed(): PackedEmbed {
  return { description: '', thumbnail: null, large: null };
}

/** An embed shows one picture of each size: its first entry's that has one. */
function addImage(embed: PackedEmbed, image: ViewImage | null | undefined): void {
  if (!image) return;
  if (image.size === 'thumbnail') embed.thumbnail ??= image.url;
  else embed.large ??= image.url;
}

/** "…and 3 more not shown." */
function leftOutNote(count: number): Block {
  return { text: `*…and ${count} more not shown.*` };
}

/**
 * The view packed into at most `maxMessages` messages: every entry's text as long as it can be
 * (the longest budget that fits, found by halving), and when even the shortest does not fit, the
 * entries that fit and a note saying how many were left out.
 */
function packWithin(view: PreparedView, maxMessages: number, maxBlock: number, reserve: Reserve): PackedEmbed[][] {
  const at = (text: number) => pack(blocksOf(view, budgetOf(text), maxBlock), reserve);
  const widest = at(MAX_ENTRY_TEXT);
  if (widest.length <= maxMessages) return widest;
  let fits = MIN_ENTRY_TEXT;
  let tooLong = MAX_ENTRY_TEXT;
  if (at(fits).length <= maxMessages) {
    while (tooLong - fits > 1) {
      const middle = Math.floor((fits + tooLong) / 2);
      if (at(middle).length <= maxMessages) fits = middle;
      else tooLong = middle;
    }
    return at(fits);
  }
  const blocks = blocksOf(view, budgetOf(MIN_ENTRY_TEXT), maxBlock);
  let kept = 0;
  let left = blocks.length;
  while (left - kept > 1) {
    const middle = Math.floor((kept + left) / 2);
    if (pack([...blocks.slice(0, middle), leftOutNote(blocks.length - middle)], reserve).length <= maxMessages) kept = middle;
    else left = middle;
  }
  return pack([...blocks.slice(0, kept), leftOutNote(blocks.length - kept)], reserve);
}

function buttonRows(view: View): APIActionRowComponent<APIButtonComponent>[] {
  const buttons = (view.buttons ?? []).slice(0, LIMITS.actionRows * LIMITS.buttonsPerRow);
  const rows: APIActionRowComponent<APIButtonComponent>[] = [];
  for (let i = 0; i < buttons.length; i += LIMITS.buttonsPerRow) {
    rows.push({
      type: 1,
      components: buttons.slice(i, i + LIMITS.buttonsPerRow).map((b) => ({
        type: 2,
        style: 2,
        label: truncate(plainText(b.label), LIMITS.buttonLabel) || '…',
        custom_id: b.id.slice(0, LIMITS.customId),
        disabled: b.disabled ?? false,
      })),
    });
  }
  return rows;
}

/**
 * Packs a view into messages within every Discord limit, for any view: blocks fill an embed's
 * description up to 4,096 characters, embeds fill a message up to 10 embeds and 6,000 characters
 * (title and footer included), and entries are cut so the answer takes at most `maxMessages`.
 */
export function renderView(view: View, options: RenderOptions = {}): DiscordMessage[] {
  const maxMessages = Math.max(1, options.maxMessages ?? (view.buttons?.length ? 1 : MAX_MESSAGES));
  const title = truncate(escapedPrefix(view.title, LIMITS.title), LIMITS.title);
  const footer = view.footer ? truncate(plainText(view.footer), LIMITS.footer) : '';
  const reserve = { first: title.length, each: footer.length };
  const maxBlock = Math.min(LIMITS.description, LIMITS.embedsTotal - reserve.first - reserve.each);
  const messages = packWithin(prepare(view, options.chartFile), maxMessages, maxBlock, reserve);
  return messages.map((packed, m) => ({
    embeds: packed.map(({ description, thumbnail, large }, e) => {
      const embed: APIEmbed = { description, color: BRAND_COLOUR };
      if (m === 0 && e === 0 && title) embed.title = title;
      if (thumbnail) embed.thumbnail = { url: thumbnail };
      if (large) embed.image = { url: large };
      if (m === 0 && e === 0 && view.chart && options.chartFile) embed.image = { url: `attachment://${options.chartFile}` };
      if (m === messages.length - 1 && e === packed.length - 1 && footer) embed.footer = { text: footer };
      return embed;
    }),
    components: m === 0 ? buttonRows(view) : [],
    allowedMentions: { parse: [] },
    ...(view.ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
    ...(m === 0 && view.files?.length ? { files: filesOf(view) } : {}),
  }));
}

/** A view's files as attachments: at most Discord's 10 per message, names kept to safe characters. */
function filesOf(view: View): NonNullable<DiscordMessage['files']> {
  return (view.files ?? []).slice(0, LIMITS.embeds).map((file) => ({
    attachment: Buffer.from(file.content, 'utf8'),
    name: file.name.replace(/[^\w.-]/g, '_').slice(0, 100) || 'file',
    ...(file.description ? { description: truncate(plainText(file.description), 1024) } : {}),
  }));
}

/** A short plain message (errors, notices), escaped and within the content limit. */
export function renderNotice(text: string, ephemeral = true): DiscordMessage {
  return {
    content: truncate(safeText(text), LIMITS.content) || '…',
    embeds: [],
    components: [],
    allowedMentions: { parse: [] },
    ...(ephemeral ? { flags: EPHEMERAL_FLAG } : {}),
  };
}
