import { excelCellText } from '@outfall/common';
import ExcelJS from 'exceljs';
import { dirname } from 'node:path';
import { Readable } from 'node:stream';
import { isDate } from 'node:util/types';
import { Worker } from 'node:worker_threads';

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

/** Why a file is refused (Chinese first, as the job's error shows it). */
const MESSAGES = {
  unreadable: '文件不是可读取的 XLSX 工作簿 / the file is not a readable XLSX workbook',
  tooLarge: '工作簿内容过多，无法读取，请分批导入 / the workbook is too large to read: import it in parts',
  noSheet: '工作簿中没有工作表 / the workbook has no sheet',
  binary: 'CSV 文件含有二进制内容 / the CSV contains binary data',
  quote: 'CSV 文件有未闭合的引号 / the CSV has an unclosed quote',
  type: '只能导入 .xlsx 工作簿或 .csv 文件 / only .xlsx workbooks and .csv files can be imported',
  noRows: '文件中没有数据行 / the file has no data rows',
  noHeader: (anchor: string) =>
    `未找到含“${anchor}”列的表头行 / no header row with the column "${anchor}" was found`,
  tooMany: (max: number) =>
    `文件的数据行超过 ${max} 行，请分批导入 / the file has more than ${max} data rows`,
};

/** A CSV's rows of trimmed cells (its encoding decided on the whole text); binary content is refused. */
function csvRows(buffer: Buffer): string[][] {
  if (buffer.includes(0)) throw new SpreadsheetError(MESSAGES.binary);
  let rows: string[][];
  try {
    rows = parseCsv(decodeText(buffer));
  } catch {
    throw new SpreadsheetError(MESSAGES.quote);
  }
  return rows.map((cells) => cells.map((cell) => cell.trim()));
}

/**
 * Rows a sheet may hold above its data (title and header rows) before a file over `maxRows` data rows is
 * refused without reading on.
 */
const ROWS_ABOVE_DATA = 20;

export function cellText(cell: ExcelJS.Cell): string {
  const source = cell.isMerged ? cell.master : cell;
  return valueText(source.value);
}

/** A cell value's text (ExcelJS's value shapes: date, formula with its result, rich text, hyperlink). */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // date cells: Beijing wall-clock (a date cell stays its date; a date-time keeps its time, without an offset)
  if (isDate(value)) return excelCellText(value);
  if (typeof value === 'object') {
    if ('result' in value) {
      const result = (value as ExcelJS.CellFormulaValue).result as unknown;
      if (isDate(result)) return excelCellText(result);
      return result === undefined || result === null || typeof result === 'object' ? '' : String(result);
    }
    if ('richText' in value)
      return (value as ExcelJS.CellRichTextValue).richText.map((part) => part.text).join('');
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
      throw new SpreadsheetError(MESSAGES.unreadable);
    }
    const sheet = workbook.worksheets[0];
    if (!sheet) throw new SpreadsheetError(MESSAGES.noSheet);
    if (sheet.rowCount > maxRows + ROWS_ABOVE_DATA) throw new SpreadsheetError(MESSAGES.tooMany(maxRows));
    grid = [];
    // read once: ExcelJS computes columnCount by walking every row, so reading it per row is quadratic
    const columns = sheet.columnCount;
    sheet.eachRow({ includeEmpty: true }, (row, number) => {
      const cells: string[] = [];
      for (let c = 1; c <= columns; c++) cells.push(cellText(row.getCell(c)).trim());
      grid[number - 1] = cells;
    });
  } else if (/\.csv$/i.test(fileName)) {
    grid = csvRows(buffer);
    if (grid.length > maxRows + ROWS_ABOVE_DATA) throw new SpreadsheetError(MESSAGES.tooMany(maxRows));
  } else {
    throw new SpreadsheetError(MESSAGES.type);
  }
  return sheetOfGrid(grid, anchor, maxRows, knownHeaders);
}

/** The header rules of `parseSpreadsheet` over a sheet's cells (`grid[r]`: row r + 1, trimmed texts). */
function sheetOfGrid(grid: string[][], anchor: string, maxRows: number, knownHeaders: string[]): ParsedSheet {
  const headerIndex = grid.findIndex((cells) => cells?.includes(anchor));
  if (headerIndex < 0) throw new SpreadsheetError(MESSAGES.noHeader(anchor));
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
  if (!rows.length) throw new SpreadsheetError(MESSAGES.noRows);
  if (rows.length > maxRows) throw new SpreadsheetError(MESSAGES.tooMany(maxRows));
  return { headers, rows };
}

