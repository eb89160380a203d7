/**
 * src/articles/ is one folder per stage, each used through its index.ts, with dependencies one way
 * (docs/architecture.md). Read from the imports of the code itself, so a new file that reaches into a
 * folder, or a folder that starts to import the wrong way, fails here by name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const ARTICLES = join(ROOT, 'src', 'articles');

/** What each folder may import from the other folders (text/ is the floor: it imports none). */
const ALLOWED: Record<string, readonly string[]> = {
  text: [],
  clean: ['text'],
  html: ['text', 'clean'],
  names: ['text'],
  quotes: ['text', 'names'],
};
const FOLDERS = Object.keys(ALLOWED);

interface Edge {
  from: string; // repository path of the importing file
  to: string; // repository path of the imported file
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Every relative import (static, type-only or re-export) of the code under src/, commands/ and bench/. */
function importEdges(): Edge[] {
  const edges: Edge[] = [];
  for (const file of ['src', 'commands', 'bench'].flatMap((dir) => sourceFiles(join(ROOT, dir)))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)) {
      const target = resolve(dirname(file), match[1]!).replace(/\.js$/, '.ts');
      edges.push({ from: relative(ROOT, file), to: relative(ROOT, target) });
    }
  }
  return edges;
}

/** The stage folder of a repository path under src/articles/, '' for the top-level files, null outside. */
function folderOf(path: string): string | null {
  const rest = relative(join('src', 'articles'), path);
  if (rest.startsWith('..')) return null;
  const parts = rest.split('/');
  return parts.length > 1 ? parts[0]! : '';
}

const EDGES = importEdges();

describe('src/articles folders', () => {
  it('are the stage folders the layout names, each with an index.ts', () => {
    const folders = readdirSync(ARTICLES, { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(folders.sort()).toEqual([...FOLDERS].sort());
    for (const folder of FOLDERS) expect(readdirSync(join(ARTICLES, folder))).toContain('index.ts');
  });

  it('are used from outside only through their index.ts', () => {
    const reaching = EDGES.filter(({ from, to }) => {
      const target = folderOf(to);
      return target !== null && target !== '' && folderOf(from) !== target && !to.endsWith('/index.ts');
    });
    expect(EDGES.length).toBeGreaterThan(100);
    expect(reaching).toEqual([]);
  });

  it('depend on one another one way only: text <- clean <- html, text <- names <- quotes', () => {
    const wrongWay = EDGES.filter(({ from, to }) => {
      const source = folderOf(from);
      const target = folderOf(to);
      if (!source || target === null || target === '' || source === target) return false;
      return !ALLOWED[source]!.includes(target);
    });
    expect(wrongWay).toEqual([]);
  });

  it('leave putting the stages together to article.ts: the model files at the top import only text/ and one another', () => {
    const fromModel = EDGES.filter(({ from, to }) => {
      if (folderOf(from) !== '' || from.endsWith('/article.ts')) return false;
      const target = folderOf(to);
      return target !== null && target !== '' && target !== 'text';
    });
    const intoEntry = EDGES.filter(({ from, to }) => to === 'src/articles/article.ts' && folderOf(from) !== null);
    expect(fromModel).toEqual([]);
    expect(intoEntry).toEqual([]);
  });
});
