import { describe, expect, it } from 'vitest';
import { breakMentions, escapeMarkdown, safeText, safeUrl } from '../src/discord/escape.js';
import { LIMITS } from '../src/discord/limits.js';
import { type DiscordMessage, EPHEMERAL_FLAG, renderView } from '../src/discord/render.js';
import type { View } from '../src/view.js';

function embedText(message: DiscordMessage): number {
  return message.embeds.reduce((n, e) => n + (e.title?.length ?? 0) + (e.description?.length ?? 0) + (e.footer?.text.length ?? 0), 0);
}

function expectWithinLimits(messages: DiscordMessage[]): void {
  for (const m of messages) {
    expect(m.allowedMentions).toEqual({ parse: [] });
    expect(m.embeds.length).toBeLessThanOrEqual(LIMITS.embeds);
    expect(embedText(m)).toBeLessThanOrEqual(LIMITS.embedsTotal);
    for (const e of m.embeds) {
      expect(e.description?.length ?? 0).toBeLessThanOrEqual(LIMITS.description);
      expect(e.title?.length ?? 0).toBeLessThanOrEqual(LIMITS.title);
      expect(e.footer?.text.length ?? 0).toBeLessThanOrEqual(LIMITS.footer);
    }
    expect(m.content?.length ?? 0).toBeLessThanOrEqual(LIMITS.content);
  }
}

describe('escaping article text for Discord', () => {
  it('breaks @everyone, @here and user, role and channel mentions', () => {
    const text = breakMentions('Hi @everyone and @here, ping <@123> <@&456> <#789>');
    expect(text).not.toMatch(/@everyone|@here|<@\d|<@&|<#\d/);
    expect(text.replace(/\u200b/g, '')).toBe('Hi @everyone and @here, ping <@123> <@&456> <#789>');
  });

  it('escapes markdown and masked links so text shows as written', () => {
    expect(escapeMarkdown('**bold** _it_ `code` ||spoiler|| [click](https://evil.example)')).toBe(
      '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\|\\|spoiler\\|\\| \\[click\\]\\(https://evil.example\\)',
    );
    expect(escapeMarkdown('# Heading\n> quote\n- item\n-# subtext')).toBe('\\# Heading\n\\> quote\n\\- item\n\\-# subtext');
    expect(safeText('a\n\nb   c')).toBe('a b c');
  });

  it('escapes every line start Discord renders: headings, subtext, quotes and list items', () => {
    expect(escapeMarkdown('## Two\n### Three\n#### Four\n-# sub\n>>> all\n> one\n* star\n- dash\n+ plus\n1. one\n  12. nested')).toBe(
      '\\## Two\n\\### Three\n\\#### Four\n\\-# sub\n\\>\\>\\> all\n\\> one\n\\* star\n\\- dash\n\\+ plus\n1\\. one\n  12\\. nested',
    );
    // A marker that ends the text is escaped too: citations may follow it on the same line.
    expect(safeText('## \u200b')).toBe('\\##');
    expect(safeText('3.')).toBe('3\\.');
    // Mid-line they render as written, and need no backslash.
    expect(safeText('Score: 3. ## not a heading - nor a list')).toBe('Score: 3. ## not a heading - nor a list');
  });

  it('strips bidi controls and invisible characters, keeping ZWNJ and ZWJ', () => {
    expect(safeText('\u202Eevil\u202C \u2066iso\u2069 \u200Ezw\u200Bsp\u2060\uFEFF\u180E\u061C')).toBe('evil iso zwsp');
    expect(safeText('می\u200Cخواهم 👨\u200D👩\u200D👧')).toBe('می\u200Cخواهم 👨\u200D👩\u200D👧');
  });

  it('only links http(s) URLs and encodes characters that would end a link', () => {
    expect(safeUrl('javascript:alert(1)')).toBeNull();
    expect(safeUrl('not a url')).toBeNull();
    expect(safeUrl('https://example.com/a (b)')).toBe('https://example.com/a%20%28b%29');
  });
});

describe('rendering views within Discord limits', () => {
  it('splits a long answer over several embeds and messages instead of exceeding a limit', () => {
    const view: View = {
      title: 'Quotes: '.padEnd(400, 'x'),
      entries: Array.from({ length: 60 }, (_, i) => ({
        text: `${i} `.padEnd(1800, 'y'),
        quoted: true,
        detail: 'Speaker — Title',
        url: 'https://example.com',
      })),
      footer: 'f'.repeat(3000),
    };
    const messages = renderView(view);
    expect(messages.length).toBeGreaterThan(1);
    expectWithinLimits(messages);
    const all = messages.flatMap((m) => m.embeds.map((e) => e.description)).join('\n');
    for (let i = 0; i < 60; i++) expect(all).toContain(`> “${i} y`);
  });

  it('cites summary sentences with numbered links to their sources', () => {
    const view: View = {
      title: 'Summary: iran',
      entries: [{ text: 'Iran rejected direct talks.', cites: [1, 2] }],
      sources: [
        { label: 'Iran Rejects Talks', url: 'https://a.example/1', detail: 'Townhall · 2025-03-30' },
        { label: 'Second', url: null },
      ],
      footer: 'Summarized by extractive',
    };
    const [message] = renderView(view);
    const description = message!.embeds[0]!.description!;
    expect(description).toContain('Iran rejected direct talks. [\\[1\\]](https://a.example/1)\\[2\\]');
    expect(description).toContain('**1.** [Iran Rejects Talks](https://a.example/1) — Townhall · 2025-03-30');
    expect(message!.embeds.at(-1)!.footer!.text).toBe('Summarized by extractive');
  });

  it('marks ephemeral views and carries buttons with their ids', () => {
    const [message] = renderView({
      title: 't',
      entries: [{ text: 'x' }],
      ephemeral: true,
      buttons: [{ id: 'headlines:2:5:iran', label: 'Next' }],
    });
    expect(message!.flags).toBe(EPHEMERAL_FLAG);
    expect(message!.components[0]!.components[0]).toMatchObject({ custom_id: 'headlines:2:5:iran', label: 'Next' });
  });

  it('never sends a first message without an embed, nor a second over 6,000 characters, for a very long footer', () => {
    const messages = renderView({ title: 'T'.repeat(256), entries: [{ text: 'q'.repeat(4000), kind: 'note' }], footer: 'f'.repeat(5000) });
    expectWithinLimits(messages);
    expect(messages[0]!.embeds.length).toBeGreaterThan(0);
    expect(messages.at(-1)!.embeds.at(-1)!.footer!.text).toHaveLength(LIMITS.footer);
  });

  it('shows the empty text when there is nothing to list', () => {
    const [message] = renderView({ title: 'Headlines: mars', entries: [], empty: 'No headlines about "mars" yet.' });
    expect(message!.embeds[0]!.description).toBe('No headlines about "mars" yet.');
  });
});