/**
 * `parseSpreadsheet`'s answer (the same header rules, merged cells, the same refusals) with an XLSX read by
 * the reader worker: off the API's event loop, the workbook's cells never all in memory, only the rows' texts.
 * An XLSX is recognised by its zip signature, whatever its name. The imports read their files with it.
 */
export async function readSpreadsheet(
  buffer: Buffer,
  fileName: string,
  anchor: string,
  maxRows: number,
  knownHeaders: string[] = [],
): Promise<ParsedSheet> {
  if (!isXlsx(buffer)) return parseSpreadsheet(buffer, fileName, anchor, maxRows, knownHeaders);
  const grid: string[][] = [];
  const lines = xlsxGrid(Readable.from([buffer]));
  try {
    for await (const { row, cells } of lines) {
      if (row > maxRows + ROWS_ABOVE_DATA) throw new SpreadsheetError(MESSAGES.tooMany(maxRows));
      grid[row - 1] = cells;
    }
  } finally {
    await lines.return(undefined);
  }
  return sheetOfGrid(grid, anchor, maxRows, knownHeaders);
}

/** A sheet read as a stream: its header row, and its data rows one by one (memory does not grow with the file). */
export interface StreamedSheet {
  headers: string[];
  rows: AsyncGenerator<SheetRow>;
  /** Stops reading (ends the XLSX reader's worker); needed when `rows` is not read to its end. */
  close(): Promise<void>;
}

/** Rows above the header row that are looked at before the file is refused (title rows). */
const MAX_ROWS_BEFORE_HEADER = 50;

/**
 * The reader of an XLSX's first sheet, run in a worker thread (plain JavaScript: the worker loads ExcelJS by
 * its resolved path). ExcelJS's streaming reader allocates several kilobytes per row; in the API process,
 * whose heap holds ~130 MB of live objects, V8 let that garbage pile up to +250–300 MB before a full
 * collection (issue 17's 548 MB peak). In a worker the reader's heap is its own, small and capped, so it is
 * collected early. The worker takes the archive (compressed, at most the 20 MB upload cap) chunk by chunk
 * (`read`), then opens its parts through the central directory and inflates the sheet as it parses it; it
 * sends rows (raw cell values) in batches, one batch per `more` from the reader's consumer (which keeps one
 * batch in hand and one being parsed).
 */
