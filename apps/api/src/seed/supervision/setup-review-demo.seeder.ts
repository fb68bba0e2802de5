import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  EntityKind,
  OutfallCategory,
  OutfallSubType,
  SetupDecision,
  SetupRoute,
  SetupStatus,
  WaterImpact,
} from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';

interface DemoApplication {
  status: SetupStatus;
  entityKind: EntityKind;
  category: OutfallCategory;
  subType: OutfallSubType;
  name: string;
  /** [longitude, latitude]: near a demo river */
  at: [number, number];
  water: string;
  zone: string | null;
  flow: number;
  pollutants: string[];
  impacts?: WaterImpact[];
  consulted?: boolean;
  decision?: SetupDecision;
  documentNumber?: string;
  decidedOn?: string;
  createdOn: string;
  terms?: string;
  reviewNote?: string;
}

/** Eight applications, every state and both routes, on the demo rivers; synthetic. */
const APPLICATIONS: DemoApplication[] = [
  {
    status: SetupStatus.Draft,
    entityKind: EntityKind.Enterprise,
    category: OutfallCategory.Industrial,
    subType: OutfallSubType.IndustrialEnterprise,
    name: '头屯河演示化工厂新建排污口（演示）',
    at: [87.416, 43.86],
    water: 'TTH',
    zone: '头屯河昌吉市开发利用区（演示）',
    flow: 800,
    pollutants: ['化学需氧量', '氨氮'],
    createdOn: '2025-11-10',
  },
  {
    status: SetupStatus.Submitted,
    entityKind: EntityKind.Enterprise,
    category: OutfallCategory.Industrial,
    subType: OutfallSubType.IndustrialEnterprise,
    name: '三屯河演示建材厂新建排污口（演示）',
    at: [87.226, 44.03],
    water: 'STH',
    zone: '三屯河昌吉市排污控制区（演示）',
    flow: 500,
    pollutants: ['化学需氧量', '悬浮物'],
    createdOn: '2025-10-20',
  },
  {
    status: SetupStatus.Submitted,
    entityKind: EntityKind.WwtpOperator,
    category: OutfallCategory.UrbanWwtp,
    subType: OutfallSubType.UrbanWwtp,
    name: '三屯河演示污水处理厂新建排污口（演示）',
    at: [87.23, 44.06],
    water: 'STH',
    zone: '三屯河昌吉市排污控制区（演示）',
    flow: 20000,
    pollutants: ['化学需氧量', '氨氮', '总磷'],
    impacts: [WaterImpact.FloodControl, WaterImpact.Embankment],
    createdOn: '2025-10-05',
  },
  {
    status: SetupStatus.Submitted,
    entityKind: EntityKind.WwtpOperator,
    category: OutfallCategory.UrbanWwtp,
    subType: OutfallSubType.DomesticSewageFacility,
    name: '头屯河演示生活污水处理站排污口（演示）',
    at: [87.405, 43.98],
    water: 'TTH',
    zone: '头屯河昌吉市开发利用区（演示）',
    flow: 3000,
    pollutants: ['化学需氧量', '氨氮'],
    impacts: [WaterImpact.RiverStability],
    consulted: true,
    createdOn: '2025-09-15',
  },
  {
    status: SetupStatus.Approved,
    entityKind: EntityKind.Enterprise,
    category: OutfallCategory.Industrial,
    subType: OutfallSubType.IndustrialEnterprise,
    name: '头屯河演示食品厂排污口（演示）',
    at: [87.41, 43.92],
    water: 'TTH',
    zone: '头屯河昌吉市开发利用区（演示）',
    flow: 1200,
    pollutants: ['化学需氧量', '氨氮', '总氮'],
    decision: SetupDecision.Approve,
    documentNumber: '昌市环审〔2025〕12号（演示）',
    decidedOn: '2025-06-10',
    createdOn: '2025-05-06',
    terms: '安装在线监测设备，排放执行GB 8978一级标准，设置规范标识牌',
  },
  {
    status: SetupStatus.Refused,
    entityKind: EntityKind.Enterprise,
    category: OutfallCategory.Industrial,
    subType: OutfallSubType.IndustrialEnterprise,
    name: '三屯河上游演示矿业排污口（演示）',
    at: [87.13, 43.7],
    water: 'STH',
    zone: '三屯河昌吉市饮用水源区（演示）',
    flow: 300,
    pollutants: ['悬浮物', '石油类'],
    decision: SetupDecision.Refuse,
    documentNumber: '昌市环审〔2025〕18号（演示）',
    decidedOn: '2025-08-02',
    createdOn: '2025-07-01',
    terms: '拟设位置位于饮用水水源保护区内，禁止设置排污口',
  },
  {
    status: SetupStatus.Filed,
    entityKind: EntityKind.Farm,
    category: OutfallCategory.Agricultural,
    subType: OutfallSubType.LivestockFarm,
    name: '洛克伦河演示养殖场排污口（演示）',
    at: [86.975, 43.98],
    water: 'LKL',
    zone: null,
    flow: 60,
    pollutants: ['化学需氧量', '氨氮'],
    documentNumber: '昌市环登〔2025〕3号（演示）',
    decidedOn: '2025-07-20',
    createdOn: '2025-07-10',
    reviewNote: '洛克伦河暂无水功能区划，经核查下游无敏感目标（演示）',
  },
  {
    status: SetupStatus.Submitted,
    entityKind: EntityKind.Institution,
    category: OutfallCategory.Other,
    subType: OutfallSubType.RuralSewageFacility,
    name: '军塘湖河演示农村污水处理站排污口（演示）',
    at: [86.825, 44.0],
    water: 'JTH',
    zone: null,
    flow: 150,
    pollutants: ['化学需氧量', '氨氮'],
    createdOn: '2025-11-01',
  },
];

