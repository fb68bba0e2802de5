import ExcelJS from 'exceljs';
import { addReportSheet, reportCellText, reportCellValue } from './dispatch-report-format';
import { REPORT_NUM_FMT } from './dispatch-report-sections';

describe('dispatch report cells', () => {
  it('keeps numbers numbers, turns text rates into fractions and codes into labels', () => {
    expect(reportCellValue('79.3%')).toBeCloseTo(0.793);
    expect(reportCellValue('12', { numFmt: REPORT_NUM_FMT.integer })).toBe(12);
    expect(reportCellValue('12')).toBe('12');
    expect(reportCellValue('agricultural', { labels: { agricultural: { zh: '农业排污口' } } })).toBe(
      '农业排污口',
    );
    expect(reportCellValue(null)).toBeNull();
    expect(reportCellText(0.793, { numFmt: REPORT_NUM_FMT.percent })).toBe('79.3%');
    expect(reportCellText(null)).toBe('—');
  });

  it('writes a contributed 3-tuple table and a formatted 4-tuple one with A4 print settings', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = addReportSheet(workbook, {
      title: '执法/案件',
      summary: '本季度立案 2 件',
      columns: [
        ['名称', 'name', 20],
        ['件数', 'count', 10],
        ['办结率', 'rate', 10, { numFmt: REPORT_NUM_FMT.percent }],
        ['旧式比例', 'old', 10],
      ],
      rows: [{ name: '甲', count: 2, rate: 0.5, old: '79.3%' }],
    });
    expect(sheet.name).toBe('执法－案件');
    expect(sheet.getCell('A2').value).toBe('名称');
    expect(sheet.getCell('B3').value).toBe(2);
    expect(sheet.getCell('B3').numFmt).toBe('0');
    expect(sheet.getCell('C3').numFmt).toBe('0.0%');
    expect(sheet.getCell('D3').value).toBeCloseTo(0.793);
    expect(sheet.getCell('D3').numFmt).toBe('0.0%');
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'portrait',
      fitToWidth: 1,
      fitToHeight: 0,
      printTitlesRow: '2:2',
    });
  });
});