const XLSX_WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const { Readable, PassThrough } = require('node:stream');
// ExcelJS's streaming reader (utils/parse-sax.js) decodes each inflated chunk of a part on its own, so a
// character split between two chunks became U+FFFD (a garbled name every few hundred rows of Chinese text).
// The same parser, with one streaming decoder per part, is put in its place before ExcelJS loads.
{
  const Module = require('node:module');
  const { SaxesParser } = require(require.resolve('saxes', { paths: [require('node:path').dirname(workerData.parseSax)] }));
  const parseSax = new Module(workerData.parseSax);
  parseSax.filename = workerData.parseSax;
  parseSax.loaded = true;
  parseSax.exports = async function* (iterable) {
    if (iterable.pipe && !iterable[Symbol.asyncIterator]) iterable = iterable.pipe(new PassThrough());
    const parser = new SaxesParser();
    const decoder = new TextDecoder('utf-8');
    let error;
    let events = [];
    parser.on('error', (err) => { error = err; });
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    const write = (text) => {
      parser.write(text);
      if (error) throw error;
      const out = events;
      events = [];
      return out;
    };
    for await (const chunk of iterable)
      yield write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
    const rest = decoder.decode();
    if (rest) yield write(rest);
  };
  require.cache[workerData.parseSax] = parseSax;
}
const ExcelJS = require(workerData.exceljs);
// the whole-workbook reader's rule for a formula's cached result in a date-formatted cell (a Date, not Excel's
// serial number); ExcelJS's streaming reader applies it to plain values only
const { isDateFmt, excelToDate } = require(workerData.exceljsUtils);
let credit = 0;
let wake = null;
const input = new Readable({ read() { parentPort.postMessage({ type: 'read' }); } });
parentPort.on('message', (message) => {
  if (message.type === 'chunk') input.push(Buffer.from(message.data));
  else if (message.type === 'end') input.push(null);
  else if (message.type === 'more') {
    credit++;
    if (wake) { wake(); wake = null; }
  }
});
// ExcelJS's streaming reader takes the archive's parts in the order they come (unzipper's streaming parser)
// and parks a worksheet that comes before the shared strings in a temp file. With parts stored uncompressed
// (zip method 0) that loses parts on and off (exceljs/exceljs#3064: a small stored workbook was refused in
// about 1 read of 3). So the archive is read whole (uploads are capped at 20 MB) and its parts are opened
// through its central directory, in the order the workbook needs them: relationships, workbook, shared
// strings, styles, then the first visible sheet in the workbook's tab order, which ExcelJS's own parsers read
// as they do in its streaming reader.
const unzipper = require(workerData.unzipper);
const iterateStream = require(workerData.iterateStream);
// A sheet's merged ranges sit after its rows (<mergeCells>), and ExcelJS's streaming sheet reader skips them. So
// they are read first, in a pass over the inflated part that looks only for the mergeCell tags' bytes, and each
// row leaves the worker with its merged cells holding their range's top-left value, as the whole-workbook
// reader reads them (a township or a receiving water merged down over the rows it covers).
const columnNumber = (letters) => {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + letters.toUpperCase().charCodeAt(i) - 64;
  return n;
};
async function mergedRanges(stream) {
  const ranges = [];
  let carry = null;
  for await (const chunk of iterateStream(stream)) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let pos = 0;
    let cut = -1;
    for (;;) {
      const at = buf.indexOf('mergeCell ', pos, 'latin1');
      if (at < 0) break;
      const end = buf.indexOf('>', at);
      if (end < 0) { cut = at; break; }
      // a tag (<mergeCell …>), not the same words in a cell's inline text
      const tag = at > 0 && buf[at - 1] === 0x3c;
      const ref = tag && /ref=["']([A-Za-z]+)([0-9]+):([A-Za-z]+)([0-9]+)["']/.exec(buf.toString('latin1', at, end));
      if (ref) ranges.push({ c0: columnNumber(ref[1]), r0: +ref[2], c1: columnNumber(ref[3]), r1: +ref[4] });
      pos = end + 1;
    }
    carry = buf.subarray(cut >= 0 ? Math.max(0, cut - 1) : Math.max(pos, buf.length - 16));
  }
  return ranges.sort((a, b) => a.r0 - b.r0);
}
/** Columns a merged range fills at most (a sheet-wide range from a stray selection stays cheap). */
const MERGE_MAX_COLUMNS = 256;
async function main() {
  const chunks = [];
  for await (const chunk of input) chunks.push(chunk);
  const directory = await unzipper.Open.buffer(Buffer.concat(chunks));
  const parts = new Map();
  for (const file of directory.files) if (file.type === 'File') parts.set(file.path.replace(/^[/]/, ''), file);
  const open = (path) => (parts.has(path) ? parts.get(path).stream() : null);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit', sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore',
  });
  const rels = open('xl/_rels/workbook.xml.rels');
  if (rels) await reader._parseRels(rels);
  const book = open('xl/workbook.xml');
  if (book) await reader._parseWorkbook(book);
  const strings = open('xl/sharedStrings.xml');
  if (strings) for await (const event of reader._parseSharedStrings(strings)) void event;
  const styles = open('xl/styles.xml');
  if (styles) await reader._parseStyles(styles);
  const sheetPaths = [...parts.keys()].filter((path) => /^xl[/]worksheets[/]sheet[0-9]+[.]xml$/.test(path));
  // the first tab a user sees (a hidden sheet, e.g. of drop-down lists, is skipped)
  const tabs = (reader.model && reader.model.sheets) || [];
  const first = tabs.find((sheet) => !sheet.state || sheet.state === 'visible') || tabs[0];
  const rel = first && (reader.workbookRels || []).find((r) => r.Id === first.rId);
  const target = rel && (rel.Target.startsWith('/') ? rel.Target.slice(1) : 'xl/' + rel.Target);
  const sheetPath = sheetPaths.includes(target) ? target : sheetPaths[0];
  let rows = [];
  const flush = async () => {
    while (!credit) await new Promise((resolve) => (wake = resolve));
    credit--;
    parentPort.postMessage({ type: 'rows', rows });
    rows = [];
  };
  if (sheetPath) {
    const merged = await mergedRanges(open(sheetPath));
    let nextMerge = 0;
    let openMerges = [];
    const sheetNo = /sheet([0-9]+)[.]xml$/.exec(sheetPath)[1];
    for (const { value: sheet } of reader._parseWorksheet(iterateStream(open(sheetPath)), sheetNo)) {
      for await (const row of sheet) {
        const width = Math.max(0, (row.values || []).length - 1);
        const values = [];
        for (let c = 1; c <= width; c++) {
          const cell = row.getCell(c);
          let value = cell.value;
          if (value && typeof value === 'object' && 'formula' in value && typeof value.result === 'number'
              && isDateFmt(cell.numFmt)) {
            const date1904 = !!(reader.properties && reader.properties.model && reader.properties.model.date1904);
            value = { formula: value.formula, result: excelToDate(value.result, date1904) };
          }
          values.push(value === undefined ? null : value);
        }
        const r = row.number;
        while (nextMerge < merged.length && merged[nextMerge].r0 <= r) openMerges.push(merged[nextMerge++]);
        if (openMerges.length) {
          openMerges = openMerges.filter((m) => m.r1 >= r);
          for (const m of openMerges) {
            if (m.r0 === r) m.value = values[m.c0 - 1];
            const last = Math.min(m.c1, m.c0 + MERGE_MAX_COLUMNS - 1);
            for (let c = m.c0; c <= last; c++)
              if (r !== m.r0 || c !== m.c0) values[c - 1] = m.value === undefined ? null : m.value;
          }
          for (let c = 0; c < values.length; c++) if (values[c] === undefined) values[c] = null;
        }
        rows.push({ row: r, values });
        if (rows.length >= workerData.batch) await flush();
      }
    }
  }
  if (rows.length) await flush();
  parentPort.postMessage({ type: 'done', sheets: sheetPaths.length });
}
main().catch((error) => parentPort.postMessage({ type: 'error', message: String(error && error.message) }));
`;

/** Rows per message from the XLSX worker. */
const XLSX_WORKER_BATCH = 500;
/**
 * The XLSX worker's old-generation cap (MB): the shared strings of a 20 MB upload fit; the 100,000-row
 * bench file reads in the same time as with no cap, with the worker's heap collected well below it.
 */
const XLSX_WORKER_HEAP_MB = 128;
/**
 * The XLSX worker's young-generation cap (MB). V8's default lets the worker's nursery grow to tens of MB of
 * short-lived parser objects: the 100,000-row bench import peaked at 379–404 MB RSS with it, 342–373 MB with
 * 8 MB (the reader alone ~0.6 s slower, not visible in the import's total; bench/RESULTS.md).
 */
const XLSX_WORKER_YOUNG_MB = 8;

type WorkerMessage =
  | { type: 'read' }
  | { type: 'rows'; rows: { row: number; values: unknown[] }[] }
  | { type: 'done'; sheets: number }
  | { type: 'error'; message: string };

/** The cells of each row of an XLSX's first visible sheet (tab order), streamed (in a worker). */
async function* xlsxGrid(
  input: Readable,
  heapMb = XLSX_WORKER_HEAP_MB,
): AsyncGenerator<{ row: number; cells: string[] }> {
  const worker = new Worker(XLSX_WORKER_SOURCE, {
    eval: true,
    workerData: {
      exceljs: require.resolve('exceljs'),
      exceljsUtils: require.resolve('exceljs/lib/utils/utils.js'),
      parseSax: require.resolve('exceljs/lib/utils/parse-sax.js'),
      iterateStream: require.resolve('exceljs/lib/utils/iterate-stream.js'),
      unzipper: require.resolve('unzipper', { paths: [dirname(require.resolve('exceljs'))] }),
      batch: XLSX_WORKER_BATCH,
    },
    resourceLimits: { maxOldGenerationSizeMb: heapMb, maxYoungGenerationSizeMb: XLSX_WORKER_YOUNG_MB },
  });
  const chunks = input[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const inbox: (WorkerMessage | { type: 'failed'; error: Error })[] = [];
  let wake: (() => void) | null = null;
  const deliver = (message: (typeof inbox)[number]) => {
    inbox.push(message);
    wake?.();
    wake = null;
  };
  const feed = async () => {
    try {
      const next = await chunks.next();
      if (next.done) worker.postMessage({ type: 'end' });
      else {
        const chunk = typeof next.value === 'string' ? Buffer.from(next.value) : next.value;
        worker.postMessage({ type: 'chunk', data: chunk });
      }
    } catch (error) {
      deliver({ type: 'failed', error: error instanceof Error ? error : new Error(String(error)) });
    }
  };
  worker.on('message', (message: WorkerMessage) => {
    if (message.type === 'read') void feed();
    else deliver(message);
  });
  worker.on('error', (error) => deliver({ type: 'failed', error }));
  worker.on('exit', () => deliver({ type: 'failed', error: new Error('the XLSX reader stopped') }));
  try {
    // one batch ahead: the worker parses the next rows while these are staged
    worker.postMessage({ type: 'more' });
    for (;;) {
      while (!inbox.length) await new Promise<void>((resolve) => (wake = resolve));
      const message = inbox.shift() as (typeof inbox)[number];
      switch (message.type) {
        case 'rows':
          worker.postMessage({ type: 'more' });
          for (const { row, values } of message.rows)
            yield { row, cells: values.map((value) => valueText(value).trim()) };
          break;
        case 'done':
          if (!message.sheets) throw new SpreadsheetError(MESSAGES.noSheet);
          return;
        case 'failed':
          if ((message.error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY')
            throw new SpreadsheetError(MESSAGES.tooLarge);
          throw message.error;
        case 'error':
          throw new SpreadsheetError(MESSAGES.unreadable);
        case 'read':
          break;
      }
    }
  } finally {
    worker.removeAllListeners();
    await worker.terminate();
  }
}

/** A CSV is read whole (its encoding is decided on the whole text; uploads are capped in size). */
async function* csvGrid(input: Readable): AsyncGenerator<{ row: number; cells: string[] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of input) chunks.push(chunk as Buffer);
  const rows = csvRows(Buffer.concat(chunks));
  for (let i = 0; i < rows.length; i++) yield { row: i + 1, cells: rows[i] };
}

/**
 * `parseSpreadsheet` as a stream, for imports of any size: the same header rules (the first row containing
 * `anchor`, title rows above skipped, a second header row of known columns merged in), read from a stream
 * (an XLSX's first sheet through ExcelJS's sheet parser as it inflates: the compressed archive is held, never
 * the workbook's cells; merged cells hold their range's top-left value, as `parseSpreadsheet` reads them). Refusals throw `SpreadsheetError` with a Chinese reason.
 * `workerHeapMb`: the XLSX reader's heap cap (default 128 MB; a workbook that needs more is refused).
 */
export async function streamSpreadsheet(
  input: Readable,
  fileName: string,
  anchor: string,
  knownHeaders: string[] = [],
  { workerHeapMb }: { workerHeapMb?: number } = {},
): Promise<StreamedSheet> {
  let grid: AsyncGenerator<{ row: number; cells: string[] }>;
  if (/\.xlsx$/i.test(fileName)) grid = xlsxGrid(input, workerHeapMb);
  else if (/\.csv$/i.test(fileName)) grid = csvGrid(input);
  else throw new SpreadsheetError(MESSAGES.type);
  let header: { row: number; cells: string[] } | undefined;
  for (let seen = 0; ; seen++) {
    const next = await grid.next();
    if (next.done || seen > MAX_ROWS_BEFORE_HEADER) break;
    if (next.value.cells.includes(anchor)) {
      header = next.value;
      break;
    }
  }
  if (!header) {
    await grid.return(undefined);
    throw new SpreadsheetError(MESSAGES.noHeader(anchor));
  }
  let headers = header.cells;
  const second = await grid.next();
  let pending: { row: number; cells: string[] } | undefined = second.done ? undefined : second.value;
  // a two-row header: the row below names columns the first row only groups (merged 分类 over 类别 / 类型)
  if (
    pending &&
    pending.row === header.row + 1 &&
    pending.cells.some((cell, c) => cell && knownHeaders.includes(cell) && cell !== headers[c])
  ) {
    const below = pending.cells;
    headers = headers.map((top, c) => (below[c] && knownHeaders.includes(below[c]) ? below[c] : top));
    pending = undefined;
  }
  const names = headers;
  async function* rows(): AsyncGenerator<SheetRow> {
    const toRow = ({ row, cells }: { row: number; cells: string[] }): SheetRow | null => {
      if (cells.every((cell) => !cell)) return null;
      const values: Record<string, string> = {};
      names.forEach((name, c) => {
        if (name) values[name] = cells[c] ?? '';
      });
      return { row, values };
    };
    if (pending) {
      const first = toRow(pending);
      if (first) yield first;
    }
    for await (const line of grid) {
      const row = toRow(line);
      if (row) yield row;
    }
  }
  return {
    headers,
    rows: rows(),
    close: async () => {
      await grid.return(undefined);
    },
  };
}
