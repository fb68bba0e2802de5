import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday, Principal } from '@outfall/common';
import { addDays, PermitsService, SchedulesService } from '@outfall/permits';
import { MonitoringFrequency } from '@outfall/shared-types';
import { DataSource } from 'typeorm';

const SYSTEM: Principal = {
  kind: 'user',
  id: 'seed',
  name: 'demo seed',
  unitId: null,
  role: null,
  apiKeyScope: null,
  permissions: [],
  jurisdiction: { cityWide: true, divisionId: null, divisionPath: null },
  sectorCategories: [],
};

/**
 * Synthetic demo data for the permits domain: a few permits of the demo industrial and WWTP entities (one
 * expiring within 90 days, one expired), their DW outlets on the entities' outfalls with quarterly and
 * monthly duties (the demo samples leave some periods empty: non-receipt findings), and a few monitoring
 * schedules by the outfalls' township units. Runs once (skips when a demo permit exists); through the
 * services, so every rule and the audit apply.
 */
@Injectable()
export class PermitsDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly permits: PermitsService,
    private readonly schedules: SchedulesService,
  ) {}

  async run(): Promise<void> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM discharge_permit WHERE demo) OR EXISTS (SELECT 1 FROM monitoring_schedule WHERE demo) AS any`,
    );
    if (any) return;
    const holders = await this.dataSource.query<
      { entity_id: string; credit_code: string; outfall_id: string; category: string }[]
    >(
      `SELECT DISTINCT ON (e.id) e.id AS entity_id, e.credit_code, o.id AS outfall_id, o.category
         FROM outfall o
         JOIN outfall_entity l ON l.outfall_id = o.id AND l.is_main AND NOT l.is_fallback
         JOIN responsible_entity e ON e.id = l.entity_id AND e.credit_code IS NOT NULL
        WHERE o.demo AND o.status = 'active' AND o.category IN ('industrial', 'urban_wwtp')
          AND EXISTS (SELECT 1 FROM sample s WHERE s.outfall_id = o.id)
        ORDER BY e.id, o.local_code
        LIMIT 40`,
    );
    holders.sort((a, b) => a.credit_code.localeCompare(b.credit_code));
    const today = beijingToday();
    const validity = [
      { from: '2023-07-01', to: '2028-06-30' },
      { from: '2023-07-01', to: addDays(today, 45) }, // expiring
      { from: '2021-01-01', to: '2025-09-30' }, // expired (when the demo runs after 2025-09)
      { from: '2024-01-01', to: '2029-12-31' },
      { from: '2024-01-01', to: addDays(today, 80) }, // expiring
      { from: '2023-10-01', to: '2028-09-30' },
    ];
    for (const [i, holder] of holders.slice(0, validity.length).entries()) {
      const wwtp = holder.category === 'urban_wwtp';
      const permit = await this.permits.create(SYSTEM, {
        permitNumber: `${holder.credit_code}001P`,
        entityId: holder.entity_id,
        issuingAuthority: '昌吉回族自治州生态环境局（示例）',
        validFrom: validity[i].from,
        validTo: validity[i].to,
        notes: '合成演示数据',
        outlets: [
          {
            code: 'DW001',
            name: wwtp ? '污水处理厂总排口' : '废水总排口',
            outfallId: holder.outfall_id,
            duties: [
              { indicatorCode: 'cod', frequency: MonitoringFrequency.Quarterly },
              { indicatorCode: 'nh3n', frequency: MonitoringFrequency.Quarterly },
              {
                indicatorCode: 'tp',
                frequency: i % 2 ? MonitoringFrequency.HalfYearly : MonitoringFrequency.Yearly,
              },
            ],
          },
        ],
      });
      await this.dataSource.query(`UPDATE discharge_permit SET demo = true WHERE id = $1`, [permit.id]);
    }
    const scheduled = await this.dataSource.query<{ outfall_id: string; unit_id: string }[]>(
      `SELECT o.id AS outfall_id, u.id AS unit_id
         FROM outfall o
         JOIN division d ON d.id = o.division_id
         JOIN unit u ON u.division_id = d.id AND u.kind = 'township'
        WHERE o.demo AND o.status = 'active' AND o.category IN ('agricultural', 'other')
          AND EXISTS (SELECT 1 FROM sample s WHERE s.outfall_id = o.id)
        ORDER BY o.local_code
        LIMIT 4`,
    );
    for (const [i, row] of scheduled.entries()) {
      const schedule = await this.schedules.create(SYSTEM, {
        outfallId: row.outfall_id,
        unitId: row.unit_id,
        frequency: i % 2 ? MonitoringFrequency.HalfYearly : MonitoringFrequency.Quarterly,
        startOn: '2024-04-01',
        indicatorCodes: i === 0 ? ['cod', 'nh3n'] : [],
        notes: '合成演示数据：乡镇（街道）按计划采样',
      });
      await this.dataSource.query(`UPDATE monitoring_schedule SET demo = true WHERE id = $1`, [schedule.id]);
    }
  }
}
