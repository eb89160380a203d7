/** One section of `npm run eval` output: a titled table, or a note that it was skipped. */
export interface EvalSection {
  title: string;
  columns: string[];
  rows: (string | number)[][];
  notes?: string[];
}

function formatCell(cell: string | number): string {
  return typeof cell === 'number' ? (Number.isInteger(cell) ? String(cell) : cell.toFixed(3)) : cell;
}

/** Renders a section as an aligned plain-text table. */
export function renderSection(section: EvalSection): string {
  const cells = [section.columns, ...section.rows.map((row) => row.map(formatCell))];
  const widths = section.columns.map((_, i) => Math.max(...cells.map((row) => (row[i] ?? '').length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  const out = [`## ${section.title}`, line(section.columns), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const row of cells.slice(1)) out.push(line(row));
  for (const note of section.notes ?? []) out.push(note);
  return out.join('\n');
}
