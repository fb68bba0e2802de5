import { excelCellText } from '@outfall/common';
import ExcelJS from 'exceljs';

export interface SheetRow {
  /** 1-based row number in the file, for error reports. */
  row: number;
  values: Record<string, string>;
}

export interface ParsedSheet {
  headers: string[];
  rows: SheetRow[];
}

export class SpreadsheetError extends Error {}

const XLSX_MAGIC = [0x50, 0x4b, 0x03, 0x04];

export function isXlsx(buffer: Buffer): boolean {
  return XLSX_MAGIC.every((byte, i) => buffer[i] === byte);
}

/** Text in a CSV from a Chinese office: UTF-8 (with or without BOM), else GB18030 (a superset of GBK). */
export function decodeText(buffer: Buffer): string {
  if (buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf)
    return buffer.subarray(3).toString('utf8');
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    return new TextDecoder('gb18030').decode(buffer);
  }
}

/** RFC 4180 CSV: quoted fields, doubled quotes, CRLF or LF. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (quoted) throw new SpreadsheetError('the CSV has an unclosed quote');
  if (field !== '' || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function cellText(cell: ExcelJS.Cell): string {
  const source = cell.isMerged ? cell.master : cell;
  const value = source.value;
  if (value === null || value === undefined) return '';
  // date cells: Beijing wall-clock (a date cell stays its date; a date-time keeps its time, without an offset)
  if (value instanceof Date) return excelCellText(value);
  if (typeof value === 'object') {
    if ('result' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result;
      if (result instanceof Date) return excelCellText(result);
      return result === undefined || result === null || typeof result === 'object' ? '' : String(result);
    }
    if ('richText' in value) return value.richText.map((part) => part.text).join('');
    if ('text' in value) return String((value as ExcelJS.CellHyperlinkValue).text);
    return '';
  }
  return String(value);
}

/**
 * Reads the first sheet of an XLSX or a CSV into rows keyed by header. The header row is the first row that
 * contains `anchor` (title rows above are skipped); a second header row below it that names known columns is
 * merged in (two-row headers with grouped cells); a header cell inside a merged range takes the range's text;
 * formulas give their cached result.
 */
export async function parseSpreadsheet(
  buffer: Buffer,
  fileName: string,
  anchor: string,
  maxRows: number,
  knownHeaders: string[] = [],
): Promise<ParsedSheet> {
  let grid: string[][];
  if (isXlsx(buffer)) {
    const workbook = new ExcelJS.Workbook();
    try {
      await workbook.xlsx.load(buffer as never);
    } catch {
      throw new SpreadsheetError('the file is not a readable XLSX workbook');
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new SpreadsheetError('the workbook has no sheet');
    if (sheet.rowCount > maxRows + 20) throw new SpreadsheetError(`the sheet has more than ${maxRows} rows`);
    grid = [];
    // read once: ExcelJS computes columnCount by walking every row, so reading it per row is quadratic
    const columns = sheet.columnCount;
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const cells: string[] = [];
      for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c)).trim());
      grid[number - 1] = cells;
    });
  } else if (/\.csv$/i.test(fileName)) {
    if (buffer.includes(0)) throw new SpreadsheetError('the CSV contains binary data');
    grid = parseCsv(decodeText(buffer)).map((cells) => cells.map((cell) => cell.trim()));
    if (grid.length > maxRows + 20) throw new SpreadsheetError(`the file has more than ${maxRows} rows`);
  } else {
    throw new SpreadsheetError('only .xlsx workbooks and .csv files can be imported');
  }
  const headerIndex = grid.findIndex((cells) => cells?.includes(anchor));
  if (headerIndex < 0) throw new SpreadsheetError(`no header row with the column "${anchor}" was found`);
  let headers = grid[headerIndex];
  let dataStart = headerIndex + 1;
  // a two-row header: the row below names columns the first row only groups (merged 分类 over 类别 / 类型)
  const below = grid[headerIndex + 1] ?? [];
  if (below.some((cell, c) => cell && knownHeaders.includes(cell) && cell !== headers[c])) {
    headers = headers.map((top, c) => (below[c] && knownHeaders.includes(below[c]) ? below[c] : top));
    dataStart++;
  }
  const rows: SheetRow[] = [];
  for (let i = dataStart; i < grid.length; i++) {
    const cells = grid[i] ?? [];
    if (cells.every((cell) => !cell)) continue;
    const values: Record<string, string> = {};
    headers.forEach((header, c) => {
      if (header) values[header] = cells[c] ?? '';
    });
    rows.push({ row: i + 1, values });
  }
  if (!rows.length) throw new SpreadsheetError('the file has no data rows');
  if (rows.length > maxRows)
    throw new SpreadsheetError(`the file has ${rows.length} data rows; at most ${maxRows} at a time`);
  return { headers, rows };
}
