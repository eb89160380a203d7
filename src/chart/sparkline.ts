/** A chart as one line of block characters, for faces that show text: the console, and Discord without the picture. */
import type { ViewChart } from '../view.js';

const BLOCKS = '▁▂▃▄▅▆▇█';

/**
 * One character per point: a zero is the lowest block, and any other value one of the seven above
 * it in proportion to the largest, so a quiet day never looks like an empty one.
 */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(0, ...values);
  return values
    .map((value) => (value <= 0 || max === 0 ? BLOCKS[0] : BLOCKS[Math.min(7, Math.max(1, Math.ceil((value / max) * 7)))]))
    .join('');
}

/** The chart as text: the sparkline between its first and last labels, then its scale ("Stories: lowest 0, highest 7"). */
export function chartLines(chart: ViewChart): string[] {
  const points = chart.points;
  if (points.length === 0) return [];
  const values = points.map((p) => p.value);
  const first = points[0]!.label;
  const last = points[points.length - 1]!.label;
  const line = points.length > 1 ? `${first} ${sparkline(values)} ${last}` : `${first} ${sparkline(values)}`;
  return [line, `${chart.yLabel}: lowest ${Math.min(...values)}, highest ${Math.max(...values)}`];
}
