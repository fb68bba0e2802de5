import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@outfall/common';
import { SampleRow, SamplesService, TracingService } from '@outfall/monitoring';
import {
  OutfallCategory,
  SampleSource,
  SewageOrigin,
  TracingMethod,
  ValueQualifier,
} from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { prng } from './directory-demo.data';

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

/** Typical readings per category (mg/L unless noted): [low, high]. */
const TYPICAL: Record<OutfallCategory, Record<string, [number, number]>> = {
  [OutfallCategory.Industrial]: { cod: [25, 115], nh3n: [1, 18], tp: [0.1, 0.6], tn: [5, 30] },
  [OutfallCategory.UrbanWwtp]: { cod: [20, 62], nh3n: [0.5, 9], tp: [0.1, 0.9], tn: [6, 18] },
  [OutfallCategory.Agricultural]: { cod: [6, 26], nh3n: [0.1, 1.3], tp: [0.02, 0.26], tn: [0.5, 3] },
  [OutfallCategory.Other]: { cod: [8, 30], nh3n: [0.2, 1.6], tp: [0.03, 0.3], tn: [1, 6] },
};

/**
 * Synthetic monitoring and tracing for the demo outfalls: a few samples each across 2024–2025 (some
 * exceeding) and tracing records, complete for most. Deterministic; runs only when no sample exists.
 */
@Injectable()
export class MonitoringDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly samples: SamplesService,
    private readonly tracing: TracingService,
  ) {}

  async run(outfallCount = 120): Promise<{ samples: number; tracing: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM sample) AS any`,
    );
    if (any) return { samples: 0, tracing: 0 };
    const outfalls = await this.dataSource.query<
      { id: string; category: OutfallCategory; discovered_on: string; entity_id: string | null }[]
    >(
      `SELECT o.id, o.category, to_char(o.discovered_on, 'YYYY-MM-DD') AS discovered_on,
              (SELECT l.entity_id FROM outfall_entity l WHERE l.outfall_id = o.id AND l.is_main) AS entity_id
         FROM outfall o WHERE o.demo AND o.status = 'active' ORDER BY o.local_code LIMIT $1`,
      [outfallCount],
    );
    const random = prng(20240501);
    const between = ([low, high]: [number, number]) =>
      Math.round((low + random() * (high - low)) * 1000) / 1000;
    const rows: SampleRow[] = [];
    for (const outfall of outfalls) {
      const count = 2 + Math.floor(random() * 4);
      const start = Math.max(
        Date.parse(`${outfall.discovered_on}T00:00:00+08:00`),
        Date.parse('2024-03-01T00:00:00+08:00'),
      );
      for (let n = 0; n < count; n++) {
        const at = new Date(
          start + Math.floor(random() * 500) * 86_400_000 + (9 + Math.floor(random() * 8)) * 3_600_000,
        );
        if (at.getTime() > Date.parse('2025-11-30T00:00:00+08:00')) continue;
        const source = random() < 0.7 ? SampleSource.Manual : SampleSource.Supervisory;
        const laboratory =
          source === SampleSource.Manual ? '昌吉州环境监测站（示例）' : '第三方检测公司（示例）';
        const winter = [11, 0, 1, 2].includes(at.getUTCMonth());
        const base = (indicator: string, value: number, qualifier = ValueQualifier.Measured) =>
          rows.push({
            outfallId: outfall.id,
            sampledAt: at,
            source,
            laboratory,
            indicator,
            value,
            qualifier,
            detectionLimit: qualifier === ValueQualifier.BelowDetection ? value : null,
          });
        base('flow', Math.round(between([5, 3000])));
        base('temperature', winter ? between([4, 11]) : between([13, 24]));
        base('ph', between([6.4, 8.8]));
        for (const [indicator, range] of Object.entries(TYPICAL[outfall.category])) {
          if (indicator === 'nh3n' && random() < 0.08) base('nh3n', 0.025, ValueQualifier.BelowDetection);
          else base(indicator, between(range));
        }
      }
    }
    await this.dataSource.transaction((em) => this.samples.ingest(em, SYSTEM, rows));
    let tracing = 0;
    for (const outfall of outfalls.filter(() => random() < 0.45)) {
      const tracedOn = `2024-${String(4 + Math.floor(random() * 8)).padStart(2, '0')}-${String(1 + Math.floor(random() * 27)).padStart(2, '0')}`;
      const day = tracedOn < outfall.discovered_on ? outfall.discovered_on : tracedOn;
      const complete = random() < 0.75;
      await this.tracing.create(SYSTEM, outfall.id, {
        tracedOn: day,
        method: random() < 0.5 ? TracingMethod.SiteSurvey : TracingMethod.PipeInspection,
        sewageOrigin:
          outfall.category === OutfallCategory.Industrial
            ? SewageOrigin.Industrial
            : outfall.category === OutfallCategory.Agricultural
              ? SewageOrigin.Agricultural
              : random() < 0.5
                ? SewageOrigin.Domestic
                : SewageOrigin.Mixed,
        mainFactors: random() < 0.5 ? ['cod', 'nh3n'] : ['tp'],
        conclusion: '示例数据：现场踏勘确认污水来源。',
        complete,
        completedOn: complete ? day : undefined,
        sources: outfall.entity_id
          ? [{ entityId: outfall.entity_id }]
          : [{ description: '周边村庄生活污水（示例）' }],
      });
      tracing++;
    }
    return {
      samples: new Set(rows.map((r) => `${r.outfallId}|${r.sampledAt.getTime()}|${r.source}`)).size,
      tracing,
    };
  }
}
