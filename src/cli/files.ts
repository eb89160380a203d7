/** The commands that read article files, folders and URLs: ingest, clean, summarize, stories. */
import { buildArticle } from '../articles/article.js';
import type { Config } from '../config.js';
import { describeForUser, IN_REPORT } from '../errors.js';
import { type IngestReport, stoppedBy } from '../ingest/index.js';
import { DEFAULT_SUMMARY_SENTENCES } from '../news/news.js';
import { ingestUrl } from '../news/sources.js';
import { findArticleFiles, readArticleFile } from '../sources/files.js';
import { groupArticles } from '../stories/group.js';
import { ExtractiveSummarizer } from '../summarize/index.js';
import { escapeControls } from '../text-safety.js';
import { commandIndexStories } from './answers.js';
import { CliError, type CliIo, type Flags, failureLine, positiveInt, progressReporter, withApp, writeLine } from './shared.js';
import { commandTogether } from './together.js';

function reportIngest(report: IngestReport, io: CliIo, json: boolean): void {
  if (json) {
    writeLine(io.stdout, JSON.stringify(report));
    return;
  }
  const duplicates = report.duplicates ?? [];
  writeLine(
    io.stdout,
    `added ${report.added}, updated ${report.updated}, unchanged ${report.unchanged}, duplicate ${duplicates.length}, failed ${report.failed.length}`,
  );
  for (const d of duplicates)
    writeLine(io.stdout, `duplicate: ${escapeControls(d.file)} is the same page as article ${escapeControls(d.of)} (not stored twice)`);
  for (const file of report.truncated ?? [])
    writeLine(io.stdout, `truncated: ${escapeControls(file)} is longer than any article: its beginning was kept`);
  for (const f of report.failed) writeLine(io.stderr, failureLine(f));
}

const URL_ARGUMENT = /^https?:\/\//i;

/** Adds one report's counts and failures into another. */
function mergeReports(into: IngestReport, from: IngestReport): IngestReport {
  return {
    added: into.added + from.added,
    updated: into.updated + from.updated,
    unchanged: into.unchanged + from.unchanged,
    failed: [...into.failed, ...from.failed],
    duplicates: [...(into.duplicates ?? []), ...(from.duplicates ?? [])],
    truncated: [...(into.truncated ?? []), ...(from.truncated ?? [])],
  };
}

export async function commandIngest(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  if (args.length === 0) throw new CliError('ingest needs at least one file, folder or http(s) URL');
  const urls = args.filter((a) => URL_ARGUMENT.test(a));
  const paths = args.filter((a) => !URL_ARGUMENT.test(a));
  const progress = progressReporter(io.stderr);
  const report = await withApp(config, async (app) => {
    let total: IngestReport = paths.length
      ? await app.ingest(paths, { onProgress: progress.onProgress })
      : { added: 0, updated: 0, unchanged: 0, failed: [] };
    // One feed or page per URL, through the guarded fetch; none once the store can take no more.
    for (const url of urls) {
      if (total.stopped) break;
      try {
        total = mergeReports(total, await ingestUrl(app.sourceDeps, url));
      } catch (error) {
        const stopped = stoppedBy(error);
        if (stopped === null) throw error;
        total = { ...total, stopped };
      }
    }
    return total;
  });
  progress.finish();
  reportIngest(report, io, flags.json ?? false);
  // A full disk or a read-only database stops the run: the counts above are what it committed.
  if (report.stopped) writeLine(io.stderr, `newsbrief: stopped: ${report.stopped}; the counts above were committed`);
  return report.failed.length > 0 || report.stopped ? 1 : 0;
}

/** Reads article files one by one, passing each good one on and reporting each bad one; returns the failure count. */
async function eachArticleFile(
  config: Config,
  paths: string[],
  io: CliIo,
  use: (file: string, article: ReturnType<typeof buildArticle>) => Promise<void> | void,
): Promise<number> {
  if (paths.length === 0) throw new CliError('needs at least one article file');
  const { files, missing } = await findArticleFiles(paths);
  let failures = missing.length;
  for (const m of missing) writeLine(io.stderr, `newsbrief: ${escapeControls(m.file)}: ${escapeControls(m.reason)}`);
  for (const file of files) {
    try {
      await use(file, buildArticle(await readArticleFile(file, config.maxFileBytes)));
    } catch (error) {
      failures++;
      writeLine(io.stderr, `newsbrief: ${escapeControls(file)}: ${escapeControls(describeForUser(error, IN_REPORT))}`);
    }
  }
  return failures;
}

export async function commandClean(config: Config, paths: string[], io: CliIo): Promise<number> {
  const failures = await eachArticleFile(config, paths, io, (file, a) => {
    // Always JSON lines: this command exists to feed other tools (--json is accepted for symmetry).
    const { title, section, byline, published, publishedFrom, source, url, paragraphs, quotes } = a;
    const record = {
      file,
      title,
      section,
      byline,
      published,
      publishedFrom,
      source,
      url,
      image: a.image ?? null,
      body: paragraphs.join('\n\n'),
      paragraphs,
      quotes,
      // Present only on a page longer than any article, of which the beginning was kept (MAX_BODY_CHARS).
      ...(a.truncated ? { truncated: true } : {}),
    };
    writeLine(io.stdout, JSON.stringify(record));
  });
  return failures > 0 ? 1 : 0;
}

export async function commandSummarize(config: Config, paths: string[], flags: Flags, io: CliIo): Promise<number> {
  if (flags.together) return commandTogether(flags, io, (use) => eachArticleFile(config, paths, io, use));
  if (flags.words !== undefined || flags.topic !== undefined)
    throw new CliError('--words and --topic summarize files as one set: add --together');
  const maxSentences = positiveInt('sentences', flags.sentences, DEFAULT_SUMMARY_SENTENCES, 50);
  const summarizer = new ExtractiveSummarizer();
  const failures = await eachArticleFile(config, paths, io, async (file, a) => {
    const summary = await summarizer.summarize({ articles: [a], maxSentences });
    const record = { file, title: a.title, sentences: summary.sentences.map((s) => ({ text: s.text })), summarizer: summary.generator };
    writeLine(io.stdout, JSON.stringify(record));
  });
  return failures > 0 ? 1 : 0;
}

/** Groups the given article files into stories, no database: one line per story, every article file in one (--db: the index's stories). */
export async function commandStories(config: Config, paths: string[], flags: Flags, io: CliIo): Promise<number> {
  // With a database, the index's stories (on a topic, when words are given); else the files given, grouped.
  if (flags.db !== undefined) return commandIndexStories(config, paths, flags, io);
  const files: string[] = [];
  const articles: ReturnType<typeof buildArticle>[] = [];
  const failures = await eachArticleFile(config, paths, io, (file, a) => {
    files.push(file);
    articles.push(a);
  });
  const stories = groupArticles(articles).map((story) => ({ title: story.title, files: story.articles.map((i) => files[i]!) }));
  for (const story of stories) {
    if (flags.json) writeLine(io.stdout, JSON.stringify(story));
    else
      writeLine(
        io.stdout,
        [
          `${escapeControls(story.title)} (${story.files.length} article${story.files.length === 1 ? '' : 's'})`,
          ...story.files.map((f) => `  ${escapeControls(f)}`),
        ].join('\n'),
      );
  }
  return failures > 0 ? 1 : 0;
}
