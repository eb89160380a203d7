/**
 * `npm run fuzz [-- --cases N] [--seconds S] [--seed K]`: hostile pages, feeds and file names through
 * cleaning, ingest, the answers and both faces (issue 18). Checks that nothing crashes (only the
 * errors that name a bad input), no stack trace reaches the user, every Discord message keeps every
 * limit in at most two messages with nothing invisible, and no control character reaches a terminal.
 * Bounded by case count and by time; exits 1 listing the first problems found.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { openApp } from '../src/app.js';
import { buildArticle, NotAnArticleError } from '../src/articles/article.js';
import { type CliIo, main } from '../src/cli.js';
import { parseConfig } from '../src/config.js';
import { renderText } from '../src/console/render.js';
import { limitProblems } from '../src/discord/limits.js';
import { type DiscordMessage, MAX_MESSAGES, renderView } from '../src/discord/render.js';
import { FeedError, parseFeed } from '../src/sources/feeds.js';
import { guardTerminalOutput, stripInvisible } from '../src/text-safety.js';
import type { View } from '../src/view.js';
import { Dice, fuzzFeed, fuzzPage } from './fuzz-cases.js';

export interface FuzzOptions {
  cases: number;
  seconds: number;
  seed: number;
}

export interface FuzzReport {
  pages: number;
  /** Articles the CLI ingest stored from the pages written as files. */
  stored: number;
  feeds: number;
  answers: number;
  problems: string[];
}

const STACK_LINE = /^\s+at .+\(?.*:\d+:\d+\)?$/m;

/** A terminal line's raw controls (the newline between lines is fine). */
function rawControls(text: string): boolean {
  return guardTerminalOutput(text) !== text;
}