/**
 * Synthetic demo data for the setup-review domain: applications in every state on both routes and one
 * notification of several outfalls outside a park. Written directly (the demo's history, not new decisions);
 * an approved or filed new outfall is linked to a demo outfall of its category when the directory demo has
 * outfalls. Deterministic; runs only when no application exists.
 */
@Injectable()
export class SetupReviewDemoSeeder {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async run(): Promise<{ applications: number; notifications: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM setup_application) AS any`,
    );
    if (any) return { applications: 0, notifications: 0 };
    return this.dataSource.transaction(async (em) => {
      let applications = 0;
      const used = new Map<EntityKind, number>();
      for (const [index, demo] of APPLICATIONS.entries()) {
        const entities = await em.query<{ id: string; division_id: string }[]>(
          `SELECT id, division_id FROM responsible_entity WHERE demo AND kind = $1 ORDER BY credit_code, name`,
          [demo.entityKind],
        );
        const [water] = await em.query<{ id: string }[]>(`SELECT id FROM water_body WHERE code = $1`, [
          demo.water,
        ]);
        if (!entities.length || !water) continue;
        const n = used.get(demo.entityKind) ?? 0;
        used.set(demo.entityKind, n + 1);
        const entity = entities[(n * 3) % entities.length];
        const [zone] = demo.zone
          ? await em.query<{ id: string }[]>(`SELECT id FROM function_zone WHERE name = $1`, [demo.zone])
          : [];
        const decided = demo.status === SetupStatus.Approved || demo.status === SetupStatus.Filed;
        const outfallId = decided ? await this.demoOutfall(em, demo.category) : null;
        const route =
          demo.category === OutfallCategory.Industrial || demo.category === OutfallCategory.UrbanWwtp
            ? SetupRoute.Approval
            : SetupRoute.Registration;
        const [{ id }] = await em.query<{ id: string }[]>(
          `INSERT INTO setup_application (code, applicant_id, kind, route, status, outfall_id, outfall_name, category, sub_type,
                  longitude, latitude, water_body_id, function_zone_id, division_id, expected_flow_m3d, pollutants, water_impacts,
                  description, submitted_at, consulted_on, consultation_authority, consultation_document_number, consultation_opinion,
                  decision, conditions, refusal_reasons, review_note, document_number, decided_on, published, published_at, demo,
                  created_at, version)
           VALUES ($1, $2, 'new', $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15::jsonb, $16::jsonb, $17,
                   $18::timestamptz, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30::timestamptz, true,
                   $31::timestamptz, 1)
           RETURNING id`,
          [
            `SQ-2025-${String(index + 1).padStart(4, '0')}`,
            entity.id,
            route,
            demo.status,
            outfallId,
            demo.name,
            demo.category,
            demo.subType,
            demo.at[0],
            demo.at[1],
            water.id,
            zone?.id ?? null,
            entity.division_id,
            demo.flow,
            JSON.stringify(demo.pollutants),
            JSON.stringify(demo.impacts ?? []),
            '合成演示数据：拟设排污口的位置、排放量和污染物均为虚构。',
            demo.status === SetupStatus.Draft ? null : `${demo.createdOn}T10:00:00+08:00`,
            demo.consulted ? '2025-10-10' : null,
            demo.consulted ? '昌吉市水利局' : null,
            demo.consulted ? '昌市水函〔2025〕7号（演示）' : null,
            demo.consulted ? '排污口位置不影响河势稳定，同意设置（演示）' : null,
            demo.decision ?? null,
            demo.decision === SetupDecision.Approve ? (demo.terms ?? null) : null,
            demo.decision === SetupDecision.Refuse ? (demo.terms ?? null) : null,
            demo.reviewNote ?? null,
            demo.documentNumber ?? null,
            demo.decidedOn ?? null,
            decided,
            decided ? `${demo.decidedOn}T12:00:00+08:00` : null,
            `${demo.createdOn}T09:00:00+08:00`,
          ],
        );
        if (outfallId)
          await em.query(`UPDATE outfall SET setup_approval = $2, setup_application_id = $3 WHERE id = $1`, [
            outfallId,
            demo.status === SetupStatus.Approved ? 'approved' : 'filed',
            id,
          ]);
        applications++;
      }
      // one enterprise outside a park notified the eco branch of its outfalls (三(二)2)
      const [enterprise] = await em.query<{ id: string }[]>(
        `SELECT e.id FROM responsible_entity e
          WHERE e.demo AND e.kind = 'enterprise' AND NOT e.in_industrial_park
          ORDER BY (SELECT count(*) FROM outfall_entity l WHERE l.entity_id = e.id) DESC, e.credit_code LIMIT 1`,
      );
      if (!enterprise) return { applications, notifications: 0 };
      const outfalls = await em.query<{ id: string }[]>(
        `SELECT outfall_id AS id FROM outfall_entity WHERE entity_id = $1 ORDER BY outfall_id`,
        [enterprise.id],
      );
      await em.query(
        `INSERT INTO setup_notification (entity_id, notified_on, document_number, outfall_ids, note, demo)
         VALUES ($1, '2025-09-01', '演示企业函〔2025〕1号（演示）', $2::jsonb, '企业报告其在园区外设有多个排污口（演示）', true)`,
        [enterprise.id, JSON.stringify(outfalls.map((o) => o.id))],
      );
      return { applications, notifications: 1 };
    });
  }

  /** A demo outfall of the category with no setup record yet (the outfall an approved application created). */
  private async demoOutfall(em: EntityManager, category: OutfallCategory): Promise<string | null> {
    const [row] = await em.query<{ id: string }[]>(
      `SELECT id FROM outfall WHERE demo AND status = 'active' AND category = $1 AND setup_application_id IS NULL
        ORDER BY local_code LIMIT 1`,
      [category],
    );
    return row?.id ?? null;
  }
}
