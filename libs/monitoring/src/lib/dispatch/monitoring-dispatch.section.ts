import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AppConfig } from '@outfall/config';
import {
  DispatchReportContext,
  DispatchReportSections,
  DispatchReportTable,
  parseQuarter,
  REPORT_NUM_FMT,
} from '@outfall/progress';
import { OUTFALL_CATEGORY_LABELS } from '@outfall/shared-types';
import { DataSource } from 'typeorm';

const PERCENT = { numFmt: REPORT_NUM_FMT.percent };
const COUNT = { numFmt: REPORT_NUM_FMT.integer };
const CATEGORY = { labels: OUTFALL_CATEGORY_LABELS };

interface ExceedanceRow {
  township: string;
  category: string;
  outfalls: number;
  samples: number;
  exceeding: number;
  exceedingOutfalls: number;
  rate: number | null;
}

interface ChronicRow {
  localCode: string;
  name: string;
  township: string;
  category: string;
  water: string;
  recent: number;
  exceeding: number;
  lastSampledOn: string;
}

/**
 * The monitoring section of the quarterly dispatch report (监测超标): the quarter's samples and exceedances by
 * township and category, and the chronic exceeders (N of the last M samples up to the quarter's end exceed).
 * Registered from the monitoring lib so that progress does not depend on monitoring. Samples taken within the
 * quarter (Beijing days) and recorded no later than the snapshot was computed.
 */
@Injectable()
export class MonitoringDispatchSection implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly sections: DispatchReportSections,
  ) {}

  onModuleInit(): void {
    this.sections.register({
      key: 'monitoring',
      order: 10,
      heading: '监测超标情况',
      load: (context) => this.load(context),
    });
  }

  async load(context: DispatchReportContext): Promise<DispatchReportTable[]> {
    const quarter = parseQuarter(context.quarter);
    if (!quarter) return [];
    const from = `${quarter.year}-${String((quarter.q - 1) * 3 + 1).padStart(2, '0')}-01`;
    const count = this.config.CHRONIC_EXCEEDANCE_COUNT;
    const window = this.config.CHRONIC_EXCEEDANCE_WINDOW;
    // Beijing days: [from 00:00, asOf + 1 day 00:00) in Asia/Shanghai
    const start = `(($1::date)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const endOf = (param: string) => `(((${param}::date) + 1)::timestamp AT TIME ZONE 'Asia/Shanghai')`;
    const [byTownship, chronic] = await Promise.all([
      this.dataSource.query<ExceedanceRow[]>(
        `SELECT d.name AS township, o.category,
                count(DISTINCT o.id)::int AS outfalls, count(*)::int AS samples,
                count(*) FILTER (WHERE s.exceeding)::int AS exceeding,
                count(DISTINCT o.id) FILTER (WHERE s.exceeding)::int AS "exceedingOutfalls",
                round(count(*) FILTER (WHERE s.exceeding)::numeric / count(*), 4)::float8 AS rate
           FROM sample s JOIN outfall o ON o.id = s.outfall_id JOIN division d ON d.id = o.division_id
          WHERE s.sampled_at >= ${start} AND s.sampled_at < ${endOf('$2')} AND s.created_at <= $3
          GROUP BY d.name, o.category ORDER BY d.name, o.category`,
        [from, context.asOf, context.computedAt],
      ),
      this.dataSource.query<ChronicRow[]>(
        `WITH recent AS (
           SELECT s.outfall_id, s.exceeding, s.sampled_at,
                  row_number() OVER (PARTITION BY s.outfall_id ORDER BY s.sampled_at DESC, s.id) AS n
             FROM sample s
            WHERE s.sampled_at < ${endOf('$1')} AND s.created_at <= $2
         )
         SELECT o.local_code AS "localCode", o.name, d.name AS township, o.category, w.name AS water,
                count(*)::int AS recent, count(*) FILTER (WHERE r.exceeding)::int AS exceeding,
                to_char(max(r.sampled_at) AT TIME ZONE 'Asia/Shanghai', 'YYYY-MM-DD') AS "lastSampledOn"
           FROM recent r JOIN outfall o ON o.id = r.outfall_id
           JOIN division d ON d.id = o.division_id JOIN water_body w ON w.id = o.water_body_id
          WHERE r.n <= $3 AND o.status <> 'merged'
          GROUP BY o.id, o.local_code, o.name, d.name, o.category, w.name
         HAVING count(*) FILTER (WHERE r.exceeding) >= $4
          ORDER BY count(*) FILTER (WHERE r.exceeding) DESC, o.local_code`,
        [context.asOf, context.computedAt, window, count],
      ),
    ]);
    const samples = byTownship.reduce((sum, r) => sum + r.samples, 0);
    const exceeding = byTownship.reduce((sum, r) => sum + r.exceeding, 0);
    const rate = samples ? `${((exceeding / samples) * 100).toFixed(1)}%` : '—';
    const chronicNames = chronic
      .slice(0, 3)
      .map((c) => `${c.township}${c.name}（${c.localCode}）`)
      .join('、');
    const highlights = [
      samples
        ? `本季度监测样品 ${samples} 个，超标 ${exceeding} 个（超标率 ${rate}）。`
        : '本季度无监测样品。',
      chronic.length
        ? `长期超标排污口（最近 ${window} 次监测中至少 ${count} 次超标）${chronic.length} 个：${chronicNames}${chronic.length > 3 ? ' 等' : ''}。`
        : `无长期超标排污口（最近 ${window} 次监测中至少 ${count} 次超标）。`,
    ];
    return [
      {
        title: '监测超标（按乡镇和类别）',
        summary: `${from} 至 ${context.asOf}（本季度）：监测样品 ${samples} 个，超标 ${exceeding} 个，超标率 ${rate}`,
        columns: [
          ['乡镇（街道）', 'township', 14],
          ['排污口类别', 'category', 22, CATEGORY],
          ['监测排污口数', 'outfalls', 12, COUNT],
          ['监测样品数', 'samples', 12, COUNT],
          ['超标样品数', 'exceeding', 12, COUNT],
          ['超标排污口数', 'exceedingOutfalls', 12, COUNT],
          ['样品超标率', 'rate', 12, PERCENT],
        ],
        rows: byTownship as unknown as Record<string, unknown>[],
        highlights: [highlights[0]],
      },
      {
        title: '长期超标排污口',
        summary: `截至 ${context.asOf}，最近 ${window} 次监测中至少 ${count} 次超标的排污口 ${chronic.length} 个`,
        columns: [
          ['排污口编码', 'localCode', 16],
          ['排污口名称', 'name', 28],
          ['乡镇（街道）', 'township', 14],
          ['排污口类别', 'category', 22, CATEGORY],
          ['受纳水体', 'water', 14],
          ['最近监测次数', 'recent', 12, COUNT],
          ['其中超标次数', 'exceeding', 12, COUNT],
          ['最近监测日期', 'lastSampledOn', 14],
        ],
        rows: chronic as unknown as Record<string, unknown>[],
        highlights: [highlights[1]],
      },
    ];
  }
}
