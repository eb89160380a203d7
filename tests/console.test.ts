import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, openApp } from '../src/app.js';
import type { CommandJson } from '../src/command.js';
import { parseConfig } from '../src/config.js';
import { parseOptions, splitCommandLine } from '../src/console/parse.js';
import { answerLine, runConsole } from '../src/console/repl.js';

let app: App;

beforeAll(async () => {
  const dbPath = join(mkdtempSync(join(tmpdir(), 'nb-console-')), 'console.db');
  app = await openApp({ ...parseConfig({}), dbPath, dataDir: 'data/articles' });
  await app.ingest(['data/articles']);
});

afterAll(async () => {
  await app?.close();
});

const ask = (line: string) => answerLine(line, app.commands, app);

describe('console parsing', () => {
  const summary: CommandJson = {
    name: 'summary',
    description: 'd',
    options: [
      { name: 'topic', description: 't', type: 3, required: true },
      { name: 'sentences', description: 's', type: 4, min_value: 1, max_value: 10 },
    ],
  };

  it('reads free text as the first text option, and name:value pairs by name', () => {
    expect(parseOptions(summary, 'iran')).toEqual({ topic: 'iran' });
    expect(parseOptions(summary, 'topic:north korea sentences:2')).toEqual({ topic: 'north korea', sentences: 2 });
    expect(splitCommandLine('/summary topic:iran')).toEqual({ name: 'summary', rest: 'topic:iran' });
  });

  it('says which option is missing or wrong', () => {
    expect(() => parseOptions(summary, '')).toThrow('/summary needs topic');
    expect(() => parseOptions(summary, 'iran sentences:two')).toThrow('option sentences expects a whole number');
    expect(() => parseOptions(summary, 'iran sentences:11')).toThrow('option sentences must be at most 10');
  });
});

describe('console face', () => {
  it('answers /summary iran with cited sentences from the seed article', async () => {
    const text = (await ask('/summary iran'))!;
    expect(text).toMatch(/^Summary: iran/);
    expect(text).toContain('[1]');
    expect(text).toContain("Iran Rejects Direct Negotiations With the U.S. in Response to Trump's Letter");
    expect(text).toContain('Summarized by extractive');
  });

  it('accepts /summary topic:iran the same way as /summary iran', async () => {
    expect(await ask('/summary topic:iran')).toBe(await ask('/summary iran'));
  });

  it('answers /headlines with the newest articles and /headlines topic:iran with Iran stories only', async () => {
    const latest = (await ask('/headlines'))!;
    expect(latest).toContain('Tehran');
    expect(latest).toContain('Bike Lanes');
    const iran = (await ask('/headlines topic:iran'))!;
    expect(iran).toContain('Iran Rejects Direct Negotiations');
    expect(iran).toContain("Tehran's New Metro Line Opens to Riders");
    expect(iran).not.toContain('Bike Lanes');
  });

  it('answers /quotes iran with speakers', async () => {
    const text = (await ask('/quotes iran'))!;
    expect(text).toContain('Pezeshkian');
    expect(text).toContain('Trump');
  });

  it('explains unknown commands and bad options instead of failing', async () => {
    expect(await ask('/bogus')).toContain('Unknown command "/bogus"');
    expect(await ask('/headlines limit:lots')).toBe('Error: option limit expects a whole number, got "lots"');
    expect(await ask('help')).toContain('/summary topic:');
    expect(await ask('exit')).toBeNull();
  });

  it('runs a session line by line until exit', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let printed = '';
    output.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const done = runConsole(app.commands, app, { input, output });
    input.end('/headlines limit:1\nexit\n/summary iran\n');
    await done;
    expect(printed).toContain('Latest headlines');
    expect(printed).not.toContain('Summary: iran');
  });
});
