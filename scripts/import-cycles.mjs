// Lists import cycles among src/ and commands/ (node scripts/import-cycles.mjs [ROOT] [--runtime: ignore type-only imports]).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve, relative } from 'node:path';
const root = process.argv.slice(2).find((arg) => !arg.startsWith('--')) ?? '.';
const files = [];
const walk = (d) => { for (const n of readdirSync(d)) { const p = join(d, n); if (statSync(p).isDirectory()) walk(p); else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) files.push(resolve(p)); } };
for (const d of ['src', 'commands']) walk(join(root, d));
const graph = new Map();
const runtimeOnly = process.argv.includes('--runtime');
for (const f of files) {
  const text = readFileSync(f, 'utf8');
  const deps = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]/gm)) {
    if (runtimeOnly && m[1]) continue;
    const target = resolve(dirname(f), m[2].replace(/\.js$/, '.ts'));
    if (graph.has(target) || files.includes(target)) deps.push(target);
  }
  graph.set(f, deps);
}
// Tarjan's strongly connected components.
let index = 0; const idx = new Map(), low = new Map(), stack = [], on = new Set(), sccs = [];
const strong = (v) => { idx.set(v, index); low.set(v, index++); stack.push(v); on.add(v);
  for (const w of graph.get(v) ?? []) { if (!idx.has(w)) { strong(w); low.set(v, Math.min(low.get(v), low.get(w))); } else if (on.has(w)) low.set(v, Math.min(low.get(v), idx.get(w))); }
  if (low.get(v) === idx.get(v)) { const c = []; let w; do { w = stack.pop(); on.delete(w); c.push(w); } while (w !== v); if (c.length > 1) sccs.push(c); } };
for (const v of graph.keys()) if (!idx.has(v)) strong(v);
for (const c of sccs) console.log('cycle:', c.map((f) => relative(resolve(root), f)).sort().join(' <-> '));
if (sccs.length === 0) console.log('no cycles');
