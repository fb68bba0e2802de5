import { copyBuffers } from './samples.service';

const text = (columns: unknown[][]) => Buffer.concat(copyBuffers(columns)).toString('utf8');

describe('copyBuffers: column arrays as COPY text', () => {
  it('writes NULL as \\N, booleans as t/f, numbers as JavaScript prints them, and escapes text', () => {
    expect(
      text([
        ['a', 'tab\there', 'back\\slash', '换行\n回车\r'],
        [1.5, -0.25, 1e-7, 12345678.9],
        [true, false, null, undefined],
      ]),
    ).toBe(
      'a\t1.5\tt\n' +
        'tab\\there\t-0.25\tf\n' +
        'back\\\\slash\t1e-7\t\\N\n' +
        '换行\\n回车\\r\t12345678.9\t\\N\n',
    );
  });

  it('fills buffers of 256 KiB and lets a line run on into the next one', () => {
    const n = 20_000;
    const ids = Array.from({ length: n }, (_, i) => `01a24b8a-a505-700c-8399-${String(i).padStart(12, '0')}`);
    const notes = Array.from({ length: n }, (_, i) =>
      i % 3 ? '污水处理厂建设日期未知，按较严限值判定' : null,
    );
    const buffers = copyBuffers([ids, notes]);
    expect(buffers.length).toBeGreaterThan(3);
    expect(buffers.slice(0, -1).every((b) => b.length > 256 * 1024 - 100)).toBe(true);
    const lines = Buffer.concat(buffers).toString('utf8').split('\n');
    expect(lines).toHaveLength(n + 1);
    expect(lines[n]).toBe('');
    expect(lines[n - 1]).toBe(`${ids[n - 1]}\t${notes[n - 1] ?? '\\N'}`);
    expect(lines.slice(0, n).every((line, i) => line === `${ids[i]}\t${notes[i] ?? '\\N'}`)).toBe(true);
  });
});
