/** The one-shot commands on an existing index: headlines, summary, quotes, briefing, remove, prune. */
import type { CommandOptions } from '../command.js';
import type { Config } from '../config.js';
import { renderText } from '../console/render.js';
import { retentionCutoff } from '../news/library.js';
import { DEFAULT_HEADLINES, DEFAULT_SUMMARY_SENTENCES } from '../news/news.js';
import { escapeControls } from '../text-safety.js';
import type { View } from '../view.js';
import { briefingView } from '../view.js';
import { CliError, type CliIo, type Flags, positiveInt, requireDatabase, withApp, withReadingApp, writeLine } from './shared.js';

export async function commandQuery(name: string, config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const topic = args.join(' ').trim();
  if (name !== 'headlines' && !topic) throw new CliError(`${name} needs a TOPIC, e.g. newsbrief ${name} iran`);
  requireDatabase(config);
  // --json prints the use case's data; otherwise the command's view, as the console shows it.
  const answer = async (data: () => Promise<unknown>, view: () => Promise<View>) =>
    writeLine(io.stdout, flags.json ? JSON.stringify(await data()) : renderText(await view()));
  return withReadingApp(
    config,
    async (app) => {
      // Views come from the command modules; --json answers skip loading them (faster start).
      const view = (options: CommandOptions) => async (): Promise<View> => {
        const command = app.commands.get(name);
        if (!command) throw new CliError(`command ${name} is not available`);
        return command.handle(options, app);
      };
      if (name === 'headlines') {
        const limit = positiveInt('limit', flags.limit, DEFAULT_HEADLINES, 1000);
        await answer(() => app.news.headlines({ topic: topic || undefined, limit }), view(topic ? { topic, limit } : { limit }));
      } else if (name === 'summary') {
        const sentences = positiveInt('sentences', flags.sentences, DEFAULT_SUMMARY_SENTENCES, 50);
        await answer(() => app.news.summary(topic, sentences), view({ topic, sentences }));
      } else {
        const speaker = flags.speaker?.trim() || undefined;
        await answer(() => app.news.quotes({ topic, speaker }), view(speaker ? { topic, speaker } : { topic }));
      }
      return 0;
    },
    { commands: !flags.json },
  );
}

/** Stories the index holds to list per call, unless --limit says otherwise. */
const DEFAULT_STORIES = 20;

/**
 * The index's stories, newest first (or, on a topic, best-ranked first): one JSON line per story with
 * its reports ({"story", "title", "articles": [{id, title, source, url, published}]}), or readable lines.
 */
export async function commandIndexStories(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const topic = args.join(' ').trim() || undefined;
  const limit = positiveInt('limit', flags.limit, DEFAULT_STORIES, 1000);
  requireDatabase(config);
  return withReadingApp(
    config,
    async (app) => {
      const { headlines } = await app.news.headlines({ topic, limit });
      for (const story of headlines) {
        const articles = [story, ...story.alsoIn].map(({ id, title, source, url, published }) => ({ id, title, source, url, published }));
        if (flags.json) writeLine(io.stdout, JSON.stringify({ story: story.story ?? null, title: story.title, articles }));
        else {
          const lines = articles.map(
            (a) => `  ${escapeControls([a.source, a.published?.slice(0, 10)].filter(Boolean).join(' · '))}: ${escapeControls(a.title)}`,
          );
          writeLine(
            io.stdout,
            [`${escapeControls(story.title)} (${articles.length} article${articles.length === 1 ? '' : 's'})`, ...lines].join('\n'),
          );
        }
      }
      if (headlines.length === 0 && !flags.json)
        writeLine(io.stdout, topic ? `No stories about "${escapeControls(topic)}" yet.` : 'No articles indexed yet.');
      return 0;
    },
    { commands: false },
  );
}

export async function commandBriefing(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  const topics = args
    .join(' ')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);
  if (topics.length === 0) throw new CliError('briefing needs TOPICS, e.g. newsbrief briefing iran, oil');
  requireDatabase(config);
  return withReadingApp(config, async (app) => {
    const briefing = await app.briefings.preview(topics.join(','));
    writeLine(io.stdout, flags.json ? JSON.stringify(briefing) : renderText(briefingView(briefing, `Briefing: ${topics.join(', ')}`)));
    return 0;
  });
}

export async function commandRemove(config: Config, ids: string[], flags: Flags, io: CliIo): Promise<number> {
  if (ids.length === 0) throw new CliError('remove needs at least one article ID (ids are in --json answers and ingest reports)');
  requireDatabase(config);
  const removed = await withApp(config, (app) => app.store.remove(ids), { commands: false });
  const gone = new Set(removed);
  const missing = [...new Set(ids)].filter((id) => !gone.has(id));
  if (flags.json) writeLine(io.stdout, JSON.stringify({ removed, missing }));
  else writeLine(io.stdout, `removed ${removed.length} article${removed.length === 1 ? '' : 's'}`);
  for (const id of missing) writeLine(io.stderr, `not found: ${id}`);
  return missing.length > 0 ? 1 : 0;
}

export async function commandPrune(config: Config, args: string[], flags: Flags, io: CliIo): Promise<number> {
  if (args.length > 0 || flags['older-than'] === undefined) throw new CliError('usage: newsbrief prune --older-than DAYS');
  const days = positiveInt('older-than', flags['older-than'], 0, 36500);
  requireDatabase(config);
  const before = retentionCutoff(days, new Date());
  const removed = await withApp(config, (app) => app.store.removeOlderThan(before), { commands: false });
  if (flags.json) writeLine(io.stdout, JSON.stringify({ removed, before: before.toISOString() }));
  else
    writeLine(
      io.stdout,
      `removed ${removed} article${removed === 1 ? '' : 's'} older than ${days} days (published, or for undated ones indexed, before ${before.toISOString()})`,
    );
  return 0;
}
