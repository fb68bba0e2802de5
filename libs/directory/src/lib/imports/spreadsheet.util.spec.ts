import ExcelJS from 'exceljs';
import { decodeText, isXlsx, parseCsv, parseSpreadsheet } from './spreadsheet.util';

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

  it('reads date cells as the Beijing wall-clock value typed in Excel', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入');
    sheet.addRow(['名称', '发现日期', '采样时间', '公式日期', '文本日期']);
    // exceljs holds Excel's zone-less values in the UTC fields of a Date, both ways
    sheet.addRow([
      'a',
      new Date(Date.UTC(2024, 11, 31)),
      new Date(Date.UTC(2024, 11, 31, 23, 30)),
      { formula: 'B2', result: new Date(Date.UTC(2025, 2, 31)) },
      '2024-12-31T16:30:00Z',
    ]);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd hh:mm';
    sheet.getCell('D2').numFmt = 'yyyy-mm-dd';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const parsed = await parseSpreadsheet(buffer, 'a.xlsx', '名称', 10);
    expect(parsed.rows[0].values).toEqual({
      名称: 'a',
      发现日期: '2024-12-31',
      采样时间: '2024-12-31T23:30:00',
      公式日期: '2025-03-31',
      // text cells are left to the calendar-day parser of the field they feed
      文本日期: '2024-12-31T16:30:00Z',
    });
  });
});
