import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BEIJING_OFFSET_MS, beijingDay, FileStorage } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  DISPATCH_REPORT_STATUS_LABELS,
  DispatchReportStatus,
  FORECAST_STATUS_LABELS,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import {
  DispatchReportColumn,
  DispatchReportSections,
  DispatchReportTable,
  REPORT_NUM_FMT,
} from './dispatch-report-sections';
import { addReportSheet, reportTableHtml } from './dispatch-report-format';
import { DispatchReport } from './dispatch-report.entity';
import {
  behindRows,
  dispatchNarrative,
  DispatchNarrative,
  groupLabel,
  NARRATIVE_HEADINGS,
} from './dispatch-narrative';
import { ProgressSnapshot } from './progress.entities';
import type { ForecastRow, Progress, ProgressGroup } from './progress.responses';
import { parseQuarter, previousQuarter, Quarter, quarterName } from './quarter.util';

export interface ReportJobData {
  snapshotId: string;
  format: 'xlsx' | 'html';
}

export interface ReportJobResult {
  quarter: string;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const DISPATCH_REPORT_JOB = defineJob<ReportJobData, ReportJobResult>(
  QueueName.Exports,
  'dispatch-report',
);

interface SnapshotData {
  progress: Progress;
  forecast: { rows: ForecastRow[] };
  overdue: {
    plans: { total: number; items: Record<string, unknown>[] };
    untraced: { total: number; items: Record<string, unknown>[] };
  };
  ledgers: Record<string, number>;
}

/** An outfall whose remediation was back-entered (补录) for work before the platform existed. */
type BackEntryRow = {
  localCode: string;
  name: string;
  township: string;
  completedOn: string | null;
  verifiedOn: string | null;
  reason: string | null;
  documentRef: string | null;
};

type ContributedSection = Awaited<ReturnType<DispatchReportSections['load']>>[number];

const METRICS = Object.values(ProgressMetric);
const CHINESE_ORDINALS = [
  '一',
  '二',
  '三',
  '四',
  '五',
  '六',
  '七',
  '八',
  '九',
  '十',
  '十一',
  '十二',
  '十三',
  '十四',
];
const DIMENSION_LABELS: Record<string, string> = {
  city: '全市',
  scope: '河流分组',
  river: '河流',
  township: '乡镇（街道）',
  unit: '责任单位',
  category: '排污口类别',
  area: '区域',
};
/** YYYY-MM-DD HH:mm in Beijing time. */
const beijingDateTime = (date: Date) =>
  new Date(new Date(date).getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ');
const pct = (value: number | null | undefined) =>
  value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
const PERCENT = { numFmt: REPORT_NUM_FMT.percent };
const COUNT = { numFmt: REPORT_NUM_FMT.integer };
const POINTS = { numFmt: '+0.0" 个百分点";-0.0" 个百分点";0.0" 个百分点"' };
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const HTML_TYPE = 'text/html; charset=utf-8';

/** A rendered report file. */
export interface RenderedReport {
  buffer: Buffer;
  fileName: string;
  contentType: string;
}
const escape = (text: unknown) =>
  String(text ?? '').replace(
    /[&<>"]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c] as string,
  );

/**
 * The quarterly dispatch report (季度调度报告) for a snapshot: headline rates against targets, change since
 * last quarter, breakdowns, forecast, overdue lists, units behind and the four ledgers' counts — as XLSX or as
 * a printable A4 HTML page.
 */
/** Everything one rendering needs, read once. */
interface ReportInput {
  title: string;
  snapshot: ProgressSnapshot;
  data: SnapshotData;
  before: ProgressGroup | undefined;
  previousLedgers: Record<string, number> | null;
  compared: string;
  backEntries: BackEntryRow[];
  contributed: ContributedSection[];
  narrative: DispatchNarrative;
  report: DispatchReport | null;
}

/**
 * The quarterly dispatch report (季度调度报告) for a snapshot: a summary of the quarter (达标情况, 主要问题,
 * 落后单位), next-quarter tasks and sign-off, headline rates against targets, change since last quarter,
 * breakdowns, forecast, overdue lists, units behind, the four ledgers' counts and the contributed sections —
 * as XLSX (numbers with number formats, Chinese labels, A4 print settings on every sheet) or as a printable
 * A4 HTML page. A draft is rendered on request (a job); an issued report is rendered once and stored
 * (DispatchReportsService).
 */
@Injectable()
export class DispatchReportJob implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly runner: JobRunner,
    private readonly storage: FileStorage,
    private readonly sections: DispatchReportSections,
  ) {}

  onModuleInit(): void {
    this.runner.register(DISPATCH_REPORT_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<ReportJobData>): Promise<ReportJobResult> {
    const snapshot = await this.dataSource
      .getRepository(ProgressSnapshot)
      .findOneByOrFail({ id: context.data.snapshotId });
    const reportRow = await this.dataSource
      .getRepository(DispatchReport)
      .findOneBy({ snapshotId: snapshot.id });
    await context.updateProgress(20);
    const rendered = await this.render(snapshot, context.data.format, reportRow);
    const storageKey = `exports/${context.id}.${context.data.format}`;
    await this.storage.put(storageKey, rendered.buffer);
    return {
      quarter: snapshot.quarter,
      file: { storageKey, fileName: rendered.fileName, contentType: rendered.contentType },
    };
  }

  /** The report of a snapshot in one format, with the report's tasks and sign-off when it has one. */
  async render(
    snapshot: ProgressSnapshot,
    format: 'xlsx' | 'html',
    report: DispatchReport | null,
  ): Promise<RenderedReport> {
    const input = await this.input(snapshot, report);
    const buffer = format === 'xlsx' ? await this.xlsx(input) : Buffer.from(this.html(input), 'utf8');
    return {
      buffer,
      fileName: `季度调度报告-${snapshot.quarter}-v${snapshot.version}.${format}`,
      contentType: format === 'xlsx' ? XLSX_TYPE : HTML_TYPE,
    };
  }

  /** The generated narrative of a snapshot (what the report shows unless overridden). */
  async narrative(snapshot: ProgressSnapshot): Promise<DispatchNarrative> {
    return (await this.input(snapshot, null)).narrative;
  }

  private async input(snapshot: ProgressSnapshot, report: DispatchReport | null): Promise<ReportInput> {
    const repo = this.dataSource.getRepository(ProgressSnapshot);
    // the latest version of the previous quarter, read now: a recompute after a backfill is picked up
    const previous = await repo.findOne({
      where: { quarter: quarterName(previousQuarter(parseQuarter(snapshot.quarter) as Quarter)) },
      order: { version: 'DESC' },
    });
    const data = snapshot.data as SnapshotData;
    const before = previous
      ? (previous.data as SnapshotData).progress.groups.find((g) => g.dimension === 'city')
      : undefined;
    const contributed = await this.sections.load({
      quarter: snapshot.quarter,
      asOf: snapshot.asOf,
      computedAt: snapshot.createdAt,
    });
    return {
      title: `昌吉市入河排污口排查整治季度调度报告（${snapshot.quarter.replace('Q', '年第')}季度）`,
      snapshot,
      data,
      before,
      previousLedgers: previous ? ((previous.data as SnapshotData).ledgers ?? null) : null,
      compared: this.compared(snapshot, previous),
      backEntries: await this.backEntries(snapshot),
      contributed,
      narrative: dispatchNarrative({
        asOf: snapshot.asOf,
        progress: data.progress,
        forecast: data.forecast,
        overdue: data.overdue,
        highlights: contributed.flatMap(({ tables }) => tables.flatMap((t) => t.highlights ?? [])),
      }),
      report,
    };
  }

  /**
   * The outfalls whose remediation counted in the snapshot through a back-entry (补录): dated on or before its
   * as-of day and entered before it was computed, so the list matches the snapshot's figures.
   */
  private async backEntries(snapshot: ProgressSnapshot): Promise<BackEntryRow[]> {
    return this.dataSource.query<BackEntryRow[]>(
      `SELECT o.local_code AS "localCode", o.name, d.name AS township,
              to_char(max(e.effective_on) FILTER (WHERE e.type = 'remediation_completed'), 'YYYY-MM-DD') AS "completedOn",
              to_char(max(e.effective_on) FILTER (WHERE e.type = 'verified'), 'YYYY-MM-DD') AS "verifiedOn",
              max(e.back_entry_reason) AS reason, max(e.back_entry_document) AS "documentRef"
         FROM outfall_event e JOIN outfall o ON o.id = e.outfall_id JOIN division d ON d.id = o.division_id
        WHERE e.back_entered AND e.type IN ('remediation_completed', 'verified')
          AND e.effective_on <= $1::date AND e.recorded_at <= $2
        GROUP BY o.id, o.local_code, o.name, d.name ORDER BY o.local_code`,
      [snapshot.asOf, snapshot.createdAt],
    );
  }

  /** Which versions are compared and when each was computed (Beijing time), one line. */
  private compared(snapshot: ProgressSnapshot, previous: ProgressSnapshot | null): string {
    const at = (date: Date) => `${beijingDateTime(date)}（北京时间）`;
    const self = `本季度 ${snapshot.quarter} 第 ${snapshot.version} 版，计算于 ${at(snapshot.createdAt)}`;
    const prior = previous
      ? `上季度 ${previous.quarter} 第 ${previous.version} 版（最新版本），计算于 ${at(previous.createdAt)}`
      : '上季度尚无快照，不作比较';
    return `比较口径：${self}；${prior}`;
  }

  /** Headline rows: rates as fractions, counts as integers, the change in percentage points (a number). */
  private headline(data: SnapshotData, before: ProgressGroup | undefined) {
    const city = data.progress.groups.find((g) => g.dimension === 'city');
    const scopes = data.progress.groups.filter((g) => g.dimension === 'scope');
    return [city, ...scopes]
      .filter((g): g is ProgressGroup => !!g)
      .flatMap((group) =>
        METRICS.map((metric) => {
          const m = group.metrics[metric];
          const prior = group.dimension === 'city' ? before?.metrics[metric]?.rate : undefined;
          return {
            group: group.label,
            metric: PROGRESS_METRIC_LABELS[metric].zh,
            numerator: m.numerator,
            denominator: m.denominator,
            rate: m.rate,
            target: m.target,
            deadline: m.deadline ?? '',
            met: m.met === null ? '—' : m.met ? '达标' : '未达标',
            change:
              prior === undefined || prior === null || m.rate === null
                ? null
                : Math.round((m.rate - prior) * 1000) / 10,
          };
        }),
      );
  }

  private forecastRow(r: ForecastRow) {
    return {
      dimension: DIMENSION_LABELS[r.dimension] ?? r.dimension,
      label: groupLabel(r),
      metric: PROGRESS_METRIC_LABELS[r.metric].zh,
      rate: r.rate,
      deadline: r.deadline,
      target: r.target,
      projected: r.projected,
      metOn: r.metOn ?? '—',
      status: FORECAST_STATUS_LABELS[r.status].zh,
    };
  }

  /** The summary sheet / section: narrative (or its override), next-quarter tasks, sign-off. */
  private summaryRows(input: ReportInput): { item: string; text: string }[] {
    const { snapshot, narrative, report } = input;
    const rows: { item: string; text: string }[] = [
      { item: '数据截至', text: `${snapshot.asOf}（北京时间），快照第 ${snapshot.version} 版` },
      { item: '比较口径', text: input.compared },
    ];
    if (report?.narrativeOverride) rows.push({ item: '季度小结', text: report.narrativeOverride });
    else
      for (const part of Object.keys(NARRATIVE_HEADINGS) as (keyof DispatchNarrative)[])
        narrative[part].forEach((text, i) =>
          rows.push({ item: i === 0 ? NARRATIVE_HEADINGS[part] : '', text }),
        );
    const tasks = report?.tasks ?? [];
    if (!tasks.length) rows.push({ item: '调度事项', text: '（无）' });
    tasks.forEach((task, i) =>
      rows.push({
        item: i === 0 ? '调度事项' : '',
        text: `${i + 1}. ${task.content}${task.leadUnit ? `（牵头：${task.leadUnit}）` : ''}${
          task.dueOn ? `，${task.dueOn} 前完成` : ''
        }`,
      }),
    );
    rows.push(
      { item: '编制', text: report?.preparedByName ?? '' },
      { item: '审核/签发', text: report?.issuedByName ?? '' },
      {
        item: '状态',
        text: `${DISPATCH_REPORT_STATUS_LABELS[report?.status ?? DispatchReportStatus.Draft].zh}${
          report?.issuedAt ? `（${beijingDateTime(report.issuedAt)} 签发）` : ''
        }`,
      },
    );
    return rows;
  }

  /** The four ledgers' counts: cumulative to the quarter's end, and added this quarter (against last quarter's). */
  private ledgerRows(input: ReportInput) {
    const { data, previousLedgers, snapshot } = input;
    const added = (key: string) =>
      previousLedgers && typeof previousLedgers[key] === 'number'
        ? data.ledgers[key] - previousLedgers[key]
        : null;
    return [
      ['现场排查台账', 'investigation'],
      ['水质监测台账', 'waterQuality'],
      ['溯源结果台账', 'tracing'],
      ['整改措施台账', 'rectification'],
    ].map(([name, key]) => ({
      name,
      count: data.ledgers[key],
      added: added(key),
      period: `累计截至 ${snapshot.asOf}；本季度新增＝本季度末累计－上季度末累计`,
    }));
  }

  private tables(input: ReportInput): { main: DispatchReportTable[] } {
    const { data, snapshot, before, backEntries } = input;
    const forecastColumns: DispatchReportColumn[] = [
      ['维度', 'dimension', 12],
      ['名称', 'label', 24],
      ['指标', 'metric', 16],
      ['当前完成率', 'rate', 10, PERCENT],
      ['时限', 'deadline', 12],
      ['目标', 'target', 10, PERCENT],
      ['按当前进度预计', 'projected', 14, PERCENT],
      ['预计达标日期', 'metOn', 14],
      ['研判', 'status', 10],
    ];
    return {
      main: [
        {
          title: '总体进度',
          summary: `截至 ${snapshot.asOf}（第 ${snapshot.version} 版）`,
          columns: [
            ['范围', 'group', 16],
            ['指标', 'metric', 18],
            ['完成数', 'numerator', 10, COUNT],
            ['应完成数', 'denominator', 10, COUNT],
            ['完成率', 'rate', 10, PERCENT],
            ['目标', 'target', 10, PERCENT],
            ['目标时限', 'deadline', 12],
            ['是否达标', 'met', 10],
            ['较上季度', 'change', 16, POINTS],
          ],
          rows: this.headline(data, before),
        },
        {
          title: '分组进度',
          summary: `截至 ${snapshot.asOf}`,
          columns: [
            ['维度', 'dimension', 12],
            ['名称', 'label', 24],
            ...METRICS.flatMap((m): DispatchReportColumn[] => [
              [`${PROGRESS_METRIC_LABELS[m].zh}`, `${m}Rate`, 10, PERCENT],
              [`${PROGRESS_METRIC_LABELS[m].zh}完成数`, `${m}Numerator`, 9, COUNT],
              [`${PROGRESS_METRIC_LABELS[m].zh}应完成数`, `${m}Denominator`, 9, COUNT],
            ]),
          ],
          rows: data.progress.groups.map((g) => ({
            dimension: DIMENSION_LABELS[g.dimension] ?? g.dimension,
            label: groupLabel(g),
            ...Object.fromEntries(
              METRICS.flatMap((m) => [
                [`${m}Rate`, g.metrics[m].rate],
                [`${m}Numerator`, g.metrics[m].numerator],
                [`${m}Denominator`, g.metrics[m].denominator],
              ]),
            ),
          })),
        },
        {
          title: '进度预测',
          summary: `截至 ${snapshot.asOf}，按近两个季度进度推算`,
          columns: forecastColumns,
          rows: data.forecast.rows.map((r) => this.forecastRow(r)),
        },
        {
          title: '落后单位',
          summary: `截至 ${snapshot.asOf}，研判为落后、有风险或未达标的责任单位和乡镇（街道）`,
          columns: forecastColumns,
          rows: behindRows(data.forecast.rows).map((r) => this.forecastRow(r)),
        },
        {
          title: '逾期方案',
          summary: `截至 ${snapshot.asOf}，逾期未完成整治方案 ${data.overdue.plans.total} 个`,
          columns: [
            ['排污口编码', 'localCode', 16],
            ['排污口名称', 'name', 30],
            ['乡镇（街道）', 'township', 14],
            ['责任单位', 'unit', 20],
            ['完成时限', 'deadline', 12],
            ['逾期天数', 'daysOverdue', 10, COUNT],
          ],
          rows: data.overdue.plans.items,
        },
        {
          title: '逾期未溯源',
          summary: `截至 ${snapshot.asOf}，超过溯源时限仍未溯源 ${data.overdue.untraced.total} 个`,
          columns: [
            ['排污口编码', 'localCode', 16],
            ['排污口名称', 'name', 30],
            ['受纳水体', 'water', 12],
            ['乡镇（街道）', 'township', 14],
            ['溯源时限', 'tracingDeadline', 12],
          ],
          rows: data.overdue.untraced.items,
        },
        {
          title: '四项台账',
          summary: `四项台账条数：累计截至 ${snapshot.asOf}（本季度末），本季度新增为与上季度末累计之差`,
          columns: [
            ['台账', 'name', 20],
            [`累计条数（截至 ${snapshot.asOf}）`, 'count', 18, COUNT],
            ['本季度新增条数', 'added', 14, COUNT],
            ['统计口径', 'period', 50],
          ],
          rows: this.ledgerRows(input),
        },
        {
          title: '历史补录',
          summary: `平台上线前整治、经生态环境分局补录的排污口：${backEntries.length} 个（截至 ${snapshot.asOf}）`,
          columns: [
            ['排污口编码', 'localCode', 16],
            ['排污口名称', 'name', 30],
            ['乡镇（街道）', 'township', 14],
            ['整治完成日期', 'completedOn', 12],
            ['核查销号日期', 'verifiedOn', 12],
            ['补录原因', 'reason', 36],
            ['依据文件', 'documentRef', 24],
          ],
          rows: backEntries,
        },
      ],
    };
  }

  private async xlsx(input: ReportInput) {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    // a fixed creation time: the same data gives the same workbook
    workbook.created = new Date(input.snapshot.createdAt);
    workbook.modified = new Date(input.snapshot.createdAt);
    addReportSheet(
      workbook,
      {
        title: '调度摘要',
        columns: [
          ['项目', 'item', 14],
          ['内容', 'text', 90],
        ],
        rows: this.summaryRows(input),
        orientation: 'portrait',
      },
      [input.title],
    ).getColumn(2).alignment = { wrapText: true, vertical: 'top' };
    for (const table of this.tables(input).main) {
      addReportSheet(workbook, table, table.title === '总体进度' ? [input.title, input.compared] : []);
    }
    for (const { tables } of input.contributed) for (const table of tables) addReportSheet(workbook, table);
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** A self-contained A4 page: Chinese fonts first, tables that break cleanly across pages. */
  private html(input: ReportInput): string {
    const { title, snapshot, data, before, compared, backEntries, contributed, narrative, report } = input;
    const table = (headers: string[], rows: unknown[][]) =>
      `<table><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${
        rows.length
          ? rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')
          : `<tr><td colspan="${headers.length}" class="empty">无</td></tr>`
      }</tbody></table>`;
    const headline = this.headline(data, before);
    const groups = data.progress.groups.filter((g) => g.dimension === 'township' || g.dimension === 'river');
    const behind = behindRows(data.forecast.rows);
    const tables = this.tables(input).main;
    const ledgers = tables.find((t) => t.title === '四项台账') as DispatchReportTable;
    const extra = contributed
      .map(
        ({ section, tables: sectionTables }, i) =>
          `<h2>${CHINESE_ORDINALS[8 + i] ?? 8 + i + 1}、${escape(section.heading)}</h2>\n${sectionTables
            .map(
              (t: DispatchReportTable) =>
                `<h3>${escape(t.title)}</h3>${t.summary ? `<p>${escape(t.summary)}</p>` : ''}${reportTableHtml(t)}`,
            )
            .join('\n')}`,
      )
      .join('\n');
    const summary = report?.narrativeOverride
      ? report.narrativeOverride
          .split(/\n+/)
          .map((line) => `<p>${escape(line)}</p>`)
          .join('\n')
      : (Object.keys(NARRATIVE_HEADINGS) as (keyof DispatchNarrative)[])
          .map(
            (part) =>
              `<p class="narrative" data-part="${part}"><b>${NARRATIVE_HEADINGS[part]}。</b>${narrative[part]
                .map(escape)
                .join('')}</p>`,
          )
          .join('\n');
    const tasks = report?.tasks ?? [];
    const status = report?.status ?? DispatchReportStatus.Draft;
    return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escape(title)}</title>
<style>
  @page { size: A4; margin: 20mm 16mm; }
  body { font-family: "FangSong", "STFangsong", "Noto Serif CJK SC", "Source Han Serif SC", "SimSun", serif; font-size: 11pt; line-height: 1.6; color: #000; }
  h1 { font-family: "SimHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; font-size: 18pt; text-align: center; margin: 0 0 4mm; }
  h3 { font-size: 12pt; margin: 4mm 0 2mm; page-break-after: avoid; }
  h2 { font-family: "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 14pt; margin: 6mm 0 2mm; page-break-after: avoid; }
  .meta { text-align: center; margin-bottom: 6mm; }
  table { width: 100%; border-collapse: collapse; margin-bottom: 4mm; page-break-inside: auto; }
  tr { page-break-inside: avoid; }
  thead { display: table-header-group; }
  th, td { border: 0.5pt solid #333; padding: 1mm 1.5mm; font-size: 9.5pt; text-align: left; }
  td.num { text-align: right; }
  th { background: #eee; }
  .empty { text-align: center; color: #666; }
  .note { font-size: 9pt; color: #444; }
  .signoff { display: flex; justify-content: space-between; margin-top: 4mm; }
  .draft { color: #a00; text-align: center; }
</style></head><body>
<h1>${escape(title)}</h1>
<p class="meta">数据截至 ${escape(snapshot.asOf)}（北京时间）\u3000快照第 ${snapshot.version} 版\u3000生成于 ${escape(beijingDay(new Date(snapshot.createdAt)))}</p>
<p class="meta">${escape(compared)}</p>
${status === DispatchReportStatus.Issued ? '' : `<p class="draft">（${escape(DISPATCH_REPORT_STATUS_LABELS[status].zh)}，未签发）</p>`}
<h2>一、季度小结</h2>
${summary}
<h2>二、下季度调度事项</h2>
${
  tasks.length
    ? `<ol>${tasks
        .map(
          (t) =>
            `<li>${escape(t.content)}${t.leadUnit ? `（牵头：${escape(t.leadUnit)}）` : ''}${
              t.dueOn ? `，${escape(t.dueOn)} 前完成` : ''
            }</li>`,
        )
        .join('')}</ol>`
    : '<p>（无）</p>'
}
<div class="signoff"><span>编制：${escape(report?.preparedByName ?? '')}</span><span>审核/签发：${escape(report?.issuedByName ?? '')}</span><span>${
      report?.issuedAt ? `签发时间：${escape(beijingDateTime(report.issuedAt))}` : ''
    }</span></div>
<h2>三、总体进度</h2>
${table(
  ['范围', '指标', '完成/应完成', '完成率', '目标', '时限', '是否达标', '较上季度'],
  headline.map((h) => [
    h.group,
    h.metric,
    `${h.numerator}/${h.denominator}`,
    pct(h.rate),
    pct(h.target),
    h.deadline,
    h.met,
    h.change === null ? '—' : `${h.change.toFixed(1)} 个百分点`,
  ]),
)}
<h2>四、分河流、分乡镇进度</h2>
${table(
  ['维度', '名称', ...METRICS.map((m) => PROGRESS_METRIC_LABELS[m].zh)],
  groups.map((g) => [
    DIMENSION_LABELS[g.dimension],
    groupLabel(g),
    ...METRICS.map(
      (m) => `${pct(g.metrics[m].rate)}（${g.metrics[m].numerator}/${g.metrics[m].denominator}）`,
    ),
  ]),
)}
<h2>五、进度研判（按近两个季度进度推算）</h2>
${table(
  ['范围', '指标', '时限', '目标', '当前', '预计', '研判'],
  data.forecast.rows
    .filter((r) => r.dimension === 'city' || r.dimension === 'scope')
    .map((r) => [
      r.label,
      PROGRESS_METRIC_LABELS[r.metric].zh,
      r.deadline,
      pct(r.target),
      pct(r.rate),
      pct(r.projected),
      FORECAST_STATUS_LABELS[r.status].zh,
    ]),
)}
<h2>六、进度滞后的单位和乡镇</h2>
${table(
  ['维度', '名称', '指标', '时限', '目标', '当前', '预计', '研判'],
  behind.map((r) => [
    DIMENSION_LABELS[r.dimension],
    groupLabel(r),
    PROGRESS_METRIC_LABELS[r.metric].zh,
    r.deadline,
    pct(r.target),
    pct(r.rate),
    pct(r.projected),
    FORECAST_STATUS_LABELS[r.status].zh,
  ]),
)}
<h2>七、逾期事项与四项台账</h2>
<p>截至 ${escape(snapshot.asOf)}，逾期未完成整治方案 ${data.overdue.plans.total} 个，逾期未完成溯源排污口 ${data.overdue.untraced.total} 个。</p>
${table(
  ['排污口编码', '名称', '乡镇（街道）', '责任单位', '时限', '逾期天数'],
  data.overdue.plans.items.map((p) => [p.localCode, p.name, p.township, p.unit, p.deadline, p.daysOverdue]),
)}
<h3>四项台账（${escape(ledgers.summary ?? '')}）</h3>
${reportTableHtml(ledgers)}
<h2>八、历史补录</h2>
<p>平台上线前完成整治、经生态环境分局补录的排污口 ${backEntries.length} 个（已计入上述整治数据）。</p>
${table(
  ['排污口编码', '名称', '乡镇（街道）', '整治完成', '核查销号', '补录原因', '依据文件'],
  backEntries.map((b) => [
    b.localCode,
    b.name,
    b.township,
    b.completedOn,
    b.verifiedOn,
    b.reason,
    b.documentRef,
  ]),
)}
${extra}
<p class="note">口径：排查率＝已现场排查／已登记；溯源率＝已溯源／已登记；一口一策报送率＝已报送方案／需整治；整治率＝已${data.progress.remediationCounts === 'verified' ? '核查销号' : '完成整治'}／需整治。均按北京时间截至当日的登记、决定和完成日期计算。</p>
</body></html>`;
  }
}
