/**
 * A module's unexported helper, compiled from its source for a test that holds it to its plain
 * version. Tests import what modules export; this is for the few fast paths kept private to their
 * module, so they stay private and are still checked.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

const ROOT = join(import.meta.dirname, '..', '..');

/**
 * The top-level function `name` of `file` (a path from the repository's root), declared as
 * `function name(...) {...}` and ending at the first line that is a lone `}`. `scope` gives the
 * names it uses from elsewhere (its imports, and helpers it calls, listed in `helpers`, which are
 * cut from the same file).
 */
export function privateFunction<F>(file: string, name: string, scope: Record<string, unknown> = {}, helpers: readonly string[] = []): F {
  const source = readFileSync(join(ROOT, file), 'utf8');
  const body = [...helpers, name].map((fn) => functionSource(source, file, fn)).join('\n');
  const js = ts.transpileModule(body, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  const names = Object.keys(scope);
  return new Function(...names, `${js}\nreturn ${name};`)(...names.map((key) => scope[key])) as F;
}

function functionSource(source: string, file: string, name: string): string {
  const start = source.search(new RegExp(`^(?:export )?function ${name}\\(`, 'm'));
  if (start < 0) throw new Error(`expected a top-level function ${name} in ${file}; it has moved or been renamed`);
  const end = source.indexOf('\n}\n', start);
  if (end < 0) throw new Error(`expected function ${name} in ${file} to end at a line holding only "}"`);
  return source.slice(start, end + 2).replace(/^export /, '');
}
