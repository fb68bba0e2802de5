import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingDay } from '@outfall/common';
import { CaseOrigin, CaseSource, CaseStatus, ViolationKind } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';

const addDays = (day: string, days: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};

interface DemoCase {
  kind: ViolationKind;
  kindOther?: string;
  source: CaseSource;
  description: string;
  registeredOn: string;
  /** [action, to status, day, note] after the opening. */
  steps: [string, CaseStatus, string, string | null][];
  legalBasis?: string;
  penalty?: { amount: number; documentNo: string; on: string };
  rectification?: { order: string; on: string; deadline: string };
  closed?: { on: string; note: string };
}

const LAW_OUTFALL = '《中华人民共和国水污染防治法》第二十二条、第八十四条';
const LAW_STANDARD = '《中华人民共和国水污染防治法》第十条、第八十三条';

const CASES: DemoCase[] = [
  {
    kind: ViolationKind.IllegalOutfall,
    source: CaseSource.Inspection,
    description: '示例数据：现场检查发现未经批准设置的排污口，正在排放生产废水',
    registeredOn: '2024-05-10',
    legalBasis: LAW_OUTFALL,
    steps: [
      ['investigate', CaseStatus.Investigating, '2024-05-15', null],
      ['decide_penalty', CaseStatus.PenaltyDecided, '2024-06-20', null],
      ['order_rectification', CaseStatus.Rectifying, '2024-06-20', null],
      ['close', CaseStatus.Closed, '2024-10-15', '已拆除排污口并恢复原状，复查合格'],
    ],
    penalty: { amount: 50000, documentNo: '昌环罚〔2024〕7号', on: '2024-06-20' },
    rectification: { order: '责令拆除违法设置的排污口', on: '2024-06-20', deadline: '2024-09-30' },
    closed: { on: '2024-10-15', note: '已拆除排污口并恢复原状，复查合格' },
  },
  {
    kind: ViolationKind.NoSignage,
    source: CaseSource.Inspection,
    description: '示例数据：排污口未按规定树标立牌',
    registeredOn: '2025-03-03',
    legalBasis: '《入河排污口监督管理办法》第二十条',
    steps: [
      ['investigate', CaseStatus.Investigating, '2025-03-05', null],
      ['order_rectification', CaseStatus.Rectifying, '2025-03-20', null],
    ],
    // past its deadline and not closed: overdue
    rectification: { order: '责令限期设置排污口标志牌', on: '2025-03-20', deadline: '2025-06-30' },
  },
  {
    kind: ViolationKind.HiddenPipe,
    source: CaseSource.PublicReport,
    description: '示例数据：群众举报企业通过他人排污口私设暗管排放废水',
    registeredOn: '2025-08-01',
    legalBasis: LAW_OUTFALL,
    steps: [
      ['investigate', CaseStatus.Investigating, '2025-08-04', null],
      ['decide_penalty', CaseStatus.PenaltyDecided, '2025-09-15', null],
    ],
    penalty: { amount: 100000, documentNo: '昌环罚〔2025〕15号', on: '2025-09-15' },
  },
  {
    kind: ViolationKind.BorrowedDischarge,
    source: CaseSource.UnitReport,
    description: '示例数据：排污单位举报相邻企业借道其排污口排放，并提交了照片证据',
    registeredOn: '2025-10-10',
    steps: [],
  },
  {
    kind: ViolationKind.RefusingInspection,
    source: CaseSource.Inspection,
    description: '示例数据：现场检查时企业拒绝执法人员进入',
    registeredOn: '2025-03-28',
    steps: [['dismiss', CaseStatus.Dismissed, '2025-04-02', '经核实为门卫误解，企业已配合检查，撤销立案']],
    closed: { on: '2025-04-02', note: '经核实为门卫误解，企业已配合检查，撤销立案' },
  },
  {
    kind: ViolationKind.Other,
    kindOther: '排污口周边堆放固体废物',
    source: CaseSource.Inspection,
    description: '示例数据：排污口旁堆放工业固体废物，雨天随径流入河',
    registeredOn: '2025-11-05',
    steps: [['investigate', CaseStatus.Investigating, '2025-11-10', null]],
  },
];

/**
 * Synthetic enforcement cases on demo outfalls: one per state (registered, investigating, penalty decided,
 * rectifying and overdue, closed, dismissed) and one opened from the first demo exceedance. Written directly
 * with their timeline; deterministic; runs only when no case exists.
 */
