import { describe, expect, it } from '@jest/globals';
import { byRow, spans } from './import-row-errors.util';

describe('import problems by row', () => {
  it('keeps every problem of a row together, the row number spanning them', () => {
    const errors = [
      { row: 5, field: '类别', message: 'a' },
      { row: 3, field: '名称', message: 'b' },
      { row: 5, field: '经度', message: 'c' },
      { row: 0, field: '', message: 'missing column' },
    ];
    const sorted = byRow(errors);
    expect(sorted.map((error) => error.message)).toEqual(['missing column', 'b', 'a', 'c']);
    expect(spans(sorted)).toEqual([1, 1, 2, 0]);
  });
});
