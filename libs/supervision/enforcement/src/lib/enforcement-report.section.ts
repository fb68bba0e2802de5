import { Injectable, OnModuleInit } from '@nestjs/common';
import { DispatchReportContext, DispatchReportSections, DispatchReportTable } from '@outfall/progress';
import { CASE_STATUS_LABELS, CaseStatus, VIOLATION_KIND_LABELS, ViolationKind } from '@outfall/shared-types';
import { EnforcementService } from './enforcement.service';

/** The enforcement section of the quarterly dispatch report: cases per township by kind and by status, overdue. */
@Injectable()
export class EnforcementReportSection implements OnModuleInit {
  constructor(
    private readonly sections: DispatchReportSections,
    private readonly cases: EnforcementService,
  ) {}

  onModuleInit(): void {
    this.sections.register({
      key: 'enforcement',
      order: 30,
      heading: '执法监管',
      load: (context) => this.load(context),
    });
  }

  async load(context: DispatchReportContext): Promise<DispatchReportTable[]> {
    const counts = await this.cases.countsAsOf(context.asOf, context.computedAt);
    const townships = new Map<string, Record<string, unknown>>();
    const row = (name: string) => {
      let found = townships.get(name);
      if (!found) {
        found = { township: name, total: 0, overdue: 0 };
        for (const k of Object.values(ViolationKind)) found[k] = 0;
        for (const s of Object.values(CaseStatus)) found[s] = 0;
        townships.set(name, found);
      }
      return found;
    };
    const total = row('合计');
    for (const c of counts) {
      for (const target of [row(c.township), total]) {
        target[c.kind] = (target[c.kind] as number) + c.count;
        target[c.status] = (target[c.status] as number) + c.count;
        target.total = (target.total as number) + c.count;
        target.overdue = (target.overdue as number) + c.overdue;
      }
    }
    townships.delete('合计');
    const rows = [...townships.values(), total];
    const open = counts
      .filter((c) => c.status !== CaseStatus.Closed && c.status !== CaseStatus.Dismissed)
      .reduce((sum, c) => sum + c.count, 0);
    const summary = `截至 ${context.asOf}：执法案件 ${total.total as number} 件，未结 ${open} 件，整改逾期 ${total.overdue as number} 件`;
    return [
      {
        title: '执法案件（按违法类型）',
        summary,
        columns: [
          ['乡镇（街道）', 'township', 14],
          ...Object.values(ViolationKind).map(
            (k) => [VIOLATION_KIND_LABELS[k].zh, k, 12] as [string, string, number],
          ),
          ['合计', 'total', 8],
        ],
        rows,
      },
      {
        title: '执法案件（按办理状态）',
        summary: `整改逾期：整改期限早于 ${context.asOf} 且未结案`,
        columns: [
          ['乡镇（街道）', 'township', 14],
          ...Object.values(CaseStatus).map(
            (s) => [CASE_STATUS_LABELS[s].zh, s, 10] as [string, string, number],
          ),
          ['合计', 'total', 8],
          ['整改逾期', 'overdue', 10],
        ],
        rows,
      },
    ];
  }
}
