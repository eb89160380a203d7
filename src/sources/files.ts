/** Article files and folders on disk: finding them, and reading each into a RawPage or a clear reason why not. */

import { type BigIntStats, constants } from 'node:fs';
import { type FileHandle, open, readdir, realpath, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { PageFormat, RawPage } from '../articles/article.js';
import { ShownError } from '../errors.js';
import { redactUrl } from '../redact.js';
import { CharsetError, decodeDocument } from './charset.js';

/** A file that cannot be read as an article; the message is the reason shown to the user. */
export class InputFileError extends ShownError {
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
  /** Paths given that don't exist or can't be read (and symlink loops, reported once each), with the reason. */
  missing: { file: string; reason: string }[];
}

type DirectoryKey = string;

/** What a path is when it is neither a file nor a folder, for "not a regular file (a named pipe)". */
function kindOf(info: BigIntStats): string {
  if (info.isFIFO()) return 'a named pipe';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a file or folder';
}

/**
 * Expands files and folders (recursively, in a stable order) into the article files they hold. Each
 * real folder is walked once (known by device and inode), so symlinks cannot make it loop or read a
 * file twice; a link back into its own ancestry is reported once as a loop. Devices, pipes and
 * sockets are never opened: a pipe would block the read.
 */
export async function findArticleFiles(paths: string[]): Promise<FoundFiles> {
  const found: FoundFiles = { files: [], missing: [] };
  // A URL typed where a path was expected (ftp://user:pw@...) is shown without its credentials.
  const fail = (file: string, reason: string) => found.missing.push({ file: redactUrl(file), reason });
  const walked = new Set<DirectoryKey>();
  const walk = async (path: string, explicit: boolean, ancestors: ReadonlySet<DirectoryKey>): Promise<void> => {
    let info: BigIntStats;
    try {
      info = await stat(path, { bigint: true });
    } catch (error) {
      fail(path, describeFsError(error));
      return;
    }
    if (info.isDirectory()) {
      const key: DirectoryKey = `${info.dev}:${info.ino}`;
      if (ancestors.has(key)) {
        fail(path, 'symlink loop (links back to a folder that holds it), not followed');
        return;
      }
      // Reached before by another path (a second link, or a folder named inside another): its files are already found.
      if (walked.has(key)) return;
      walked.add(key);
      let entries;
      try {
        entries = await readdir(path, { withFileTypes: true });
      } catch (error) {
        fail(path, describeFsError(error));
        return;
      }
      const names = entries
        .filter((e) => !e.name.startsWith('.'))
        .map((e) => e.name)
        .sort();
      const inside = new Set(ancestors).add(key);
      for (const name of names) await walk(join(path, name), false, inside);
    } else if (info.isFile()) {
      if (explicit || formatOf(path) !== null) found.files.push(path);
    } else if (explicit || formatOf(path) !== null) {
      fail(path, `not a regular file (${kindOf(info)})`);
    }
  };
  for (const path of paths) await walk(path, true, new Set());
  return found;
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'symlink loop (too many levels of symbolic links)';
  if (code === 'ENAMETOOLONG') return 'path too long';
  return redactUrl((error as Error).message);
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

function hasUtf16Bom(bytes: Buffer): boolean {
  return (bytes[0] === 0xfe && bytes[1] === 0xff) || (bytes[0] === 0xff && bytes[1] === 0xfe);
}

/** A file's text by the charset it declares (an HTML page's <meta>, an XML declaration, a BOM), else UTF-8 or Windows-1252. */
export function decodeFile(bytes: Buffer, format: PageFormat): string {
  try {
    return decodeDocument(bytes, null, format === 'html');
  } catch (error) {
    if (error instanceof CharsetError) throw new InputFileError(error.message);
    throw error;
  }
}

/** Reads one article file into a RawPage, refusing empty, oversized, binary, undecodable and non-regular files. */
export async function readArticleFile(path: string, maxBytes: number): Promise<RawPage> {
  const format = formatOf(path);
  if (!format) throw new InputFileError('unsupported file type (expected .txt, .html or .htm, optionally .gz)');
  // Non-blocking, so opening a named pipe returns at once; what was opened is then checked before any read.
  const handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK).catch((error: unknown) => {
    throw new InputFileError(describeFsError(error));
  });
  let bytes: Buffer;
  try {
    bytes = await readRegularFile(handle, maxBytes);
  } finally {
    await handle.close();
  }
  if (path.toLowerCase().endsWith('.gz')) bytes = gunzipLimited(bytes, maxBytes);
  if (bytes.length === 0) throw new InputFileError('empty file');
  // UTF-16 text is full of NUL bytes; its byte-order mark says it is text all the same.
  if (!hasUtf16Bom(bytes) && looksBinary(bytes)) throw new InputFileError('binary file, not text');
  const content = decodeFile(bytes, format);
  if (content.trim() === '') throw new InputFileError('empty file (only whitespace)');
  return { origin: await realpath(path), format, content };
}

/** The whole of an open regular file, refusing anything else and anything over the limit (even if it grows while read). */
async function readRegularFile(handle: FileHandle, maxBytes: number): Promise<Buffer> {
  const info = await handle.stat({ bigint: true }).catch((error: unknown) => {
    throw new InputFileError(describeFsError(error));
  });
  if (!info.isFile()) throw new InputFileError(`not a regular file (${info.isDirectory() ? 'a folder' : kindOf(info)})`);
  const tooLarge = (size: number) => new InputFileError(`file too large (${mb(size)} MB, limit ${mb(maxBytes)} MB)`);
  if (info.size > BigInt(maxBytes)) throw tooLarge(Number(info.size));
  // Sized from stat, but read to the end: a file may grow (or shrink) while it is read.
  const chunks: Buffer[] = [];
  let total = 0;
  let chunkSize = Math.min(Math.max(Number(info.size), 4096), maxBytes) + 1;
  for (;;) {
    const chunk = Buffer.alloc(chunkSize);
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, total).catch((error: unknown) => {
      throw new InputFileError(describeFsError(error));
    });
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw tooLarge(total);
    chunkSize = 64 * 1024;
  }
  return Buffer.concat(chunks, total);
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
