import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday } from '@outfall/common';
import { addDays } from '@outfall/patrols';
import { DataSource } from 'typeorm';

/** [outfall index, days before today, metres east of the outfall, finding kind, finding text]. */
const VISITS: [number, number, number, string | null, string | null][] = [
  [0, 3, 25, null, null],
  [0, 40, 18, 'sign_missing', '示例数据：标识牌褪色，二维码无法识别'],
  [1, 5, 40, null, null],
  [2, 9, 350, 'abnormal_discharge', '示例数据：排水呈灰黑色，有异味'],
  [3, 12, 12, null, null],
  [4, 20, 60, 'new_pipe', '示例数据：排污口上游约 50 米处新增一根管道'],
  [5, 45, 30, null, null],
  [6, 70, 15, 'facility_damaged', '示例数据：排污口护坡破损'],
  [7, 100, 22, null, null],
];

/**
 * Synthetic patrols for the demo: the schedules derive from the rules for every demo outfall; a few outfalls
 * get patrols at days relative to today (some on time, some long ago and so overdue; one GPS point beyond the
 * distance limit) with findings. Runs only when no demo patrol exists.
 */
@Injectable()
export class PatrolsDemoSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<{ patrols: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM patrol WHERE demo) AS any`,
    );
    if (any) return { patrols: 0 };
    const outfalls = await this.dataSource.query<
      { id: string; longitude: number; latitude: number; discovered: string }[]
    >(
      `SELECT id, longitude, latitude, to_char(discovered_on, 'YYYY-MM-DD') AS discovered FROM outfall
        WHERE demo AND status = 'active' ORDER BY local_code LIMIT 8`,
    );
    const [config] = await this.dataSource.query<{ limit: number }[]>(
      `SELECT distance_limit_m AS limit FROM patrol_config WHERE id = 1`,
    );
    const distanceLimitM = config?.limit ?? 200;
    const today = beijingToday();
    let count = 0;
    await this.dataSource.transaction(async (em) => {
      for (const [index, daysAgo, east, kind, text] of VISITS) {
        const outfall = outfalls[index];
        if (!outfall) continue;
        const day = addDays(today, -daysAgo);
        if (day < outfall.discovered) continue;
        // the outfall's responsible unit, as PatrolsService.responsibleUnitOf derives it
        const [unit] = await em.query<{ id: string | null }[]>(
          `SELECT coalesce(
              (SELECT rp.responsible_unit_id FROM remediation_plan rp WHERE rp.outfall_id = o.id),
              (SELECT u.id FROM unit u JOIN division ud ON ud.id = u.division_id
                WHERE u.kind = 'township' AND (d.path = ud.path OR d.path LIKE ud.path || '/%')
                ORDER BY length(ud.path) DESC, u.name LIMIT 1)) AS id
             FROM outfall o JOIN division d ON d.id = o.division_id WHERE o.id = $1`,
          [outfall.id],
        );
        const unitId = unit?.id;
        if (!unitId) continue;
        // metres east → degrees of longitude at this latitude
        const longitude = outfall.longitude + east / (111_320 * Math.cos((outfall.latitude * Math.PI) / 180));
        const [patrol] = await em.query<{ id: string }[]>(
          `INSERT INTO patrol (outfall_id, unit_id, recorded_by, patroller_names, patrolled_at, patrol_day, longitude,
                               latitude, distance_m, distance_limit_m, distance_flagged, sign_intact, discharging,
                               colour_abnormal, odour_abnormal, flow_estimate, new_pipes_nearby, notes, finding_count,
                               demo, version)
           SELECT $1, $2, '演示数据', '示例巡查员', (CAST($3 AS date) + time '10:00') AT TIME ZONE 'Asia/Shanghai', CAST($3 AS date),
                  $4, $5, round(d::numeric, 1), CAST($6 AS int), d > CAST($6 AS int), $7, $8, $9, $9, $10, $11, '示例数据', $12, true, 1
             FROM (SELECT ST_Distance(ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, o.location::geography) AS d
                     FROM outfall o WHERE o.id = $1) x
           RETURNING id`,
          [
            outfall.id,
            unitId,
            day,
            longitude,
            outfall.latitude,
            distanceLimitM,
            kind !== 'sign_missing',
            index % 2 === 0,
            kind === 'abnormal_discharge',
            kind === 'abnormal_discharge' ? 'medium' : index % 2 === 0 ? 'small' : 'none',
            kind === 'new_pipe',
            kind ? 1 : 0,
          ],
        );
        if (kind)
          await em.query(`INSERT INTO patrol_finding (patrol_id, kind, description) VALUES ($1, $2, $3)`, [
            patrol.id,
            kind,
            text,
          ]);
        count++;
      }
    });
    return { patrols: count };
  }
}