/** Runs the CLI in this process with its output captured. */
async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (s: string) => void) =>
    new Writable({
      write(chunk, _encoding, done) {
        append(String(chunk));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end();
  const io: CliIo = { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)), stdin };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

export function checkCli(what: string, out: { code: number; stdout: string; stderr: string }, problems: string[]): void {
  if (out.code !== 0 && out.code !== 1) problems.push(`${what}: exit code ${out.code}`);
  if (rawControls(out.stdout) || rawControls(out.stderr)) problems.push(`${what}: raw control characters printed`);
  if (STACK_LINE.test(out.stdout) || STACK_LINE.test(out.stderr)) problems.push(`${what}: a stack trace was printed`);
  if (/unexpected error/.test(out.stderr)) problems.push(`${what}: ${out.stderr.split('\n')[0]}`);
}

/**
 * The first character stripInvisible would remove from a text, as U+XXXX, or null. The zero-width
 * space the escaper puts after @ and < to break a mention is the one it places on purpose.
 */
function firstInvisible(text: string): string | null {
  text = text.replace(/([@<])\u200b/g, '$1');
  const kept = stripInvisible(text);
  if (kept === text) return null;
  let i = 0;
  while (i < kept.length && kept[i] === text[i]) i++;
  return `U+${text.codePointAt(i)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Every Discord rendering of a view within limits, at most two messages, nothing invisible; the console text clean. */
export function checkView(what: string, view: View, problems: string[]): void {
  checkRendered(what, renderView(view), renderText(view), problems);
}

/** What checkView asks of a view's Discord messages and console text. */
export function checkRendered(what: string, messages: DiscordMessage[], consoleText: string, problems: string[]): void {
  if (messages.length > MAX_MESSAGES) problems.push(`${what}: ${messages.length} messages`);
  for (const message of messages) {
    for (const problem of limitProblems(message)) problems.push(`${what}: ${problem}`);
    if ((message.allowedMentions.parse as string[]).length > 0) problems.push(`${what}: mentions allowed`);
    const shown = [
      message.content ?? '',
      ...message.embeds.flatMap((e) => [
        e.title ?? '',
        e.description ?? '',
        e.footer?.text ?? '',
        ...(e.fields ?? []).flatMap((f) => [f.name, f.value]),
      ]),
    ];
    const hidden = shown.map(firstInvisible).find((code) => code !== null);
    if (hidden) problems.push(`${what}: invisible character ${hidden} shown in Discord`);
  }
  if (rawControls(consoleText)) problems.push(`${what}: raw control characters in the console face`);
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const dice = new Dice(options.seed);
  const deadline = Date.now() + options.seconds * 1000;
  const report: FuzzReport = { pages: 0, stored: 0, feeds: 0, answers: 0, problems: [] };
  const dir = mkdtempSync(join(tmpdir(), 'nb-fuzz-'));
  const pagesDir = join(dir, 'pages');
  mkdirSync(pagesDir);
  const db = join(dir, 'fuzz.db');
  try {
    // Pages and feeds one by one: an article or a reason, never anything else.
    for (let i = 0; i < options.cases && Date.now() < deadline; i++) {
      const page = fuzzPage(dice, i);
      try {
        const article = buildArticle({ origin: page.name, format: page.format, content: page.content });
        if (!article.title || article.paragraphs.some((p) => p.includes('\n\n'))) report.problems.push(`page ${i}: malformed article`);
      } catch (error) {
        if (!(error instanceof NotAnArticleError)) report.problems.push(`page ${i}: ${(error as Error).name}: ${(error as Error).message}`);
      }
      if (i % 10 === 0) writeFileSync(join(pagesDir, page.name), page.content);
      report.pages++;
      try {
        parseFeed(fuzzFeed(dice), 'https://feeds.example/fuzz.xml');
      } catch (error) {
        if (!(error instanceof FeedError)) report.problems.push(`feed ${i}: ${(error as Error).name}: ${(error as Error).message}`);
      }
      report.feeds++;
    }
    // A tenth of the pages as files with hostile names, through the real CLI and both faces.
    checkCli('ingest', await runCli(['ingest', pagesDir, '--db', db]), report.problems);
    const app = await openApp({ ...parseConfig({}), dbPath: db, dbConfigured: true });
    try {
      report.stored = await app.store.count();
      const topics = ['iran', 'said', 'the', '\x1b[2J', '## x', '@everyone', '\u202etalks'];
      for (const topic of topics) {
        for (const name of ['headlines', 'summary', 'quotes'] as const) {
          if (Date.now() > deadline + 30_000) break;
          const command = app.commands.get(name);
          if (!command) continue;
          const view = await command.handle(name === 'headlines' ? { topic, limit: 25 } : { topic }, app);
          checkView(`/${name} ${JSON.stringify(topic)}`, view, report.problems);
          report.answers++;
        }
        checkCli(`headlines ${JSON.stringify(topic)}`, await runCli(['headlines', topic, '--db', db]), report.problems);
      }
      checkView('/headlines', await app.commands.get('headlines')!.handle({ limit: 25 }, app), report.problems);
    } finally {
      await app.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return report;
}

async function cli(): Promise<void> {
  const { values } = parseArgs({
    options: {
      cases: { type: 'string', default: '10000' },
      seconds: { type: 'string', default: '300' },
      seed: { type: 'string', default: '1' },
    },
  });
  const options = { cases: Number(values.cases), seconds: Number(values.seconds), seed: Number(values.seed) };
  const started = performance.now();
  const report = await runFuzz(options);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(
    `fuzz: ${report.pages} pages (${report.stored} stored from files), ${report.feeds} feeds, ${report.answers} answers in ${seconds} s ` +
      `(seed ${options.seed}): ${report.problems.length} problems`,
  );
  for (const problem of report.problems.slice(0, 30)) console.log(`  ${JSON.stringify(problem)}`);
  process.exitCode = report.problems.length > 0 ? 1 : 0;
}

if (process.argv[1]?.endsWith('fuzz.ts')) await cli();
