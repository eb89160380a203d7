/**
 * Nothing an article or a file name holds can drive the terminal: no escape sequence reaches the
 * console face or the CLI raw (a cleared screen, a retitled window, a forged `failed:` line), and
 * nothing invisible hides or reorders what is shown. JSON output stays JSON.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderText } from '../src/console/render.js';
import { createLogger } from '../src/log.js';
import { escapeControls, stripInvisible, terminalSafe } from '../src/text-safety.js';

const run = promisify(execFile);
// Control characters a terminal obeys (a newline is fine between lines, never inside a field), and
// the bidi controls that reorder a line.
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
const ESC = '\u001b';

describe('text safety', () => {
  it('strips bidi controls and invisible characters but keeps ZWNJ, ZWJ and flags', () => {
    expect(stripInvisible('a\u202Eb\u202Cc\u2066d\u2069e\u200Ef\u200Fg\u061Ch')).toBe('abcdefgh');
    expect(stripInvisible('zero\u200Bwidth\u2060joiner\uFEFFbom\u180Emongolian\u00ADsoft')).toBe('zerowidthjoinerbommongoliansoft');
    expect(stripInvisible(`bell\u0007 esc${ESC}[2J csi\u009b31m`)).toBe('bell esc[2J csi31m');
    expect(stripInvisible('می\u200Cخواهم 👩\u200D💻')).toBe('می\u200Cخواهم 👩\u200D💻');
    const scotland = '🏴\u{E0067}\u{E0062}\u{E0073}\u{E0063}\u{E0074}\u{E007F}';
    expect(stripInvisible(`${scotland} hidden\u{E0041}\u{E0042}tags`)).toBe(`${scotland} hiddentags`);
    expect(stripInvisible('lines\n\tstay')).toBe('lines\n\tstay');
  });

  it('shows controls in names escaped: a newline as \\n, ESC as \\x1b, an override as \\u202e', () => {
    expect(escapeControls(`a\nfailed: b${ESC}[2J\u202Ec\u0085`)).toBe('a\\nfailed: b\\x1b[2J\\u202ec\\x85');
    expect(escapeControls('plain é 😀 می\u200Cخواهم')).toBe('plain é 😀 می\u200Cخواهم');
  });

  it('makes a field of article text one line with nothing a terminal obeys', () => {
    expect(terminalSafe(`${ESC}[2J${ESC}]0;pwned\u0007Title\nfailed: forged\u2028line`)).toBe('[2J]0;pwnedTitle failed: forged line');
  });
});

describe('console face', () => {
  it('prints hostile titles, sources, quotes and footers with no control character and one line per field', () => {
    const hostile = `${ESC}[2J${ESC}]0;pwned\u0007Storm\n\rfailed: forged \u202Eevil\u202C\u009b31m`;
    const text = renderText({
      title: hostile,
      entries: [
        { text: hostile, kind: 'heading' },
        { text: hostile, detail: hostile, url: `https://x.example/${ESC}` },
        { text: hostile, quoted: true, detail: hostile },
        { text: hostile, cites: [1] },
        { text: hostile, kind: 'note' },
      ],
      sources: [{ label: hostile, url: null, detail: hostile }],
      footer: hostile,
    });
    expect(text).not.toMatch(RAW_CONTROL);
    expect(text.split('\n').filter((line) => line.startsWith('failed'))).toEqual([]);
    expect(text).toContain('[2J]0;pwnedStorm failed: forged evil31m');
    expect(renderText({ title: 't', entries: [], empty: hostile })).not.toMatch(RAW_CONTROL);
  });

  it('prints no raw control for any mix of control, bidi and invisible characters in any field', () => {
    const pool = [
      ESC,
      '[2J',
      ']0;x',
      '\u0007',
      '\u0008',
      '\r',
      '\n',
      '\t',
      '\u000b',
      '\u000c',
      '\u007f',
      '\u0085',
      '\u009b',
      '\u2028',
      '\u2029',
      '\u202E',
      '\u2066',
      '\u200F',
      '\u061C',
      '\uFEFF',
      '\uD800',
      'a',
      'é',
      '😀',
    ];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const field = () => Array.from({ length: 1 + Math.floor(next() * 30) }, () => pool[Math.floor(next() * pool.length)]!).join('');
    for (let i = 0; i < 300; i++) {
      const text = renderText({
        title: field(),
        entries: [
          { text: field(), detail: field(), url: field() },
          { text: field(), quoted: true, detail: field() },
          { text: field(), cites: [1] },
        ],
        sources: [{ label: field(), url: field(), detail: field() }],
        footer: field(),
      });
      expect(text).not.toMatch(RAW_CONTROL);
      expect(text).not.toMatch(/[\u2028\u2029]/);
    }
  });
});

describe('newsbrief CLI with hostile files', () => {
  let dir: string;
  let folder: string;
  const newsbrief = async (args: string[]) => {
    try {
      const { stdout, stderr } = await run('node', ['bin/newsbrief.js', ...args], {
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NEWSBRIEF_DB: join(dir, 'hostile.db') },
      });
      return { code: 0, stdout, stderr };
    } catch (error) {
      const e = error as { code: number; stdout: string; stderr: string };
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    }
  };
  const title = '&#27;[2J&#27;]0;pwned&#7;Storm Closes the Coast Road &#x202E;for a Week';
  const page = (heading: string) =>
    `<html><head><title>${heading}</title></head><body><h1>${heading}</h1>` +
    '<p>The storm closed the coast road on Monday, officials said, and crews worked through the night to clear the fallen trees.</p>' +
    '<p>Residents were told to stay home until the wind dropped and the power came back in the evening, the council said.</p></body></html>';

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'nb-terminal-'));
    folder = join(dir, 'articles');
    mkdirSync(folder);
    writeFileSync(join(folder, `storm${ESC}[31m.html`), page(title));
    // An empty file fails; its name forges a second `failed:` line and clears the screen.
    writeFileSync(join(folder, `empty\nfailed: forged${ESC}[2J.txt`), '');
  });

  const expectNoRawControls = (output: string) => {
    for (const line of output.split('\n')) expect(line).not.toMatch(RAW_CONTROL);
  };

  it('ingest names a failing file with its newline and ESC shown escaped, on one line', async () => {
    const { code, stdout, stderr } = await newsbrief(['ingest', folder]);
    expect(code).toBe(1);
    expectNoRawControls(stdout);
    expectNoRawControls(stderr);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^failed: .*empty\\nfailed: forged\\x1b\[2J\.txt: /)]);
  });

  it('headlines and clean print the ESC[2J title with no raw control, and --json stays JSON', async () => {
    const headlines = await newsbrief(['headlines']);
    expect(headlines.code).toBe(0);
    expectNoRawControls(headlines.stdout);
    expect(headlines.stdout).toMatch(/Storm Closes the Coast Road for a Week/);
    const json = await newsbrief(['headlines', '--json']);
    expectNoRawControls(json.stdout);
    expect(() => JSON.parse(json.stdout)).not.toThrow();
    const clean = await newsbrief(['clean', join(folder, `storm${ESC}[31m.html`), join(folder, `missing${ESC}]0;x\u0007.txt`)]);
    expectNoRawControls(clean.stdout);
    expectNoRawControls(clean.stderr);
    expect(
      clean.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).file),
    ).toEqual([join(folder, `storm${ESC}[31m.html`)]);
    expect(clean.stderr).toContain('missing\\x1b]0;x\\x07.txt');
  });

  it('names a bad argument with its controls escaped in the one error line', async () => {
    const { code, stderr } = await newsbrief(['remove', '--db', join(dir, `no\nsuch${ESC}[2J.db`), 'abc']);
    expect(code).toBe(1);
    expectNoRawControls(stderr);
    expect(stderr.trim().split('\n')).toEqual([expect.stringMatching(/^newsbrief: no database at .*no\\nsuch\\x1b\[2J\.db/)]);
  });

  it('keeps a log message on one line with its controls shown escaped', () => {
    let written = '';
    const stream = new Writable({
      write(chunk, _encoding, done) {
        written += String(chunk);
        done();
      },
    });
    createLogger('info', stream).warn(`feed "Evil${ESC}[2J\n2026-01-01T00:00:00.000Z error forged" failed`);
    expect(written.split('\n')).toHaveLength(2);
    expect(written).toContain('Evil\\x1b[2J\\n2026-01-01T00:00:00.000Z error forged');
    expectNoRawControls(written);
  });
});
