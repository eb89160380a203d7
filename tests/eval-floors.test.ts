import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { brokenFloors, readFloors } from '../bench/eval/floors.js';
import type { EvalSection } from '../bench/eval/table.js';

const SECTIONS: EvalSection[] = [
  {
    title: '1. Article cleaning (text dumps)',
    columns: ['system', 'precision', 'F1'],
    rows: [
      ['newsbrief (dev)', 0.96, 0.948],
      ['baseline', 0.5, 0.684],
    ],
  },
  { title: '5. Multi-article summaries', columns: ['system', 'R2 F1'], rows: [['newsbrief --together', '14.5 (x1.04)']] },
];

describe('quality floors', () => {
  it('holds figures at or above their floors, reading numbers printed in text', () => {
    expect(
      brokenFloors(SECTIONS, [
        { section: '1. Article cleaning', row: 'newsbrief', column: 'F1', min: 0.948 },
        { section: '5.', row: 'newsbrief', column: 'R2 F1', min: 14 },
      ]),
    ).toEqual([]);
  });

  it('names each figure below its floor, and each floor whose figure is gone', () => {
    expect(
      brokenFloors(SECTIONS, [
        { section: '1. Article cleaning', row: 'newsbrief', column: 'F1', min: 0.95 },
        { section: '5.', row: 'newsbrief', column: 'R1 F1', min: 40 },
        { section: '6. Story grouping', row: 'newsbrief', column: 'F1', min: 0.9 },
        { section: '1. Article cleaning', row: 'baseline', column: 'precision', max: 0.4 },
      ]),
    ).toEqual([
      '1. Article cleaning / newsbrief / F1: 0.948 is below its floor 0.95',
      '5. / newsbrief / R1 F1: no column "R1 F1" in "5."',
      '6. Story grouping / newsbrief / F1: no section "6. Story grouping" (its data missing?)',
      '1. Article cleaning / baseline / precision: 0.5 is above its ceiling 0.4',
    ]);
  });

  it('refuses a floors file of another shape', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nb-floors-')), 'floors.json');
    writeFileSync(file, JSON.stringify([{ section: '1.', row: 'x', column: 'F1' }]));
    expect(() => readFloors(file)).toThrow(/expected a JSON array of \{section, row, column, min or max\}/);
  });
});
