/** A view's chart as a Discord attachment: the PNG with its alt text, or null where it cannot be drawn. */
import { AttachmentBuilder } from 'discord.js';
import { type CanvasModule, renderChartPng } from '../chart/png.js';
import { describeError, type Logger } from '../log.js';
import type { ViewChart } from '../view.js';
import { plainText } from './escape.js';

/** Discord's limit on an attachment's description (its alt text). */
const MAX_ALT_TEXT = 1024;

/** The chart's picture, described for screen readers; null (and one log line) when the renderer cannot load. */
export async function chartAttachment(
  chart: ViewChart,
  log: Logger,
  load?: () => Promise<CanvasModule>,
): Promise<AttachmentBuilder | null> {
  let drawn;
  try {
    drawn = await renderChartPng(chart, load);
  } catch (error) {
    // A chart that fails to draw still leaves the answer: it is shown as text.
    drawn = { unavailable: `the chart could not be drawn: ${describeError(error)}` };
  }
  if ('unavailable' in drawn) {
    log.warn(`chart shown as text: ${drawn.unavailable}`);
    return null;
  }
  return new AttachmentBuilder(drawn.png, { name: chart.fileName }).setDescription(plainText(chart.description).slice(0, MAX_ALT_TEXT));
}
