/** Renders a View as plain terminal text; no field can move the cursor, clear the screen or start a line of its own. */

import { chartLines } from '../chart/sparkline.js';
import { escapeControls, terminalSafe } from '../text-safety.js';
import type { View, ViewEntry } from '../view.js';

function renderEntry(entry: ViewEntry, index: number, numbered: boolean): string[] {
  const text = terminalSafe(entry.text);
  if (entry.kind === 'heading') return ['', `## ${text}`];
  if (entry.kind === 'note') return [text];
  const cites = entry.cites?.length ? ' ' + entry.cites.map((n) => `[${n}]`).join('') : '';
  const shown = entry.quoted ? `“${text}”` : text;
  const head = numbered ? `${String(index + 1).padStart(2)}. ${shown}${cites}` : `${shown}${cites}`;
  const indent = numbered ? '    ' : '  ';
  const lines = [head];
  if (entry.detail) lines.push(`${indent}${entry.quoted ? '— ' : ''}${terminalSafe(entry.detail)}`);
  if (entry.url) lines.push(`${indent}${terminalSafe(entry.url)}`);
  return lines;
}

export function renderText(view: View): string {
  const title = terminalSafe(view.title);
  const lines = [title, '='.repeat(Math.min(title.length, 72))];
  // A chart reads as a sparkline in a terminal.
  if (view.chart) lines.push(...chartLines(view.chart).map(terminalSafe), '');
  if (view.entries.length === 0) {
    lines.push(terminalSafe(view.empty ?? 'Nothing to show.'));
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
      const detail = source.detail ? ` — ${terminalSafe(source.detail)}` : '';
      const url = source.url ? `\n      ${terminalSafe(source.url)}` : '';
      lines.push(`  [${index + 1}] ${terminalSafe(source.label)}${detail}${url}`);
    });
  }
  if (view.footer) lines.push('', terminalSafe(view.footer));
  // A file is shown whole, after the answer: its lines as lines (no control character reaches the terminal raw).
  for (const file of view.files ?? [])
    lines.push(
      '',
      `--- ${terminalSafe(file.name)} ---`,
      ...file.content.split(/\r?\n/).map(escapeControls),
      `--- end of ${terminalSafe(file.name)} ---`,
    );
  return lines.join('\n');
}
