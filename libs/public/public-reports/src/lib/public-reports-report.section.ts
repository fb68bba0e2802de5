import { Injectable, OnModuleInit } from '@nestjs/common';
import { AssessmentInputs, InputValue } from '@outfall/submissions';
import {
  DispatchReportContext,
  DispatchReportSections,
  DispatchReportTable,
  parseQuarter,
  quarterEnd,
  REPORT_NUM_FMT,
} from '@outfall/progress';
import { ASSESSMENT_INPUT_LABELS, AssessmentInputKey, beijingTodayOf } from './public-reports.shared';
import { PublicReportsService, ReportCountRow } from './public-reports.service';

const quarterStart = (quarter: string) => {
  const q = parseQuarter(quarter);
  return q ? `${q.year}-${String((q.q - 1) * 3 + 1).padStart(2, '0')}-01` : null;
};

/**
 * Public reports in the quarterly dispatch report (order 50: received, outcomes, handled on time, overdue, per
 * township and per unit) and as the assessment input `publicReports` (share of due reports handled by their
 * deadline, per assigned unit).
 */
@Injectable()
export class PublicReportsFigures implements OnModuleInit {
  constructor(
    private readonly sections: DispatchReportSections,
    private readonly inputs: AssessmentInputs,
    private readonly reports: PublicReportsService,
  ) {}

  onModuleInit(): void {
    this.sections.register({
      key: 'public-reports',
      order: 50,
      heading: '公众举报',
      load: (context) => this.load(context),
    });
    this.inputs.register({
      key: AssessmentInputKey.PublicReports,
      label: ASSESSMENT_INPUT_LABELS[AssessmentInputKey.PublicReports].zh,
      load: (quarter) => this.assessment(quarter),
    });
  }

  /** Per assigned unit: reports due by the quarter's end (or today) handled by their deadline; none due → n/a. */
  async assessment(quarter: string): Promise<Map<string, InputValue>> {
    const from = quarterStart(quarter);
    const q = parseQuarter(quarter);
    if (!from || !q) return new Map();
    const end = quarterEnd(q);
    const today = beijingTodayOf();
    const to = end < today ? end : today;
    const rows = await this.reports.counts(from, to);
    const byUnit = new Map<string, { due: number; onTime: number; overdue: number }>();
    for (const r of rows) {
      if (!r.unitId) continue;
      const u = byUnit.get(r.unitId) ?? { due: 0, onTime: 0, overdue: 0 };
      u.due += r.due;
      u.onTime += r.onTime;
      u.overdue += r.overdue;
      byUnit.set(r.unitId, u);
    }
    const out = new Map<string, InputValue>();
    for (const [unitId, u] of byUnit)
      if (u.due) out.set(unitId, { value: u.onTime / u.due, detail: { asOf: to, ...u } });
    return out;
  }

  async load(context: DispatchReportContext): Promise<DispatchReportTable[]> {
    const from = quarterStart(context.quarter) ?? context.asOf;
    const rows = await this.reports.counts(from, context.asOf, context.computedAt);
    const sum = (list: ReportCountRow[], key: string, label: string) => {
      const out: Record<string, unknown> = { name: label };
      for (const k of [
        'received',
        'valid',
        'invalid',
        'duplicate',
        'open',
        'due',
        'onTime',
        'overdue',
      ] as const)
        out[k] = list.reduce((s, r) => s + r[k], 0);
      out['rate'] = (out['due'] as number) ? (out['onTime'] as number) / (out['due'] as number) : null;
      out['key'] = key;
      return out;
    };
    const group = (keyOf: (r: ReportCountRow) => string, labelOf: (r: ReportCountRow) => string) => {
      const groups = new Map<string, ReportCountRow[]>();
      const labels = new Map<string, string>();
      for (const r of rows) {
        const key = keyOf(r);
        groups.set(key, [...(groups.get(key) ?? []), r]);
        labels.set(key, labelOf(r));
      }
      return [...groups.entries()].map(([key, list]) => sum(list, key, labels.get(key) as string));
    };
    const total = sum(rows, 'total', '合计');
    const columns = (first: string): DispatchReportTable['columns'] => [
      [first, 'name', 18],
      ['收到', 'received', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['属实', 'valid', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['不属实', 'invalid', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['重复', 'duplicate', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['未办结', 'open', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['已到期', 'due', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['按期办结', 'onTime', 10, { numFmt: REPORT_NUM_FMT.integer }],
      ['逾期', 'overdue', 8, { numFmt: REPORT_NUM_FMT.integer }],
      ['按期办结率', 'rate', 12, { numFmt: REPORT_NUM_FMT.percent }],
    ];
    const summary = `${from} 至 ${context.asOf}：收到公众举报 ${total['received'] as number} 件，属实 ${total['valid'] as number} 件，不属实 ${total['invalid'] as number} 件，重复 ${total['duplicate'] as number} 件，逾期未办结 ${total['overdue'] as number} 件`;
    const highlights = (total['overdue'] as number)
      ? [`公众举报逾期未按期办结 ${total['overdue'] as number} 件`]
      : [];
    return [
      {
        title: '公众举报（按乡镇）',
        summary,
        columns: columns('乡镇（街道）'),
        rows: [
          ...group(
            (r) => r.divisionId ?? '-',
            (r) => r.township ?? '未定位到乡镇',
          ),
          total,
        ],
        highlights,
      },
      {
        title: '公众举报（按承办单位）',
        summary: `按期办结：答复期限在 ${context.asOf} 前（含）且在期限内办结；逾期：期限已过仍未办结或超期办结`,
        columns: columns('承办单位'),
        rows: [
          ...group(
            (r) => r.unitId ?? '-',
            (r) => r.unit ?? '未分派',
          ),
          total,
        ],
      },
    ];
  }
}
