/** Draws a bar chart on a 2D canvas: title, labelled axes, a gridded scale in whole numbers, one bar per point. */
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import type { ViewChart } from '../view.js';

export type ChartCanvas = Pick<Canvas, 'getContext'>;

export interface ChartLayout {
  width: number;
  height: number;
  /** The font family for every text on the picture. */
  font: string;
}

const COLOURS = { background: '#ffffff', text: '#1f2328', axis: '#57606a', grid: '#d8dee4', bar: '#2f6fdf' };
/** Room around the plot for the title (top), the scale and its label (left) and the days and their label (bottom). */
const MARGIN = { top: 56, right: 24, bottom: 72, left: 76 };
/** At most this many day labels under the bars; the last day always has one. */
const MAX_X_LABELS = 8;
/** Scale lines above zero, at most. */
const MAX_TICKS = 5;

/** A whole-number step of 1, 2 or 5 times a power of ten giving at most MAX_TICKS lines up to `max`. */
export function scaleStep(max: number): number {
  const raw = Math.max(1, max) / MAX_TICKS;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  return Math.max(1, Math.round(step));
}

/** Which points get a label under them: every k-th, counted back from the last so the newest day is labelled. */
export function labelledIndexes(count: number, maxLabels = MAX_X_LABELS): number[] {
  const every = Math.max(1, Math.ceil(count / maxLabels));
  return Array.from({ length: count }, (_, i) => i).filter((i) => (count - 1 - i) % every === 0);
}

interface Plot {
  left: number;
  right: number;
  top: number;
  bottom: number;
  /** The value at the top of the scale. */
  topValue: number;
}

function drawTitle(ctx: SKRSContext2D, chart: ViewChart, layout: ChartLayout): void {
  ctx.fillStyle = COLOURS.text;
  ctx.font = `bold 20px ${layout.font}, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'middle';
  ctx.fillText(chart.title, layout.width / 2, MARGIN.top / 2, layout.width - 2 * MARGIN.right);
}

function drawScale(ctx: SKRSContext2D, chart: ViewChart, plot: Plot, layout: ChartLayout, step: number): void {
  ctx.font = `13px ${layout.font}, sans-serif`;
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  ctx.lineWidth = 1;
  for (let value = 0; value <= plot.topValue; value += step) {
    const y = plot.bottom - (value / plot.topValue) * (plot.bottom - plot.top);
    ctx.strokeStyle = value === 0 ? COLOURS.axis : COLOURS.grid;
    ctx.beginPath();
    ctx.moveTo(plot.left, Math.round(y) + 0.5);
    ctx.lineTo(plot.right, Math.round(y) + 0.5);
    ctx.stroke();
    ctx.fillStyle = COLOURS.axis;
    ctx.fillText(String(value), plot.left - 8, y);
  }
  // The scale's label, turned to read upwards along it.
  ctx.save();
  ctx.translate(20, (plot.top + plot.bottom) / 2);
  ctx.rotate(-Math.PI / 2);
  ctx.textAlign = 'center';
  ctx.fillStyle = COLOURS.text;
  ctx.font = `bold 14px ${layout.font}, sans-serif`;
  ctx.fillText(chart.yLabel, 0, 0);
  ctx.restore();
}

function drawBars(ctx: SKRSContext2D, chart: ViewChart, plot: Plot, layout: ChartLayout): void {
  const count = chart.points.length;
  const slot = (plot.right - plot.left) / Math.max(1, count);
  const barWidth = Math.max(1, slot * 0.8);
  ctx.fillStyle = COLOURS.bar;
  chart.points.forEach((point, i) => {
    const height = (Math.max(0, point.value) / plot.topValue) * (plot.bottom - plot.top);
    ctx.fillRect(plot.left + i * slot + (slot - barWidth) / 2, plot.bottom - height, barWidth, height);
  });
  ctx.fillStyle = COLOURS.axis;
  ctx.font = `12px ${layout.font}, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const i of labelledIndexes(count)) {
    const label = chart.points[i]!.label;
    // Centred under its bar, but kept whole within the picture.
    const half = ctx.measureText(label).width / 2 + 2;
    const x = Math.min(layout.width - half, Math.max(half, plot.left + (i + 0.5) * slot));
    ctx.fillText(label, x, plot.bottom + 8);
  }
  ctx.fillStyle = COLOURS.text;
  ctx.font = `bold 14px ${layout.font}, sans-serif`;
  ctx.textBaseline = 'bottom';
  ctx.fillText(chart.xLabel, (plot.left + plot.right) / 2, layout.height - 10);
}

/** Draws the whole chart over the canvas, background included. */
export function drawBarChart(canvas: ChartCanvas, chart: ViewChart, layout: ChartLayout): void {
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = COLOURS.background;
  ctx.fillRect(0, 0, layout.width, layout.height);
  const max = Math.max(0, ...chart.points.map((p) => p.value));
  const step = scaleStep(max);
  const plot: Plot = {
    left: MARGIN.left,
    right: layout.width - MARGIN.right,
    top: MARGIN.top,
    bottom: layout.height - MARGIN.bottom,
    topValue: Math.max(step, Math.ceil(max / step) * step),
  };
  drawTitle(ctx, chart, layout);
  drawScale(ctx, chart, plot, layout, step);
  drawBars(ctx, chart, plot, layout);
}
