/** Runs the `newsbrief` command in the test's own process, its output captured as text. */
import { Writable } from 'node:stream';
import { main, type CliIo } from '../../src/cli.js';

/** A stream that keeps what is written to it. */
export function textSink(): Writable & { text: () => string } {
  let text = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { text: () => text });
}

/** main(args) with stdout and stderr captured. */
export async function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = textSink();
  const stderr = textSink();
  const code = await main(args, { stdout, stderr, stdin: process.stdin } as CliIo);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
