import { readFileSync } from 'node:fs';
import { publicJobError } from './job-runner.service';

describe('publicJobError', () => {
  it('never names a server path, keeps other messages', () => {
    let fsError: unknown;
    try {
      readFileSync('/nonexistent-outfall-data/files/imports/abc.xlsx');
    } catch (error) {
      fsError = error;
    }
    expect(publicJobError(fsError)).toBe('a stored file could not be accessed (ENOENT)');
    expect(publicJobError(new Error('row 3: unknown water body'))).toBe('row 3: unknown water body');
    expect(publicJobError('plain')).toBe('plain');
  });
});
