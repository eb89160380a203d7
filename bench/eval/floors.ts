/**
 * Quality floors: figures of `npm run eval` that a change may not lower past a pinned value (a few
 * points under the figures of the day they were set). CI runs the eval with them (`--floors FILE`),
 * so quality cannot fall silently.
 */
import { readFileSync } from 'node:fs';
import type { EvalSection } from './table.js';

export interface Floor {
  /** The start of the section's title ("1. Article cleaning"). */
  section: string;
  /** The start of the row's first cell. */
  row: string;
  /** The column's name, exactly. */
  column: string;
  /** The figure must be at least this (a score)... */
  min?: number;
  /** ...or at most this (a rate of errors). */
  max?: number;
}

/** Reads a floors file: a JSON array of floors. */
export function readFloors(file: string): Floor[] {
  const floors = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  if (!Array.isArray(floors) || !floors.every(isFloor))
    throw new Error(`${file}: expected a JSON array of {section, row, column, min or max}`);
  return floors;
}

function isFloor(value: unknown): value is Floor {
  const f = value as Floor;
  if (typeof f !== 'object' || f === null) return false;
  const bound = (v: unknown) => v === undefined || typeof v === 'number';
  return (
    typeof f.section === 'string' &&
    typeof f.row === 'string' &&
    typeof f.column === 'string' &&
    bound(f.min) &&
    bound(f.max) &&
    (f.min !== undefined || f.max !== undefined)
  );
}

/** The number a cell shows ("42.7", "0.946", "14.5 (x1.04)" read as its first number), or null. */
function figureOf(cell: string | number | undefined): number | null {
  if (typeof cell === 'number') return cell;
  const match = /-?\d+(\.\d+)?/.exec(cell ?? '');
  return match ? Number(match[0]) : null;
}

/** The figure a floor names, or why it cannot be found. */
function figure(sections: readonly EvalSection[], floor: Floor): number | string {
  const section = sections.find((s) => s.title.startsWith(floor.section));
  if (!section) return `no section "${floor.section}" (its data missing?)`;
  const column = section.columns.indexOf(floor.column);
  if (column < 0) return `no column "${floor.column}" in "${floor.section}"`;
  const row = section.rows.find((r) => String(r[0]).startsWith(floor.row));
  if (!row) return `no row "${floor.row}" in "${floor.section}"`;
  return figureOf(row[column]) ?? `no figure in "${floor.row}" / "${floor.column}"`;
}

/** One line per floor not held (a figure below its floor, or a figure not found); empty when all hold. */
export function brokenFloors(sections: readonly EvalSection[], floors: readonly Floor[]): string[] {
  const broken: string[] = [];
  for (const floor of floors) {
    const value = figure(sections, floor);
    const where = `${floor.section} / ${floor.row} / ${floor.column}`;
    if (typeof value === 'string') broken.push(`${where}: ${value}`);
    else if (floor.min !== undefined && value < floor.min) broken.push(`${where}: ${value} is below its floor ${floor.min}`);
    else if (floor.max !== undefined && value > floor.max) broken.push(`${where}: ${value} is above its ceiling ${floor.max}`);
  }
  return broken;
}
