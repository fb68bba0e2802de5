import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Principal } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { DataSource, EntityManager } from 'typeorm';
import { CreateStandardDto, OutfallStandardSettingDto, UpdateStandardDto } from './dto/monitoring.dto';
import { SamplesService } from './samples/samples.service';
import { DischargeStandard } from './standards/discharge-standard.entity';
import { StandardsService } from './standards/standards.service';

/**
 * Keeps assessments true when what they depend on changes: a standard's rules, an outfall's setting, a
 * merge (samples and tracing move to the surviving outfall).
 */
@Injectable()
export class MonitoringService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly standards: StandardsService,
    private readonly samples: SamplesService,
    private readonly outfalls: OutfallsService,
  ) {}

  onModuleInit(): void {
    this.outfalls.registerMergeHook((em, fromId, intoId) => this.moveOnMerge(em, fromId, intoId));
  }

  /** Samples (unless the survivor has one at the same time and source) and tracing records move. */
  private async moveOnMerge(em: EntityManager, fromId: string, intoId: string): Promise<void> {
    await em.query(
      `UPDATE sample s SET outfall_id = $2 WHERE s.outfall_id = $1
          AND NOT EXISTS (SELECT 1 FROM sample t WHERE t.outfall_id = $2 AND t.sampled_at = s.sampled_at AND t.source = s.source)`,
      [fromId, intoId],
    );
    await em.query(`UPDATE tracing_record SET outfall_id = $2 WHERE outfall_id = $1`, [fromId, intoId]);
    await this.samples.reassessOutfalls(em, [intoId]);
    await this.samples.syncMonitoredMilestones(em, [fromId, intoId]);
  }

  putSetting(principal: Principal, outfallId: string, dto: OutfallStandardSettingDto) {
    return this.standards.putSetting(principal, outfallId, dto, (em, ids) =>
      this.samples.reassessOutfalls(em, ids),
    );
  }

  async createStandard(dto: CreateStandardDto): Promise<DischargeStandard> {
    const standard = await this.standards.create(dto);
    if (standard.overridesId) await this.reassessStandards([standard.overridesId]);
    return standard;
  }

  async updateStandard(id: string, dto: UpdateStandardDto): Promise<DischargeStandard> {
    const before = await this.standards.get(id);
    const standard = await this.standards.update(id, dto);
    await this.reassessStandards(
      [id, before.overridesId, standard.overridesId].filter((s): s is string => !!s),
    );
    return standard;
  }

  /** Samples assessed against these grades are assessed again (the catalogue or an override changed). */
  private async reassessStandards(ids: string[]): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const rows = await em.query<{ id: string }[]>(`SELECT id FROM sample WHERE standard_id = ANY($1)`, [
        ids,
      ]);
      if (rows.length)
        await this.samples.reassess(
          em,
          rows.map((r) => r.id),
        );
    });
  }
}
