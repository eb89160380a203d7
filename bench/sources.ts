/**
 * Material for the benchmark corpus: real article texts, real whole-page dumps and real HTML pages
 * from the shared corpus when it is there, else the built-in generator's articles.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generatedArticles, generatedHtmlPage } from './generator.js';

/** An article's text, before it is dressed up as a page. */
export interface SourceArticle {
  title: string;
  paragraphs: string[];
  /** Publisher-like name, when the source says. */
  site: string | null;
}

export interface SourcePool {
  /** Where the material came from, for the report. */
  origin: string;
  articles: SourceArticle[];
  /** Whole-page plain-text dumps, used verbatim (with their real menus and footers). */
  dumps: string[];
  /** HTML pages, for the HTML extraction comparison. */
  html: { name: string; html: string }[];
}

function paragraphsOf(text: string): string[] {
  return text
    .split(/\r?\n\s*\r?\n|\r?\n/)
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

function readBbc(dir: string): SourceArticle[] {
  const out: SourceArticle[] = [];
  if (!existsSync(dir)) return out;
  for (const category of readdirSync(dir).sort()) {
    const folder = join(dir, category);
    for (const file of readdirSync(folder)
      .filter((f) => f.endsWith('.article.txt'))
      .sort()) {
      const [title, ...paragraphs] = paragraphsOf(readFileSync(join(folder, file), 'utf8'));
      if (title && paragraphs.length > 0) out.push({ title, paragraphs, site: 'BBC News' });
    }
  }
  return out;
}

function readPolnear(dir: string): SourceArticle[] {
  const out: SourceArticle[] = [];
  const textDir = join(dir, 'text');
  if (!existsSync(textDir)) return out;
  const meta = new Map<string, { title: string; publisher: string }>();
  const metaPath = join(dir, 'metadata.tsv');
  if (existsSync(metaPath)) {
    const [header = '', ...rows] = readFileSync(metaPath, 'utf8').split('\n');
    const cols = header.split('\t');
    const at = (name: string) => cols.indexOf(name);
    for (const row of rows) {
      const cells = row.split('\t');
      const file = cells[at('filename')];
      if (file) meta.set(file, { title: cells[at('title')] ?? '', publisher: cells[at('publisher')] ?? '' });
    }
  }
  for (const file of readdirSync(textDir)
    .filter((f) => f.endsWith('.txt'))
    .sort()) {
    const paragraphs = paragraphsOf(readFileSync(join(textDir, file), 'utf8'));
    const info = meta.get(file.replace(/\.txt$/, ''));
    const title = info?.title || paragraphs.shift() || '';
    if (title && paragraphs.length > 0) out.push({ title, paragraphs, site: info?.publisher || null });
  }
  return out;
}

function readExtraction(dir: string): { dumps: string[]; html: { name: string; html: string }[] } {
  const pages = join(dir, 'pages');
  const dumps: string[] = [];
  const html: { name: string; html: string }[] = [];
  if (!existsSync(pages)) return { dumps, html };
  for (const file of readdirSync(pages).sort()) {
    if (file.endsWith('.txt')) dumps.push(readFileSync(join(pages, file), 'utf8'));
    else if (file.endsWith('.html.gz')) html.push({ name: file, html: gunzipSync(readFileSync(join(pages, file))).toString('utf8') });
  }
  return { dumps, html };
}

function readReadabilityPages(dir: string): { name: string; html: string }[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .sort()
    .filter((name) => existsSync(join(dir, name, 'source.html')))
    .map((name) => ({ name, html: readFileSync(join(dir, name, 'source.html'), 'utf8') }));
}

/** The real corpus's material, or null when the folder holds none of it. */
export function loadCorpusPool(corpusDir: string): SourcePool | null {
  const articles = [...readBbc(join(corpusDir, 'summaries', 'bbc')), ...readPolnear(join(corpusDir, 'quotes', 'polnear-train'))];
  const extraction = readExtraction(join(corpusDir, 'extraction'));
  if (articles.length === 0 && extraction.dumps.length === 0) return null;
  return {
    origin: corpusDir,
    articles,
    dumps: extraction.dumps,
    html: [...extraction.html, ...readReadabilityPages(join(corpusDir, 'readability'))],
  };
}

/** The built-in generator's material: no files needed. */
export function generatedPool(count = 400): SourcePool {
  const articles = generatedArticles(count);
  return {
    origin: 'built-in generator',
    articles,
    dumps: [],
    html: articles.slice(0, 40).map((a, i) => ({ name: `generated-${i}.html`, html: generatedHtmlPage(a, i) })),
  };
}
