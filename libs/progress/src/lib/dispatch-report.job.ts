import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { BEIJING_OFFSET_MS, beijingDay, FileStorage } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import {
  FORECAST_STATUS_LABELS,
  ForecastStatus,
  PROGRESS_METRIC_LABELS,
  ProgressMetric,
} from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { DispatchReportSections, DispatchReportTable } from './dispatch-report-sections';
import { ProgressSnapshot } from './progress.entities';
import type { ForecastRow, Progress, ProgressGroup } from './progress.service';
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
    const repo = this.dataSource.getRepository(ProgressSnapshot);
    const snapshot = await repo.findOneByOrFail({ id: context.data.snapshotId });
    // the latest version of the previous quarter, read now: a recompute after a backfill is picked up
    const previous = await repo.findOne({
      where: { quarter: quarterName(previousQuarter(parseQuarter(snapshot.quarter) as Quarter)) },
      order: { version: 'DESC' },
    });
    const data = snapshot.data as SnapshotData;
    const compared = this.compared(snapshot, previous);
    const before = previous
      ? (previous.data as SnapshotData).progress.groups.find((g) => g.dimension === 'city')
      : undefined;
    const backEntries = await this.backEntries(snapshot);
    const contributed = await this.sections.load({
      quarter: snapshot.quarter,
      asOf: snapshot.asOf,
      computedAt: snapshot.createdAt,
    });
    await context.updateProgress(20);
    const title = `昌吉市入河排污口排查整治季度调度报告（${snapshot.quarter.replace('Q', '年第')}季度）`;
    const buffer =
      context.data.format === 'xlsx'
        ? await this.xlsx(title, snapshot, data, before, compared, backEntries, contributed)
        : Buffer.from(this.html(title, snapshot, data, before, compared, backEntries, contributed), 'utf8');
    const extension = context.data.format;
    const storageKey = `exports/${context.id}.${extension}`;
    await this.storage.put(storageKey, buffer);
    return {
      quarter: snapshot.quarter,
      file: {
        storageKey,
        fileName: `季度调度报告-${snapshot.quarter}-v${snapshot.version}.${extension}`,
        contentType:
          extension === 'xlsx'
            ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
            : 'text/html; charset=utf-8',
      },
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
            rate: pct(m.rate),
            target: pct(m.target),
            deadline: m.deadline ?? '',
            met: m.met === null ? '—' : m.met ? '达标' : '未达标',
            change:
              prior === undefined || prior === null || m.rate === null
                ? '—'
                : `${((m.rate - prior) * 100).toFixed(1)} 个百分点`,
          };
        }),
      );
  }

  private behind(data: SnapshotData) {
    return data.forecast.rows.filter(
      (r) =>
        (r.dimension === 'unit' || r.dimension === 'township') &&
        (r.status === ForecastStatus.Behind || r.status === ForecastStatus.AtRisk),
    );
  }

  private async xlsx(
    title: string,
    snapshot: ProgressSnapshot,
    data: SnapshotData,
    before: ProgressGroup | undefined,
    compared: string,
    backEntries: BackEntryRow[],
    contributed: ContributedSection[],
  ) {
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const add = (name: string, columns: [string, string, number][], rows: Record<string, unknown>[]) => {
      const sheet = workbook.addWorksheet(name);
      sheet.columns = columns.map(([header, key, width]) => ({ header, key, width }));
      sheet.getRow(1).font = { bold: true };
      sheet.views = [{ state: 'frozen', ySplit: 1 }];
      rows.forEach((row) => sheet.addRow(row));
      return sheet;
    };
    const head = add(
      '总体进度',
      [
        ['范围', 'group', 16],
        ['指标', 'metric', 18],
        ['完成数', 'numerator', 10],
        ['应完成数', 'denominator', 10],
        ['完成率', 'rate', 10],
        ['目标', 'target', 10],
        ['目标时限', 'deadline', 12],
        ['是否达标', 'met', 10],
        ['较上季度', 'change', 14],
      ],
      this.headline(data, before),
    );
    head.insertRow(1, [`${title}\u3000截至 ${snapshot.asOf}（第 ${snapshot.version} 版）`]);
    head.insertRow(2, [compared]);
    add(
      '分组进度',
      [
        ['维度', 'dimension', 12],
        ['名称', 'label', 24],
        ...METRICS.flatMap((m): [string, string, number][] => [
          [`${PROGRESS_METRIC_LABELS[m].zh}`, `${m}Rate`, 10],
          [`${PROGRESS_METRIC_LABELS[m].zh}（完成/应完成）`, `${m}Count`, 14],
        ]),
      ],
      data.progress.groups.map((g) => ({
        dimension: DIMENSION_LABELS[g.dimension] ?? g.dimension,
        label: g.label,
        ...Object.fromEntries(
          METRICS.flatMap((m) => [
            [`${m}Rate`, pct(g.metrics[m].rate)],
            [`${m}Count`, `${g.metrics[m].numerator}/${g.metrics[m].denominator}`],
          ]),
        ),
      })),
    );
    const forecastColumns: [string, string, number][] = [
      ['维度', 'dimension', 12],
      ['名称', 'label', 24],
      ['指标', 'metric', 16],
      ['当前完成率', 'rate', 10],
      ['时限', 'deadline', 12],
      ['目标', 'target', 10],
      ['按当前进度预计', 'projected', 14],
      ['预计达标日期', 'metOn', 14],
      ['研判', 'status', 10],
    ];
    const forecastRow = (r: ForecastRow) => ({
      dimension: DIMENSION_LABELS[r.dimension] ?? r.dimension,
      label: r.label,
      metric: PROGRESS_METRIC_LABELS[r.metric].zh,
      rate: pct(r.rate),
      deadline: r.deadline,
      target: pct(r.target),
      projected: pct(r.projected),
      metOn: r.metOn ?? '—',
      status: FORECAST_STATUS_LABELS[r.status].zh,
    });
    add('进度预测', forecastColumns, data.forecast.rows.map(forecastRow));
    add('落后单位', forecastColumns, this.behind(data).map(forecastRow));
    add(
      '逾期方案',
      [
        ['排污口编码', 'localCode', 16],
        ['排污口名称', 'name', 30],
        ['乡镇（街道）', 'township', 14],
        ['责任单位', 'unit', 20],
        ['完成时限', 'deadline', 12],
        ['逾期天数', 'daysOverdue', 10],
      ],
      data.overdue.plans.items,
    );
    add(
      '逾期未溯源',
      [
        ['排污口编码', 'localCode', 16],
        ['排污口名称', 'name', 30],
        ['受纳水体', 'water', 12],
        ['乡镇（街道）', 'township', 14],
        ['溯源时限', 'tracingDeadline', 12],
      ],
      data.overdue.untraced.items,
    );
    add(
      '四项台账',
      [
        ['台账', 'name', 20],
        ['条数', 'count', 10],
      ],
      [
        { name: '现场排查台账', count: data.ledgers.investigation },
        { name: '水质监测台账', count: data.ledgers.waterQuality },
        { name: '溯源结果台账', count: data.ledgers.tracing },
        { name: '整改措施台账', count: data.ledgers.rectification },
      ],
    );
    const backEntered = add(
      '历史补录',
      [
        ['排污口编码', 'localCode', 16],
        ['排污口名称', 'name', 30],
        ['乡镇（街道）', 'township', 14],
        ['整治完成日期', 'completedOn', 12],
        ['核查销号日期', 'verifiedOn', 12],
        ['补录原因', 'reason', 36],
        ['依据文件', 'documentRef', 24],
      ],
      backEntries,
    );
    backEntered.insertRow(1, [`平台上线前整治、经生态环境分局补录的排污口：${backEntries.length} 个`]);
    for (const { tables } of contributed) {
      for (const table of tables) {
        const sheet = add(table.title.slice(0, 31), table.columns, table.rows);
        if (table.summary) sheet.insertRow(1, [table.summary]);
      }
    }
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** A self-contained A4 page: Chinese fonts first, tables that break cleanly across pages. */
  private html(
    title: string,
    snapshot: ProgressSnapshot,
    data: SnapshotData,
    before: ProgressGroup | undefined,
    compared: string,
    backEntries: BackEntryRow[],
    contributed: ContributedSection[],
  ): string {
    const table = (headers: string[], rows: unknown[][]) =>
      `<table><thead><tr>${headers.map((h) => `<th>${escape(h)}</th>`).join('')}</tr></thead><tbody>${
        rows.length
          ? rows.map((r) => `<tr>${r.map((c) => `<td>${escape(c)}</td>`).join('')}</tr>`).join('')
          : `<tr><td colspan="${headers.length}" class="empty">无</td></tr>`
      }</tbody></table>`;
    const headline = this.headline(data, before);
    const groups = data.progress.groups.filter((g) => g.dimension === 'township' || g.dimension === 'river');
    const behind = this.behind(data);
    const extra = contributed
      .map(
        ({ section, tables }, i) =>
          `<h2>${CHINESE_ORDINALS[7 + i] ?? 7 + i + 1}、${escape(section.heading)}</h2>\n${tables
            .map(
              (t: DispatchReportTable) =>
                `<h3>${escape(t.title)}</h3>${t.summary ? `<p>${escape(t.summary)}</p>` : ''}${table(
                  t.columns.map(([header]) => header),
                  t.rows.map((row) => t.columns.map(([, key]) => row[key] ?? '')),
                )}`,
            )
            .join('\n')}`,
      )
      .join('\n');
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
  th { background: #eee; }
  .empty { text-align: center; color: #666; }
  .note { font-size: 9pt; color: #444; }
</style></head><body>
<h1>${escape(title)}</h1>
<p class="meta">数据截至 ${escape(snapshot.asOf)}（北京时间）\u3000快照第 ${snapshot.version} 版\u3000生成于 ${escape(beijingDay(new Date(snapshot.createdAt)))}</p>
<p class="meta">${escape(compared)}</p>
<h2>一、总体进度</h2>
${table(
  ['范围', '指标', '完成/应完成', '完成率', '目标', '时限', '是否达标', '较上季度'],
  headline.map((h) => [
    h.group,
    h.metric,
    `${h.numerator}/${h.denominator}`,
    h.rate,
    h.target,
    h.deadline,
    h.met,
    h.change,
  ]),
)}
<h2>二、分河流、分乡镇进度</h2>
${table(
  ['维度', '名称', ...METRICS.map((m) => PROGRESS_METRIC_LABELS[m].zh)],
  groups.map((g) => [
    DIMENSION_LABELS[g.dimension],
    g.label,
    ...METRICS.map(
      (m) => `${pct(g.metrics[m].rate)}（${g.metrics[m].numerator}/${g.metrics[m].denominator}）`,
    ),
  ]),
)}
<h2>三、进度研判（按近两个季度进度推算）</h2>
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
<h2>四、进度滞后的单位和乡镇</h2>
${table(
  ['维度', '名称', '指标', '时限', '目标', '当前', '预计', '研判'],
  behind.map((r) => [
    DIMENSION_LABELS[r.dimension],
    r.label,
    PROGRESS_METRIC_LABELS[r.metric].zh,
    r.deadline,
    pct(r.target),
    pct(r.rate),
    pct(r.projected),
    FORECAST_STATUS_LABELS[r.status].zh,
  ]),
)}
<h2>五、逾期事项</h2>
<p>逾期未完成整治方案 ${data.overdue.plans.total} 个，逾期未完成溯源排污口 ${data.overdue.untraced.total} 个。</p>
${table(
  ['排污口编码', '名称', '乡镇（街道）', '责任单位', '时限', '逾期天数'],
  data.overdue.plans.items.map((p) => [p.localCode, p.name, p.township, p.unit, p.deadline, p.daysOverdue]),
)}
<h2>六、四项台账</h2>
${table(['现场排查台账', '水质监测台账', '溯源结果台账', '整改措施台账'], [[data.ledgers.investigation, data.ledgers.waterQuality, data.ledgers.tracing, data.ledgers.rectification]])}
<h2>七、历史补录</h2>
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
