import type ExcelJS from 'exceljs';
import {
  DispatchReportColumn,
  DispatchReportColumnOptions,
  DispatchReportTable,
  REPORT_NUM_FMT,
} from './dispatch-report-sections';

/** Width (Excel character units) above which a sheet prints landscape on A4. */
const PORTRAIT_WIDTH = 100;
const PERCENT_TEXT = /^(-?\d+(?:\.\d+)?)\s*%$/;

const optionsOf = (column: DispatchReportColumn): DispatchReportColumnOptions => column[3] ?? {};

/**
 * A cell value as it goes into the XLSX: codes become their Chinese labels, a rate written as text (`79.3%`)
 * becomes the fraction 0.793, numeric text in a numeric column becomes a number, absent values stay empty.
 */
export function reportCellValue(value: unknown, options: DispatchReportColumnOptions = {}): unknown {
  if (value === null || value === undefined || value === '' || value === '—') return null;
  if (typeof value === 'string') {
    if (options.labels?.[value]) return options.labels[value].zh;
    const percent = PERCENT_TEXT.exec(value.trim());
    if (percent) return Math.round(Number(percent[1]) * 10) / 1000;
    if (options.numFmt && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  }
  if (typeof value === 'boolean') return value ? '是' : '否';
  if (value instanceof Date) return value;
  return value;
}

/** The number format a cell gets: the column's, else `0.0%` for a converted rate, else integers as `0`. */
function cellNumFmt(raw: unknown, value: unknown, options: DispatchReportColumnOptions): string | undefined {
  if (typeof value !== 'number') return undefined;
  if (options.numFmt) return options.numFmt;
  if (typeof raw === 'string' && PERCENT_TEXT.test(raw.trim())) return REPORT_NUM_FMT.percent;
  return Number.isInteger(value) ? REPORT_NUM_FMT.integer : REPORT_NUM_FMT.decimal;
}

/** A cell as the HTML shows it: the same number format as the XLSX, labels for codes, `—` for nothing. */
export function reportCellText(value: unknown, options: DispatchReportColumnOptions = {}): string {
  const v = reportCellValue(value, options);
  if (v === null || v === undefined) return '—';
  if (typeof v === 'number') {
    const fmt = cellNumFmt(value, v, options);
    if (fmt === REPORT_NUM_FMT.percent) return `${(v * 100).toFixed(1)}%`;
    if (fmt === REPORT_NUM_FMT.integer) return String(Math.round(v));
    if (fmt === REPORT_NUM_FMT.decimal) return v.toFixed(2);
    return String(v);
  }
  return String(v);
}

/**
 * A4 print settings: portrait or landscape by the columns' width, fit to one page wide (any number of pages
 * tall), the header row repeated on every printed page, 1.5 cm / 2 cm margins, centred horizontally.
 */
export function applyA4Print(
  sheet: ExcelJS.Worksheet,
  headerRow: number,
  totalWidth: number,
  orientation?: 'portrait' | 'landscape',
): void {
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9,
    orientation: orientation ?? (totalWidth > PORTRAIT_WIDTH ? 'landscape' : 'portrait'),
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    horizontalCentered: true,
    printTitlesRow: `${headerRow}:${headerRow}`,
    margins: { left: 0.6, right: 0.6, top: 0.8, bottom: 0.8, header: 0.3, footer: 0.3 },
  };
  sheet.headerFooter = { ...sheet.headerFooter, oddFooter: '第 &P 页，共 &N 页' };
}

/**
 * One table as a sheet: optional lines above it (title, period, summary), a bold frozen header row, values
 * with their number formats, and A4 print settings. Every sheet of the report, built-in or contributed, is
 * written here, so they all look and sort alike.
 */
export function addReportSheet(
  workbook: ExcelJS.Workbook,
  table: DispatchReportTable,
  above: string[] = [],
): ExcelJS.Worksheet {
  const sheet = workbook.addWorksheet(sanitizeSheetName(workbook, table.title));
  const lines = [...above, ...(table.summary ? [table.summary] : [])];
  lines.forEach((line, i) => {
    sheet.getCell(i + 1, 1).value = line;
    if (i === 0) sheet.getCell(i + 1, 1).font = { bold: true };
  });
  const headerRow = lines.length + 1;
  table.columns.forEach((column, c) => {
    sheet.getColumn(c + 1).width = column[2];
    const cell = sheet.getCell(headerRow, c + 1);
    cell.value = column[0];
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', wrapText: true };
  });
  table.rows.forEach((row, r) => {
    table.columns.forEach((column, c) => {
      const options = optionsOf(column);
      const raw = row[column[1]];
      const value = reportCellValue(raw, options);
      const cell = sheet.getCell(headerRow + 1 + r, c + 1);
      cell.value = value as ExcelJS.CellValue;
      const fmt = cellNumFmt(raw, value, options);
      if (fmt) cell.numFmt = fmt;
    });
  });
  sheet.views = [{ state: 'frozen', ySplit: headerRow }];
  applyA4Print(
    sheet,
    headerRow,
    table.columns.reduce((sum, column) => sum + column[2], 0),
    table.orientation,
  );
  return sheet;
}

/** Excel sheet names: ≤ 31 characters, none of []:*?/\, unique in the workbook. */
function sanitizeSheetName(workbook: ExcelJS.Workbook, title: string): string {
  const base = title.replace(/[[\]:*?/\\]/g, '－').slice(0, 31) || '表';
  let name = base;
  for (let i = 2; workbook.getWorksheet(name); i++) name = `${base.slice(0, 28)}（${i}）`;
  return name;
}

const escapeHtml = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );

/** One table as HTML, formatted like its sheet. */
export function reportTableHtml(table: Pick<DispatchReportTable, 'columns' | 'rows'>): string {
  const numeric = (column: DispatchReportColumn) => !!optionsOf(column).numFmt;
  return `<table><thead><tr>${table.columns.map((c) => `<th>${escapeHtml(c[0])}</th>`).join('')}</tr></thead><tbody>${
    table.rows.length
      ? table.rows
          .map(
            (row) =>
              `<tr>${table.columns
                .map(
                  (c) =>
                    `<td${numeric(c) ? ' class="num"' : ''}>${escapeHtml(reportCellText(row[c[1]], optionsOf(c)))}</td>`,
                )
                .join('')}</tr>`,
          )
          .join('')
      : `<tr><td colspan="${table.columns.length}" class="empty">无</td></tr>`
  }</tbody></table>`;
}
