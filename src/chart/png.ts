/**
 * A bar chart drawn as a PNG with @napi-rs/canvas (Skia, a prebuilt binary per platform). The
 * native module is loaded on first use, and only then: where it cannot load, the answer is a reason,
 * not an error, and the faces show the chart as text (docs/adr/0029-trend-charts.md).
 */
import { createRequire } from 'node:module';
import { describeError } from '../log.js';
import type { ViewChart } from '../view.js';
import { drawBarChart } from './draw.js';

/** The picture's size in pixels: wide enough for a year of bars, small enough for a phone. */
export const CHART_WIDTH = 800;
export const CHART_HEIGHT = 400;
/** The family the shipped font (DejaVu Sans, OFL) is registered under; system fonts serve what it lacks. */
export const CHART_FONT = 'NewsbriefSans';
const FONT_FILES = ['dejavu-sans-latin-400-normal.woff2', 'dejavu-sans-latin-700-normal.woff2'];

/** What the chart needs of @napi-rs/canvas (its types only: importing them loads nothing). */
export type CanvasModule = Pick<typeof import('@napi-rs/canvas'), 'createCanvas' | 'GlobalFonts'>;

export type ChartPng = { png: Buffer } | { unavailable: string };

const require = createRequire(import.meta.url);

/** Loads the canvas module and registers the shipped font; a missing font leaves text to the system's fonts. */
async function loadCanvas(): Promise<CanvasModule> {
  const canvas: CanvasModule = await import('@napi-rs/canvas');
  for (const file of FONT_FILES) {
    try {
      canvas.GlobalFonts.registerFromPath(require.resolve(`@fontsource/dejavu-sans/files/${file}`), CHART_FONT);
    } catch {
      // The font package is a dependency; without it Skia falls back to whatever the system has.
    }
  }
  return canvas;
}

let shared: Promise<CanvasModule> | null = null;

/** The canvas module, loaded once per process (a failure is remembered too: it will not load later either). */
function sharedCanvas(): Promise<CanvasModule> {
  shared ??= loadCanvas();
  return shared;
}

/**
 * The chart as a PNG of CHART_WIDTH x CHART_HEIGHT, or why it cannot be drawn here. `load` stands
 * in for the native module (tests give one that fails).
 */
export async function renderChartPng(chart: ViewChart, load: () => Promise<CanvasModule> = sharedCanvas): Promise<ChartPng> {
  let canvasModule: CanvasModule;
  try {
    canvasModule = await load();
  } catch (error) {
    return { unavailable: `the chart renderer (@napi-rs/canvas) could not be loaded: ${describeError(error).split('\n')[0]}` };
  }
  const canvas = canvasModule.createCanvas(CHART_WIDTH, CHART_HEIGHT);
  drawBarChart(canvas, chart, { width: CHART_WIDTH, height: CHART_HEIGHT, font: CHART_FONT });
  return { png: await canvas.encode('png') };
}
