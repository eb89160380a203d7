/** Article files and folders on disk: finding them, and reading each into a RawPage or a clear reason why not. */
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PageFormat, RawPage } from '../articles/article.js';

/** A file that cannot be read as an article; the message is the reason shown to the user. */
export class InputFileError extends Error {
  override name = 'InputFileError';
}

const FORMATS: Record<string, PageFormat> = { '.txt': 'text', '.text': 'text', '.html': 'html', '.htm': 'html' };

/** The page format a file name implies (".html.gz" counts as HTML), or null for files we don't read. */
export function formatOf(path: string): PageFormat | null {
  const lower = path.toLowerCase();
  const inner = lower.endsWith('.gz') ? lower.slice(0, -3) : lower;
  return FORMATS[extname(inner)] ?? null;
}

export interface FoundFiles {
  files: string[];
  /** Paths given that don't exist or can't be read, with the reason. */
  missing: { file: string; reason: string }[];
}

/** Expands files and folders (recursively, in a stable order) into the article files they hold. */
export async function findArticleFiles(paths: string[]): Promise<FoundFiles> {
  const found: FoundFiles = { files: [], missing: [] };
  const walk = async (path: string, explicit: boolean): Promise<void> => {
    let info;
    try {
      info = await stat(path);
    } catch (error) {
      found.missing.push({ file: path, reason: describeFsError(error) });
      return;
    }
    if (info.isDirectory()) {
      let entries;
      try {
        entries = await readdir(path, { withFileTypes: true });
      } catch (error) {
        found.missing.push({ file: path, reason: describeFsError(error) });
        return;
      }
      const names = entries.filter((e) => !e.name.startsWith('.')).map((e) => e.name).sort();
      for (const name of names) await walk(join(path, name), false);
    } else if (info.isFile() && (explicit || formatOf(path) !== null)) {
      found.files.push(path);
    }
  };
  for (const path of paths) await walk(path, true);
  return found;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  return (error as Error).message;
}

/** True when bytes look like a binary file rather than text: NUL bytes or many control characters. */
export function looksBinary(bytes: Buffer): boolean {
  const sample = bytes.subarray(0, 8192);
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 9 || (byte > 13 && byte < 32)) control++;
  }
  return control > sample.length * 0.1;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Decodes strict UTF-8 (a leading BOM dropped), naming the first bad byte's offset when it is not. */
export function decodeUtf8(bytes: Buffer): string {
  try {
    return utf8.decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw new InputFileError(`invalid UTF-8 (first bad byte at offset ${firstInvalidUtf8Offset(bytes)})`);
  }
}

function firstInvalidUtf8Offset(bytes: Buffer): number {
  // Binary search on prefixes would mis-report truncated sequences; a linear scan is exact and only runs on failure.
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (length === 0 || i + length > bytes.length) return i;
    try {
      utf8.decode(bytes.subarray(i, i + length));
    } catch {
      return i;
    }
    i += length;
  }
  return i;
}

/** Reads one article file into a RawPage, refusing empty, oversized, binary and non-UTF-8 files. */
export async function readArticleFile(path: string, maxBytes: number): Promise<RawPage> {
  const format = formatOf(path);
  if (!format) throw new InputFileError('unsupported file type (expected .txt, .html or .htm, optionally .gz)');
  const info = await stat(path).catch((error: unknown) => {
    throw new InputFileError(describeFsError(error));
  });
  if (info.size > maxBytes) throw new InputFileError(`file too large (${mb(info.size)} MB, limit ${mb(maxBytes)} MB)`);
  let bytes: Buffer = await readFile(path).catch((error: unknown) => {
    throw new InputFileError(describeFsError(error));
  });
  if (path.toLowerCase().endsWith('.gz')) bytes = gunzipLimited(bytes, maxBytes);
  if (bytes.length === 0) throw new InputFileError('empty file');
  if (looksBinary(bytes)) throw new InputFileError('binary file, not text');
  const content = decodeUtf8(bytes);
  if (content.trim() === '') throw new InputFileError('empty file (only whitespace)');
  return { origin: await realpath(path), format, content };
}

function gunzipLimited(bytes: Buffer, maxBytes: number): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new InputFileError(`decompressed size over the ${mb(maxBytes)} MB limit`);
    throw new InputFileError('not a valid gzip file');
  }
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
