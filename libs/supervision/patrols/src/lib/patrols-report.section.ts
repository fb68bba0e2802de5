import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DispatchReportContext, DispatchReportSections, DispatchReportTable } from '@outfall/progress';
import { PATROL_FINDING_KIND_LABELS, zhLabel } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { PatrolsService } from './patrols.service';

/** The first day of a quarter such as `2025Q3`. */
export function quarterStart(quarter: string): string {
  const match = /^(\d{4})Q([1-4])$/.exec(quarter);
  if (!match) throw new Error(`not a quarter: ${quarter}`);
  return `${match[1]}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
}

/**
 * The patrol section of the quarterly dispatch report (长效监管巡查): patrols done in the quarter per unit,
 * overdue outfalls per unit as of the report's day, and the quarter's findings — only what was recorded by
 * the snapshot's instant.
 */
@Injectable()
export class PatrolsReportSection implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly sections: DispatchReportSections,
    private readonly patrols: PatrolsService,
  ) {}

  onModuleInit(): void {
    this.sections.register({
      key: 'patrols',
      order: 40,
      heading: '长效监管巡查',
      load: (context) => this.load(context),
    });
  }

  async load(context: DispatchReportContext): Promise<DispatchReportTable[]> {
    const from = quarterStart(context.quarter);
    const done = await this.dataSource.query<
      { unit: string; patrols: number; outfalls: number; findings: number; flagged: number }[]
    >(
      `SELECT u.name AS unit, count(*)::int AS patrols, count(DISTINCT p.outfall_id)::int AS outfalls,
              coalesce(sum(p.finding_count), 0)::int AS findings,
              count(*) FILTER (WHERE p.distance_flagged)::int AS flagged
         FROM patrol p JOIN unit u ON u.id = p.unit_id
        WHERE p.patrol_day BETWEEN CAST($1 AS date) AND CAST($2 AS date) AND p.created_at <= $3
        GROUP BY u.name ORDER BY patrols DESC, u.name`,
      [from, context.asOf, context.computedAt],
    );
    const overdue = (
      await this.patrols.overdueByUnit(null, { asOf: context.asOf, computedAt: context.computedAt })
    ).map((g) => ({ unit: g.unitName ?? '（无责任单位）', outfalls: g.outfalls, overdue: g.overdue }));
    const findings = await this.dataSource.query<
      { code: string; name: string; day: string; kind: string; description: string; plan: boolean }[]
    >(
      `SELECT o.local_code AS code, o.name, to_char(p.patrol_day, 'YYYY-MM-DD') AS day, f.kind, f.description,
              f.remediation_plan_id IS NOT NULL AS plan
         FROM patrol_finding f JOIN patrol p ON p.id = f.patrol_id JOIN outfall o ON o.id = p.outfall_id
        WHERE p.patrol_day BETWEEN CAST($1 AS date) AND CAST($2 AS date) AND f.created_at <= $3
        ORDER BY p.patrol_day, o.local_code`,
      [from, context.asOf, context.computedAt],
    );
    const total = done.reduce((sum, r) => sum + r.patrols, 0);
    const overdueTotal = overdue.reduce((sum, r) => sum + r.overdue, 0);
    return [
      {
        title: '本季度巡查',
        summary: `${from} 至 ${context.asOf} 共巡查 ${total} 次`,
        columns: [
          ['责任单位', 'unit', 28],
          ['巡查次数', 'patrols', 10],
          ['巡查排污口数', 'outfalls', 12],
          ['发现问题数', 'findings', 10],
          ['定位超距次数', 'flagged', 12],
        ],
        rows: done,
      },
      {
        title: '逾期未巡查',
        summary: `截至 ${context.asOf} 逾期未巡查 ${overdueTotal} 个`,
        columns: [
          ['责任单位', 'unit', 28],
          ['负责排污口数', 'outfalls', 12],
          ['逾期未巡查数', 'overdue', 12],
        ],
        rows: overdue,
      },
      {
        title: '巡查发现问题',
        summary: `本季度发现问题 ${findings.length} 个`,
        columns: [
          ['排污口编码', 'code', 18],
          ['排污口名称', 'name', 24],
          ['巡查日期', 'day', 12],
          ['问题类型', 'kind', 18],
          ['问题描述', 'description', 40],
          ['已建整治方案', 'plan', 12],
        ],
        rows: findings.map((f) => ({
          ...f,
          kind: zhLabel(PATROL_FINDING_KIND_LABELS, f.kind),
          plan: f.plan ? '是' : '否',
        })),
      },
    ];
  }
}
