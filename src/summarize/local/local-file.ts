/** The start-up check of LOCAL_MODEL: the file is there, readable, and a GGUF model, said in one line when not. */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { ConfigError } from '../../config.js';

/** The model's name as the footer shows it: the file name without `.gguf`. */
export function localModelName(modelPath: string): string {
  return basename(modelPath).replace(/\.gguf$/i, '');
}

// Every GGUF file starts with these four bytes.
const GGUF_MAGIC = 'GGUF';

/** Throws a ConfigError when node-llama-cpp (an optional dependency) is not installed; it is found, not loaded. */
export function checkLlamaInstalled(): void {
  try {
    createRequire(import.meta.url).resolve('node-llama-cpp');
  } catch {
    throw new ConfigError(
      'invalid setting SUMMARIZER: local needs node-llama-cpp, an optional dependency that is not installed (npm install node-llama-cpp)',
    );
  }
}

/** Throws a ConfigError naming the setting and what is wrong with the file; the file is read, never loaded. */
export function checkLocalModelFile(path: string): void {
  const problem = modelFileProblem(path);
  if (problem) throw new ConfigError(`invalid setting LOCAL_MODEL: ${path} ${problem}`);
}

function modelFileProblem(path: string): string | null {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return 'is not a file';
    size = stat.size;
  } catch {
    return 'does not exist';
  }
  if (size < GGUF_MAGIC.length) return 'is not a GGUF model (too short)';
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'cannot be read (check its permissions)';
  }
  try {
    const head = Buffer.alloc(GGUF_MAGIC.length);
    readSync(fd, head, 0, head.length, 0);
    return head.toString('latin1') === GGUF_MAGIC ? null : 'is not a GGUF model (download a .gguf file; see docs/llm.md)';
  } catch {
    return 'cannot be read';
  } finally {
    closeSync(fd);
  }
}
