import { describe, expect, it } from 'vitest';
import { checkCli, checkRendered, runFuzz } from '../bench/fuzz.js';

describe('hostile input (npm run fuzz, small)', () => {
  it('cleans, ingests and answers 300 generated hostile pages and feeds with nothing crashing, leaking raw or over a limit', async () => {
    const report = await runFuzz({ cases: 300, seconds: 60, seed: 7 });
    expect(report.problems).toEqual([]);
    expect(report.pages).toBe(300);
    expect(report.stored).toBeGreaterThan(5);
    expect(report.answers).toBeGreaterThan(10);
  }, 120_000);

  it('notices what it checks for: a raw escape, a stack trace, an invisible character, a broken limit', () => {
    const problems: string[] = [];
    checkCli('raw', { code: 0, stdout: 'title \x1b[2J\n', stderr: '' }, problems);
    checkCli('stack', { code: 1, stdout: '', stderr: 'Error: x\n    at main (/src/cli.ts:10:5)\n' }, problems);
    const message = { content: `${'x'.repeat(2001)}\u202e`, embeds: [], components: [], allowedMentions: { parse: [] as [] } };
    checkRendered('view', [message, message, message], 'title \x1b]0;x\x07', problems);
    expect(problems).toEqual([
      'raw: raw control characters printed',
      'stack: a stack trace was printed',
      'view: 3 messages',
      'view: content: 2002 > 2000',
      'view: invisible character U+202E shown in Discord',
      'view: content: 2002 > 2000',
      'view: invisible character U+202E shown in Discord',
      'view: content: 2002 > 2000',
      'view: invisible character U+202E shown in Discord',
      'view: raw control characters in the console face',
    ]);
  });
});
