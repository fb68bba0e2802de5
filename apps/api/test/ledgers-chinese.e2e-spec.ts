import * as SharedTypes from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { SeedService } from '../src/seed/seed.service';
import { TestApp } from './support/test-app';

/**
 * Every spreadsheet the server builds (ledgers, exports) speaks Chinese: no cell holds an enum's raw code
 * (`closed_restored`, `read_write`) or its English label where a Chinese one exists. The codes come from every
 * bilingual label map of the shared types, so a new enum is covered as soon as it has labels.
 */
describe('server-built spreadsheets in Chinese', () => {
  let t: TestApp;

  /** code → its Chinese label, and English label → its Chinese label, over every LabelMap exported. */
  const leaks = new Map<string, string>();
  for (const value of Object.values(SharedTypes)) {
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const entries = Object.entries(value as Record<string, unknown>);
    const isLabelMap =
      entries.length > 0 &&
      entries.every(([, label]) => {
        const l = label as { zh?: unknown; en?: unknown } | null;
        return !!l && typeof l === 'object' && typeof l.zh === 'string' && typeof l.en === 'string';
      });
    if (!isLabelMap) continue;
    for (const [code, label] of entries as [string, { zh: string; en: string }][]) {
      // a code that is itself Chinese or a number (a division code) is what the sheet should show anyway
      if (/[a-z]/i.test(code) && code !== label.zh) leaks.set(code, label.zh);
      if (/[a-z]/i.test(label.en) && label.en !== label.zh && label.en.length > 2)
        leaks.set(label.en, label.zh);
    }
  }

  /** The cells of a workbook that hold a raw code or an English label, as `sheet!A1: value (→ 中文)`. */
  function leaksIn(book: ExcelJS.Workbook): { found: string[]; dataRows: number } {
    const found: string[] = [];
    let dataRows = 0;
    book.eachSheet((sheet) => {
      dataRows += Math.max(0, sheet.actualRowCount - 1);
      sheet.eachRow((row) =>
        row.eachCell((cell) => {
          const text = typeof cell.value === 'string' ? cell.value.trim() : cell.text?.trim();
          if (!text) return;
          // a list in one cell (一、二) or a code with its note: look at each part
          for (const part of text.split(/[、,，;；/]\s*/)) {
            const zh = leaks.get(part.trim());
            if (zh) found.push(`${sheet.name}!${cell.address}: ${part.trim()} (→ ${zh})`);
          }
        }),
      );
    });
    return { found, dataRows };
  }

  const EXPORTS: { name: string; path: string; body: Record<string, unknown> }[] = [
    { name: 'outfall directory', path: '/outfalls/exports', body: {} },
    { name: 'responsible entities', path: '/responsible-entities/exports', body: {} },
    { name: 'water quality', path: '/monitoring/ledgers', body: { kind: 'water_quality' } },
    { name: 'tracing', path: '/monitoring/ledgers', body: { kind: 'tracing' } },
    { name: 'pollution sources', path: '/monitoring/ledgers', body: { kind: 'pollution_sources' } },
    { name: 'rectification', path: '/remediation/ledgers', body: { kind: 'rectification' } },
    { name: 'investigation', path: '/remediation/ledgers', body: { kind: 'investigation' } },
    { name: 'enforcement cases', path: '/enforcement/ledger', body: {} },
    { name: 'patrols', path: '/patrols/ledger', body: {} },
    { name: 'permits', path: '/permits/ledgers', body: { ledger: 'permits' } },
    { name: 'permit findings', path: '/permits/ledgers', body: { ledger: 'findings' } },
    { name: 'setup review', path: '/setup-review/ledgers', body: {} },
    { name: 'signs', path: '/signs/ledger', body: {} },
    { name: 'tasks', path: '/tasks/ledger', body: {} },
    { name: 'source lists', path: '/source-lists/exports', body: {} },
    { name: 'audit trail', path: '/audit-logs/exports', body: {} },
    { name: 'archive completeness', path: '/accountability/archive-completeness/export', body: {} },
  ];

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 120 });
    // the whole demo (samples, tracing, plans, supervision records, tasks), as the product seeds it, so the
    // ledgers have rows to look at
    await t.app.get(SeedService).run({ outfalls: 120, monitoring: true });
  }, 300_000);
  afterAll(() => t.close());

  it('knows the codes it looks for', () => {
    expect(leaks.get('closed_restored')).toBeDefined();
    expect(leaks.size).toBeGreaterThan(100);
  });

  it.each(EXPORTS.map((item) => [item.name, item] as const))(
    '%s: no raw code or English label',
    async (_, item) => {
      const queued = await t.http
        .post(`/api/v1${item.path}`)
        .set(await t.auth('admin'))
        .send(item.body);
      expect(queued.status).toBe(202);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await t.download(queued.body.id, 'admin')) as never);
      const { found } = leaksIn(book);
      expect(found).toEqual([]);
    },
  );

  it('the remediation archive of one outfall (一口一档) too', async () => {
    const [plan] = await t.dataSource.query<{ outfall_id: string }[]>(
      `SELECT outfall_id FROM remediation_plan ORDER BY updated_at DESC LIMIT 1`,
    );
    expect(plan).toBeDefined();
    const queued = await t.http
      .post('/api/v1/remediation/ledgers')
      .set(await t.auth('admin'))
      .send({ kind: 'archive', outfallId: plan.outfall_id });
    expect(queued.status).toBe(202);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await t.download(queued.body.id, 'admin')) as never);
    const { found, dataRows } = leaksIn(book);
    expect(dataRows).toBeGreaterThan(0);
    expect(found).toEqual([]);
  });
});