@Injectable()
export class EnforcementDemoSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<{ cases: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM enforcement_case) AS any`,
    );
    if (any) return { cases: 0 };
    const outfalls = await this.dataSource.query<{ id: string; entity_id: string | null }[]>(
      `SELECT o.id, (SELECT l.entity_id FROM outfall_entity l WHERE l.outfall_id = o.id ORDER BY l.is_main DESC LIMIT 1) AS entity_id
         FROM outfall o WHERE o.demo AND o.status = 'active' AND o.category = 'industrial'
        ORDER BY o.local_code LIMIT $1`,
      [CASES.length],
    );
    const [exceedance] = await this.dataSource.query<
      {
        sample_id: string;
        indicator_code: string;
        outfall_id: string;
        entity_id: string | null;
        sampled_at: Date;
        value: number;
        limit_text: string | null;
        multiple: number | null;
      }[]
    >(
      `SELECT v.sample_id, v.indicator_code, s.outfall_id, s.sampled_at, v.value, v.limit_text, v.exceedance_multiple AS multiple,
              (SELECT l.entity_id FROM outfall_entity l WHERE l.outfall_id = s.outfall_id ORDER BY l.is_main DESC LIMIT 1) AS entity_id
         FROM sample_value v JOIN sample s ON s.id = v.sample_id JOIN outfall o ON o.id = s.outfall_id
        WHERE o.demo AND v.compliant = false
        ORDER BY s.sampled_at, o.local_code, v.indicator_code LIMIT 1`,
    );
    let count = 0;
    await this.dataSource.transaction(async (em) => {
      const numbers = new Map<string, number>();
      const caseNo = (day: string) => {
        const year = day.slice(0, 4);
        const n = (numbers.get(year) ?? 0) + 1;
        numbers.set(year, n);
        return `ZF${year}-${String(n).padStart(4, '0')}`;
      };
      const all: (DemoCase & { outfallId: string; entityId: string | null; origin?: object })[] = CASES.slice(
        0,
        outfalls.length,
      ).map((c, i) => ({ ...c, outfallId: outfalls[i].id, entityId: outfalls[i].entity_id }));
      if (exceedance) {
        const registeredOn = addDays(beijingDay(new Date(exceedance.sampled_at)), 3);
        all.push({
          kind: ViolationKind.OverStandard,
          source: CaseSource.MonitoringAlert,
          description: `示例数据：监测发现${exceedance.indicator_code}超标排放`,
          registeredOn,
          legalBasis: LAW_STANDARD,
          steps: [['investigate', CaseStatus.Investigating, registeredOn, null]],
          outfallId: exceedance.outfall_id,
          entityId: exceedance.entity_id,
          origin: {
            sampleId: exceedance.sample_id,
            indicatorCode: exceedance.indicator_code,
            detail: {
              sampledAt: new Date(exceedance.sampled_at).toISOString(),
              value: exceedance.value,
              limitText: exceedance.limit_text,
              exceedanceMultiple: exceedance.multiple,
            },
          },
        });
      }
      all.sort((a, b) => a.registeredOn.localeCompare(b.registeredOn));
      for (const c of all) {
        await this.insert(em, c, caseNo(c.registeredOn));
        count++;
      }
    });
    return { cases: count };
  }

  private async insert(
    em: EntityManager,
    c: DemoCase & {
      outfallId: string;
      entityId: string | null;
      origin?: { sampleId?: string; indicatorCode?: string; detail?: object };
    },
    caseNo: string,
  ): Promise<void> {
    const status = c.steps.length ? c.steps[c.steps.length - 1][1] : CaseStatus.Registered;
    const [row] = await em.query<{ id: string }[]>(
      `INSERT INTO enforcement_case (case_no, outfall_id, entity_id, kind, kind_other, source, status, description,
                                     legal_basis, origin, sample_id, indicator_code, origin_detail, registered_on,
                                     penalty_amount, penalty_document_no, penalty_decided_on, rectification_order,
                                     rectification_ordered_on, rectification_deadline, closed_on, closing_note, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, 1)
       RETURNING id`,
      [
        caseNo,
        c.outfallId,
        c.entityId,
        c.kind,
        c.kindOther ?? null,
        c.source,
        status,
        c.description,
        c.legalBasis ?? null,
        c.origin ? CaseOrigin.Exceedance : CaseOrigin.Manual,
        c.origin?.sampleId ?? null,
        c.origin?.indicatorCode ?? null,
        c.origin?.detail ? JSON.stringify(c.origin.detail) : null,
        c.registeredOn,
        c.penalty?.amount ?? null,
        c.penalty?.documentNo ?? null,
        c.penalty?.on ?? null,
        c.rectification?.order ?? null,
        c.rectification?.on ?? null,
        c.rectification?.deadline ?? null,
        c.closed?.on ?? null,
        c.closed?.note ?? null,
      ],
    );
    const steps: [string, string | null, string, string, string | null][] = [
      ['open', null, CaseStatus.Registered, c.registeredOn, null],
    ];
    let from: string = CaseStatus.Registered;
    for (const [action, to, on, note] of c.steps) {
      steps.push([action, from, to, on, note]);
      from = to;
    }
    for (const [i, [action, fromStatus, toStatus, on, note]] of steps.entries()) {
      await em.query(
        `INSERT INTO enforcement_case_event (case_id, action, from_status, to_status, "on", note, actor_name, at)
         VALUES ($1, $2, $3, $4, $5, $6, '演示数据', ($5::date::timestamp AT TIME ZONE 'Asia/Shanghai') + make_interval(hours => 9, secs => $7))`,
        [row.id, action, fromStatus, toStatus, on, note, i],
      );
    }
  }
}
