import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { createReadStream, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import {
  decodeText,
  isXlsx,
  parseCsv,
  parseSpreadsheet,
  readSpreadsheet,
  SheetRow,
  SpreadsheetError,
  streamSpreadsheet,
} from './spreadsheet.util';

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

  it('streams an XLSX: title rows skipped, a two-row header merged, formulas and empty rows', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('名录');
    sheet.addRow(['某市入河排污口名录']);
    sheet.addRow(['排污口名称', '分类', '', '经度']);
    sheet.addRow(['', '排污口类别', '排污口类型', '']);
    sheet.addRow(['甲', '工业排污口', '工矿企业排污口', { formula: '87+0.2', result: 87.2 }]);
    sheet.addRow([]);
    sheet.addRow(['乙', '农业排污口', '', 87.3]);
    workbook.addWorksheet('代码表').addRow(['不读']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const streamed = await streamSpreadsheet(Readable.from([buffer]), 'a.xlsx', '排污口名称', [
      '排污口类别',
      '排污口类型',
    ]);
    expect(streamed.headers).toEqual(['排污口名称', '排污口类别', '排污口类型', '经度']);
    const rows: SheetRow[] = [];
    for await (const row of streamed.rows) rows.push(row);
    expect(rows).toEqual([
      {
        row: 4,
        values: { 排污口名称: '甲', 排污口类别: '工业排污口', 排污口类型: '工矿企业排污口', 经度: '87.2' },
      },
      { row: 6, values: { 排污口名称: '乙', 排污口类别: '农业排污口', 排污口类型: '', 经度: '87.3' } },
    ]);
  });

  it('streams cell values from the reader worker as the whole-workbook reader reads them', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入');
    sheet.addRow(['名称', '发现日期', '采样时间', '公式', '富文本', '链接', '布尔', '公式日期', '公式时间']);
    sheet.addRow([
      'a',
      new Date(Date.UTC(2024, 11, 31)),
      new Date(Date.UTC(2024, 11, 31, 23, 30)),
      { formula: '1+1', result: 2 },
      { richText: [{ text: '头屯' }, { font: { bold: true }, text: '河' }] },
      { text: '排污口', hyperlink: 'https://example.org' },
      true,
      // a formula whose cached result is a date: the streaming reader gets Excel's serial number
      { formula: 'B2+90', result: new Date(Date.UTC(2025, 2, 31)) },
      { formula: 'C2+1', result: new Date(Date.UTC(2025, 0, 1, 23, 30)) },
    ]);
    sheet.getCell('B2').numFmt = 'yyyy-mm-dd';
    sheet.getCell('C2').numFmt = 'yyyy-mm-dd hh:mm';
    sheet.getCell('H2').numFmt = 'yyyy"年"m"月"d"日"';
    sheet.getCell('I2').numFmt = '[$-804]yyyy/m/d h:mm';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const whole = await parseSpreadsheet(buffer, 'a.xlsx', '名称', 10);
    const streamed = await streamSpreadsheet(Readable.from([buffer]), 'a.xlsx', '名称');
    const rows: SheetRow[] = [];
    for await (const row of streamed.rows) rows.push(row);
    expect(rows).toEqual(whole.rows);
    expect(rows[0].values).toMatchObject({
      发现日期: '2024-12-31',
      富文本: '头屯河',
      链接: '排污口',
      布尔: 'true',
      公式日期: '2025-03-31',
      公式时间: '2025-01-01T23:30:00',
    });
  });

  it('streams Chinese text intact where a character falls across the reader’s chunks', async () => {
    // ExcelJS's streaming reader decodes each inflated chunk of a part on its own: a three-byte character
    // split between two chunks became U+FFFD (74 garbled names in the 100,000-row bench import)
    for (const useSharedStrings of [true, false]) {
      const file = join(tmpdir(), `split-${process.pid}-${useSharedStrings}.xlsx`);
      const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings });
      const sheet = writer.addWorksheet('导入');
      sheet.addRow(['名称', '受纳水体']).commit();
      const names: string[] = [];
      for (let i = 0; i < 6000; i++) {
        names.push(`基准导入排口${i}号（头屯河${i % 7}段）`);
        sheet.addRow([names[i], '三屯河']).commit();
      }
      sheet.commit();
      await writer.commit();
      try {
        const streamed = await streamSpreadsheet(createReadStream(file), 'a.xlsx', '名称');
        const read: string[] = [];
        for await (const row of streamed.rows) {
          read.push(row.values['名称']);
          expect(row.values['受纳水体']).toBe('三屯河');
        }
        expect(read.filter((name) => name.includes('\uFFFD'))).toEqual([]);
        expect(read).toEqual(names);
      } finally {
        rmSync(file, { force: true });
      }
    }
  });

  it('streams a workbook whose parts are stored uncompressed, every time', async () => {
    // ExcelJS's streaming zip reader lost parts of such an archive on and off (exceljs/exceljs#3064: this
    // file was refused in about 1 read of 3); the reader now opens the parts through the central directory
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入');
    sheet.addRow(['名称', '编码']);
    for (let i = 0; i < 12; i++) sheet.addRow([`排污口${i}`, `C${i}`]);
    const zip = await JSZip.loadAsync(Buffer.from(await workbook.xlsx.writeBuffer()));
    for (const streamFiles of [false, true]) {
      const stored = await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE', streamFiles });
      for (let read = 0; read < 8; read++) {
        const streamed = await streamSpreadsheet(Readable.from([stored]), 'a.xlsx', '名称');
        const names: string[] = [];
        for await (const row of streamed.rows) names.push(row.values['名称']);
        expect({ streamFiles, read, names }).toEqual({
          streamFiles,
          read,
          names: Array.from({ length: 12 }, (_, i) => `排污口${i}`),
        });
      }
    }
  });

  it('streams the first visible sheet in the workbook’s tab order, not the archive’s', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('代码表').addRows([['代码'], ['不读']]);
    workbook.addWorksheet('导入').addRows([['名称'], ['甲']]);
    workbook.addWorksheet('选项', { state: 'hidden' }).addRows([['名称'], ['不读']]);
    const zip = await JSZip.loadAsync(Buffer.from(await workbook.xlsx.writeBuffer()));
    const book = (await zip.file('xl/workbook.xml')?.async('string')) as string;
    const [codes, data, hidden] = book.match(/<sheet [^>]*\/>/g) as string[];
    // the hidden 选项 (sheet3.xml) as the first tab, then 导入 (sheet2.xml), then 代码表 (sheet1.xml)
    zip.file('xl/workbook.xml', book.replace(`${codes}${data}${hidden}`, `${hidden}${data}${codes}`));
    const moved = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    const streamed = await streamSpreadsheet(Readable.from([moved]), 'a.xlsx', '名称');
    const rows: SheetRow[] = [];
    for await (const row of streamed.rows) rows.push(row);
    expect(rows).toEqual([{ row: 2, values: { 名称: '甲' } }]);
  });

  it('reads a sheet in the reader worker as the whole-workbook reader does, merged cells included', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('监测数据');
    sheet.addRow(['某县监测数据']);
    sheet.addRow(['排污口编码', '采样', '', '化学需氧量（mg/L）', '备注']);
    sheet.addRow(['', '采样时间', '数据来源', '', '']);
    sheet.addRow(['CJ-1', new Date(Date.UTC(2024, 4, 1, 10, 30)), '人工监测', 35, '同一排口三次采样']);
    sheet.addRow([
      '',
      new Date(Date.UTC(2024, 4, 2, 10, 30)),
      '人工监测',
      { formula: '20+15.5', result: 35.5 },
    ]);
    sheet.addRow(['', new Date(Date.UTC(2024, 4, 3, 10, 30)), '人工监测', 36]);
    sheet.addRow([]);
    sheet.addRow(['CJ-2', '2024-05-04 08:00', '在线监测', 40, '', '表外的值']);
    // the header's group over two columns, and one outfall code and one note over three sampling rows
    sheet.mergeCells('B2:C2');
    sheet.mergeCells('A4:A6');
    sheet.mergeCells('E4:E6');
    sheet.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const known = ['采样时间', '数据来源'];
    const whole = await parseSpreadsheet(buffer, 'a.xlsx', '排污口编码', 10, known);
    const read = await readSpreadsheet(buffer, 'a.xlsx', '排污口编码', 10, known);
    expect(read.rows).toEqual(whole.rows);
    expect(read.headers.filter(Boolean)).toEqual(whole.headers.filter(Boolean));
    // streamed row by row (the outfall import) too: the merged ranges are read before the rows
    const streamed = await streamSpreadsheet(Readable.from([buffer]), 'a.xlsx', '排污口编码', known);
    const streamedRows: SheetRow[] = [];
    for await (const row of streamed.rows) streamedRows.push(row);
    expect(streamedRows).toEqual(whole.rows);
    // the tag's words in a cell's own text (strings written inline, in the sheet's XML) merge nothing
    const file = join(tmpdir(), `inline-${process.pid}.xlsx`);
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const words = writer.addWorksheet('导入');
    for (const cells of [
      ['名称', '备注'],
      ['甲', '<mergeCell ref="A2:B3"/>'],
      ['乙', 'mergeCell ref="A2:B3">'],
    ])
      words.addRow(cells).commit();
    words.commit();
    await writer.commit();
    const zip = await JSZip.loadAsync(readFileSync(file));
    rmSync(file, { force: true });
    const xml = (await zip.file('xl/worksheets/sheet1.xml')?.async('string')) as string;
    expect(xml).toContain('mergeCell ref=');
    // as a writer that leaves quotes in text unescaped (valid XML) would write them
    zip.file('xl/worksheets/sheet1.xml', xml.replaceAll('&quot;', '"'));
    const inline = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
    expect(
      (await readSpreadsheet(inline, 'a.xlsx', '名称', 10)).rows.map((row) => row.values['名称']),
    ).toEqual(['甲', '乙']);
    expect(read.rows.map((row) => [row.values['排污口编码'], row.values['备注']])).toEqual([
      ['CJ-1', '同一排口三次采样'],
      ['CJ-1', '同一排口三次采样'],
      ['CJ-1', '同一排口三次采样'],
      ['CJ-2', ''],
    ]);
    // an XLSX under another name is still read as one; CSVs go through the same rules
    expect((await readSpreadsheet(buffer, 'a.csv', '排污口编码', 10, known)).rows).toEqual(whole.rows);
    const csv = Buffer.from('排污口编码,化学需氧量（mg/L）\nCJ-1,35\n', 'utf8');
    expect((await readSpreadsheet(csv, 'a.csv', '排污口编码', 10)).rows).toEqual([
      { row: 2, values: { 排污口编码: 'CJ-1', '化学需氧量（mg/L）': '35' } },
    ]);
  });

  it('reads a thousand merged ranges whose tags cross the inflated chunks, as the whole-workbook reader does', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('监测数据');
    sheet.addRow(['排污口编码', '采样时间', '化学需氧量（mg/L）']);
    for (let i = 0; i < 4000; i++)
      sheet.addRow([i % 4 ? '' : `CJ-${i / 4}`, `2024-05-01 ${i % 24}:00`, 30 + (i % 9)]);
    for (let m = 0; m < 1000; m++) sheet.mergeCells(`A${2 + m * 4}:A${5 + m * 4}`);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const whole = await parseSpreadsheet(buffer, 'a.xlsx', '排污口编码', 5000);
    const read = await readSpreadsheet(buffer, 'a.xlsx', '排污口编码', 5000);
    expect(read.rows).toEqual(whole.rows);
    expect(new Set(read.rows.map((row) => row.values['排污口编码'])).size).toBe(1000);
    expect(read.rows.every((row) => row.values['排污口编码'] !== '')).toBe(true);
  });

  it('refuses in the reader worker what the whole-workbook reader refuses, in Chinese', async () => {
    const rows = (n: number) => {
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('导入');
      sheet.addRow(['名称']);
      for (let i = 0; i < n; i++) sheet.addRow([`排污口${i}`]);
      return workbook.xlsx.writeBuffer().then((b) => Buffer.from(b));
    };
    const refusal = (buffer: Buffer, max = 5) =>
      readSpreadsheet(buffer, 'a.xlsx', '名称', max).then(
        () => 'read',
        (error: Error) => `${error instanceof SpreadsheetError}: ${error.message}`,
      );
    expect(await refusal(await rows(5))).toBe('read');
    expect(await refusal(await rows(6))).toMatch(/^true: 文件的数据行超过 5 行/);
    // far beyond the cap: refused while reading, not after
    expect(await refusal(await rows(3000), 100)).toMatch(/^true: 文件的数据行超过 100 行/);
    expect(await refusal(await rows(0))).toMatch(/^true: 文件中没有数据行/);
    expect(await refusal(await rows(2), 5)).toBe('read');
    const noHeader = await readSpreadsheet(await rows(2), 'a.xlsx', '编码', 5).catch((e: Error) => e.message);
    expect(noHeader).toMatch(/^未找到含“编码”列的表头行/);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
    expect(await refusal(broken)).toMatch(/^true: 文件不是可读取的 XLSX 工作簿/);
  });

  it('ends a streamed sheet closed before its end (the reader worker is stopped)', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入');
    sheet.addRow(['名称']);
    for (let i = 0; i < 5000; i++) sheet.addRow([`排污口${i}`]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const streamed = await streamSpreadsheet(Readable.from([buffer]), 'a.xlsx', '名称');
    const first = await streamed.rows.next();
    expect(first.value).toEqual({ row: 2, values: { 名称: '排污口0' } });
    await streamed.close();
    expect(await streamed.rows.next()).toEqual({ done: true, value: undefined });
  });

  it('refuses a workbook whose shared strings outgrow the heap of the reader worker, in Chinese', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('导入');
    sheet.addRow(['名称', '备注']);
    // 12,000 distinct 2 KB notes: ~24 MB of shared strings, which the streaming reader keeps in memory
    for (let i = 0; i < 12_000; i++) sheet.addRow([`排污口${i}`, `${i}:`.padEnd(2048, String(i % 10))]);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const read = async (workerHeapMb: number) => {
      const streamed = await streamSpreadsheet(Readable.from([buffer]), 'a.xlsx', '名称', [], {
        workerHeapMb,
      });
      let rows = 0;
      for await (const row of streamed.rows) rows += row ? 1 : 0;
      return rows;
    };
    await expect(read(16)).rejects.toThrow(/^工作簿内容过多，无法读取，请分批导入/);
    // the same file under the default cap, and a small file under the small cap, are read whole
    expect(await read(128)).toBe(12_000);
    const small = new ExcelJS.Workbook();
    small.addWorksheet('导入').addRows([['名称'], ['甲'], ['乙']]);
    const smallBuffer = Buffer.from(await small.xlsx.writeBuffer());
    const streamed = await streamSpreadsheet(Readable.from([smallBuffer]), 'a.xlsx', '名称', [], {
      workerHeapMb: 16,
    });
    const names: string[] = [];
    for await (const row of streamed.rows) names.push(row.values['名称']);
    expect(names).toEqual(['甲', '乙']);
  });

  it('streams a CSV, and refuses files without the anchor column or unreadable workbooks in Chinese', async () => {
    const csv = await streamSpreadsheet(
      Readable.from([Buffer.from('名称,经度\n甲,87.1\n', 'utf8')]),
      'a.csv',
      '名称',
    );
    const rows: SheetRow[] = [];
    for await (const row of csv.rows) rows.push(row);
    expect(rows).toEqual([{ row: 2, values: { 名称: '甲', 经度: '87.1' } }]);
    await expect(
      streamSpreadsheet(Readable.from([Buffer.from('a,b\n1,2\n')]), 'a.csv', '名称'),
    ).rejects.toThrow(/^未找到含“名称”列的表头行/);
    const broken = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.alloc(64, 1)]);
    await expect(streamSpreadsheet(Readable.from([broken]), 'a.xlsx', '名称')).rejects.toBeInstanceOf(
      SpreadsheetError,
    );
  });
});
