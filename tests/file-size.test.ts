import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
/** Where the project's own code lives: every TypeScript file there is held to the limit. */
const FOLDERS = ['src', 'commands', 'bench', 'tests/support'];
/** A file longer than this does more than one job: split it by job (issue 22). */
const MAX_LINES = 400;

function typeScriptFiles(folder: string): string[] {
  return readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.m?ts$/.test(file))
    .map((file) => join(folder, file));
}

describe('source files', () => {
  it(`are at most ${MAX_LINES} lines each`, () => {
    const files = FOLDERS.flatMap(typeScriptFiles);
    expect(files.length).toBeGreaterThan(100);
    const long = files
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1 }))
      .filter(({ lines }) => lines > MAX_LINES);
    expect(long).toEqual([]);
  });
});
