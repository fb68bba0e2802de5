import { Injectable, OnModuleInit } from '@nestjs/common';
import { DispatchReportContext, DispatchReportSections, DispatchReportTable } from '@outfall/progress';
import { FindingsService } from './findings/findings.service';
import { PermitsService } from './permits/permits.service';

/**
 * The dispatch report's permits section (排污许可与自行监测): permits expired or expiring as of the report's
 * day, and the missing-data findings per township, counting periods ended by that day and records made by
 * the snapshot's computation.
 */
@Injectable()
export class PermitsReportSection implements OnModuleInit {
  constructor(
    private readonly sections: DispatchReportSections,
    private readonly permits: PermitsService,
    private readonly findings: FindingsService,
  ) {}

  onModuleInit(): void {
    this.sections.register({
      key: 'permits',
      order: 20,
      heading: '排污许可与自行监测',
      load: (context) => this.load(context),
    });
  }

  async load(context: DispatchReportContext): Promise<DispatchReportTable[]> {
    const days = this.permits.expiringDays();
    const permits = await this.permits.expiringAsOf(context.asOf, context.computedAt, days);
    const expired = permits.filter((p) => p.daysLeft < 0).length;
    const townships = await this.findings.byTownship({
      lastDay: context.asOf,
      recordedBy: context.computedAt,
    });
    const nonReceipt = townships.reduce((sum, t) => sum + t.nonReceipt, 0);
    const missed = townships.reduce((sum, t) => sum + t.missedSample, 0);
    return [
      {
        title: '排污许可证到期预警',
        summary: `截至 ${context.asOf}：已过期 ${expired} 张，${days} 天内到期 ${permits.length - expired} 张`,
        columns: [
          ['排污许可证编号', 'permitNumber', 26],
          ['持证单位', 'entity', 28],
          ['乡镇（街道）', 'township', 14],
          ['发证机关', 'issuingAuthority', 22],
          ['有效期至', 'validTo', 12],
          ['状态', 'state', 10],
          ['排放口', 'outlets', 30],
        ],
        rows: permits.map((p) => ({
          ...p,
          state: p.daysLeft < 0 ? `已过期 ${-p.daysLeft} 天` : `剩余 ${p.daysLeft} 天`,
        })),
      },
      {
        title: '自行监测缺失（按乡镇）',
        summary: `截至 ${context.asOf}：未按要求自行监测 ${nonReceipt} 项，计划监测漏采 ${missed} 项`,
        columns: [
          ['乡镇（街道）', 'division', 14],
          ['未按要求自行监测（项）', 'nonReceipt', 22],
          ['计划监测漏采（项）', 'missedSample', 18],
          ['涉及排污口（个）', 'outfalls', 16],
          ['涉及持证单位（个）', 'entities', 18],
        ],
        rows: townships,
      },
    ];
  }
}
