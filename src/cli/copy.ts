/**
 * `newsbrief copy --from DB --to DB`: everything one database holds into another (SQLite file or
 * postgres:// URL either side, src/store/copy.ts), then what was new per kind; --json as one object.
 */
import { COPY_KINDS, type CopyReport, copyStores } from '../store/copy.js';
import type { CopyKind } from '../store/store.js';
import { CliError, type CliIo, writeLine } from './shared.js';

/** The flags copy reads. */
export interface CopyFlags {
  from?: string;
  to?: string;
  json?: boolean;
}

const LABELS: Record<CopyKind, string> = {
  articles: 'articles',
  feeds: 'feeds (subscriptions)',
  seenItems: 'seen feed items',
  schedules: 'briefing schedules',
  runs: 'briefing runs',
  follows: 'follows',
  cache: 'summary cache entries',
};

export async function commandCopy(args: string[], flags: CopyFlags, io: CliIo): Promise<number> {
  if (args.length > 0) throw new CliError(`copy takes no arguments (got "${args[0]}"): newsbrief copy --from DB --to DB`);
  const from = flags.from?.trim();
  const to = flags.to?.trim();
  if (!from || !to) throw new CliError('copy needs --from DB and --to DB (a SQLite file path or a postgres:// URL each)');
  let report: CopyReport;
  try {
    report = await copyStores(from, to, { onBatch: progress(io, flags.json === true) });
  } finally {
    if (io.stderr.isTTY) io.stderr.write('\r\x1b[K');
  }
  if (flags.json) writeLine(io.stdout, JSON.stringify({ from: report.from, to: report.to, ...report.copied }));
  else writeLines(io, report);
  return 0;
}

/** Readable: where from and to, then one line per kind with what was new (0 on a second run). */
function writeLines(io: CliIo, report: CopyReport): void {
  writeLine(io.stdout, `copied ${report.from} -> ${report.to} (what the target held already is left as it is):`);
  const width = Math.max(...COPY_KINDS.map((kind) => String(report.copied[kind]).length));
  for (const kind of COPY_KINDS) writeLine(io.stdout, `  ${String(report.copied[kind]).padStart(width)} ${LABELS[kind]}`);
}

/** On a terminal, the counts so far, overwritten in place (a large copy takes minutes). */
function progress(io: CliIo, json: boolean): ((kind: string, copied: Record<CopyKind, number>) => void) | undefined {
  if (json || !io.stderr.isTTY) return undefined;
  return (kind, copied) =>
    io.stderr.write(`\rcopying ${kind}: ${copied.articles} articles, ${copied.feeds} feeds, ${copied.schedules} schedules`);
}
