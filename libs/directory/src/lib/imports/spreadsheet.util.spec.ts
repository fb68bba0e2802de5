import { decodeText, isXlsx, parseCsv } from './spreadsheet.util';

describe('spreadsheet reading', () => {
  it('parses quoted fields, doubled quotes and both line endings', () => {
    expect(parseCsv('a,"b,c","d ""e"""\r\n1,2,3\n')).toEqual([
      ['a', 'b,c', 'd "e"'],
      ['1', '2', '3'],
    ]);
    expect(() => parseCsv('a,"b')).toThrow(/unclosed quote/);
  });

  it('decodes UTF-8 with and without BOM, and falls back to GB18030', () => {
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('排污口', 'utf8')]))).toBe('排污口');
    expect(decodeText(Buffer.from('排污口', 'utf8'))).toBe('排污口');
    expect(decodeText(Buffer.from([0xc5, 0xc5, 0xce, 0xdb, 0xbf, 0xda]))).toBe('排污口'); // GBK bytes
  });

  it('recognises XLSX by its zip signature, not its name', () => {
    expect(isXlsx(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))).toBe(true);
    expect(isXlsx(Buffer.from('not a zip'))).toBe(false);
  });
});
