/** Renders a View as plain terminal text. */
import type { View, ViewEntry } from '../view.js';

function renderEntry(entry: ViewEntry, index: number, numbered: boolean): string[] {
  if (entry.kind === 'heading') return ['', `## ${entry.text}`];
  if (entry.kind === 'note') return [entry.text];
  const cites = entry.cites?.length ? ' ' + entry.cites.map((n) => `[${n}]`).join('') : '';
  const text = entry.quoted ? `“${entry.text}”` : entry.text;
  const head = numbered ? `${String(index + 1).padStart(2)}. ${text}${cites}` : `${text}${cites}`;
  const indent = numbered ? '    ' : '  ';
  const lines = [head];
  if (entry.detail) lines.push(`${indent}${entry.quoted ? '— ' : ''}${entry.detail}`);
  if (entry.url) lines.push(`${indent}${entry.url}`);
  return lines;
}

export function renderText(view: View): string {
  const lines = [view.title, '='.repeat(Math.min(view.title.length, 72))];
  if (view.entries.length === 0) {
    lines.push(view.empty ?? 'Nothing to show.');
  } else {
    // Headlines and quotes read as lists; summary sentences read as prose with citations.
    const numbered = !view.entries.some((e) => e.cites && !e.kind) || view.entries.some((e) => e.kind === 'heading');
    let counter = 0;
    for (const entry of view.entries) {
      if (entry.kind === 'heading') counter = 0;
      const listItem = numbered && !entry.kind && !entry.cites;
      lines.push(...renderEntry(entry, counter, listItem));
      if (listItem) counter++;
    }
  }
  if (view.sources?.length) {
    lines.push('', 'Sources:');
    view.sources.forEach((source, index) => {
      const detail = source.detail ? ` — ${source.detail}` : '';
      lines.push(`  [${index + 1}] ${source.label}${detail}${source.url ? `\n      ${source.url}` : ''}`);
    });
  }
  if (view.footer) lines.push('', view.footer);
  return lines.join('\n');
}

