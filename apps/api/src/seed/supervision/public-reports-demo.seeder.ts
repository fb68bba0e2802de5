import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday } from '@outfall/common';
import { addDays } from '@outfall/progress';
import { PublicReportOutcome, PublicReportStatus } from '@outfall/public-reports';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';

interface DemoReport {
  daysAgo: number;
  description: string;
  contact: string | null;
  /** Days after receipt it was assigned, and the deadline's days after the assignment. */
  assigned?: [number, number];
  /** Days after receipt the outcome was recorded. */
  closed?: { after: number; outcome: PublicReportOutcome; reply: string; linkOutfall?: boolean };
}

const REPORTS: DemoReport[] = [
  { daysAgo: 1, description: '示例数据：河边有一根水泥管在往河里排浑水，有异味', contact: null },
  {
    daysAgo: 6,
    description: '示例数据：夜间有罐车在河道旁倾倒污水',
    contact: '138****0001',
    assigned: [1, 15],
  },
  {
    daysAgo: 30,
    description: '示例数据：排口附近水面发黑，有死鱼',
    contact: null,
    // past its deadline and still open: overdue
    assigned: [2, 10],
  },
  {
    daysAgo: 40,
    description: '示例数据：发现一处未挂牌的排污口正在排水',
    contact: '139****0002',
    assigned: [1, 15],
    closed: {
      after: 12,
      outcome: PublicReportOutcome.Valid,
      reply: '经核查举报属实，该排口已纳入排查整治台账，责令限期设立标志牌。感谢您的监督！',
      linkOutfall: true,
    },
  },
  {
    daysAgo: 25,
    description: '示例数据：路边沟渠有白色泡沫',
    contact: null,
    assigned: [1, 15],
    closed: {
      after: 9,
      outcome: PublicReportOutcome.Invalid,
      reply: '经现场核查，该处为雨水排口，泡沫系降雨冲刷路面所致，未发现违法排污。',
    },
  },
];

/**
 * Synthetic public reports near demo outfalls, one per state: received, assigned, overdue, closed valid (linked
 * to the outfall), closed invalid. Written directly (no proof of work); their secrets are random and unknown.
 * Reports are assigned to the outfall's township unit, except in 六工镇 (the water bureau takes those).
 */
@Injectable()
export class PublicReportsDemoSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<{ reports: number }> {
    const [any] = await this.dataSource.query(`SELECT 1 FROM public_report LIMIT 1`);
    if (any) return { reports: 0 };
    const outfalls = await this.dataSource.query<
      { id: string; longitude: number; latitude: number; division_id: string; unit_id: string | null }[]
    >(
      `SELECT o.id, o.longitude, o.latitude, o.division_id,
              (SELECT u.id FROM unit u JOIN division d ON d.id = u.division_id
                WHERE u.division_id = o.division_id AND u.kind = 'township' AND d.name <> '六工镇' LIMIT 1) AS unit_id
         FROM outfall o WHERE o.demo AND o.status = 'active' ORDER BY o.local_code LIMIT $1`,
      [REPORTS.length],
    );
    if (!outfalls.length) return { reports: 0 };
    const [water] = await this.dataSource.query<{ id: string }[]>(
      `SELECT id FROM unit WHERE kind = 'water_bureau' LIMIT 1`,
    );
    const today = beijingToday();
    const perDay = new Map<string, number>();
    await this.dataSource.transaction(async (em) => {
      for (const [i, r] of REPORTS.slice(0, outfalls.length).entries()) {
        const o = outfalls[i];
        const receivedOn = addDays(today, -r.daysAgo);
        const n = (perDay.get(receivedOn) ?? 0) + 1;
        perDay.set(receivedOn, n);
        const trackingNo = `JB-${receivedOn.replace(/-/g, '')}-${String(n).padStart(4, '0')}`;
        const lon = Number(o.longitude) + 0.0008;
        const lat = Number(o.latitude) + 0.0005;
        const assignedOn = r.assigned ? addDays(receivedOn, r.assigned[0]) : null;
        const dueOn = r.assigned && assignedOn ? addDays(assignedOn, r.assigned[1]) : null;
        const closedOn = r.closed ? addDays(receivedOn, r.closed.after) : null;
        const status = r.closed
          ? PublicReportStatus.Closed
          : r.assigned
            ? PublicReportStatus.Assigned
            : PublicReportStatus.Received;
        const unitId = r.assigned ? (o.unit_id ?? water?.id ?? null) : null;
        const [{ id }] = await em.query<{ id: string }[]>(
          `INSERT INTO public_report (tracking_no, secret_hash, longitude, latitude, location, division_id, description,
                                      contact, status, received_on, assigned_unit_id, assigned_on, due_on, outcome,
                                      public_reply, closed_on, outfall_id, demo, version)
           VALUES ($1, $2, $3, $4, ST_SetSRID(ST_MakePoint($3, $4), 4326), $5, $6, $7, $8, $9, $10, $11, $12, $13,
                   $14, $15, $16, true, 1)
           RETURNING id`,
          [
            trackingNo,
            createHash('sha256').update(randomBytes(18)).digest('hex'),
            lon,
            lat,
            o.division_id,
            r.description,
            r.contact,
            status,
            receivedOn,
            unitId,
            assignedOn,
            dueOn,
            r.closed?.outcome ?? null,
            r.closed?.reply ?? null,
            closedOn,
            r.closed?.linkOutfall ? o.id : null,
          ],
        );
        const events: [string, string, string][] = [['received', receivedOn, '举报已受理，等待分派']];
        if (assignedOn && dueOn) events.push(['assign', assignedOn, `已转交责任单位办理，答复期限 ${dueOn}`]);
        if (r.closed && closedOn) events.push(['outcome', closedOn, r.closed.reply]);
        for (const [action, on, text] of events)
          await em.query(
            `INSERT INTO public_report_event (report_id, action, "on", public_text, actor_name, at)
             VALUES ($1, $2, $3, $4, '示例数据', ($3::date + time '10:00') AT TIME ZONE 'Asia/Shanghai')`,
            [id, action, on, text],
          );
      }
    });
    return { reports: Math.min(REPORTS.length, outfalls.length) };
  }
}
