import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { Principal } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager, In } from 'typeorm';
import { CreateStandardDto, OutfallStandardSettingDto, UpdateStandardDto } from './dto/monitoring.dto';
import { SamplesService } from './samples/samples.service';
import { DischargeStandard } from './standards/discharge-standard.entity';
import { StandardsService } from './standards/standards.service';
import { TracingRecord } from './tracing/tracing-record.entity';

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
    private readonly audit: AuditService,
  ) {}

  onModuleInit(): void {
    this.outfalls.registerMergeHook((em, fromId, intoId) => this.moveOnMerge(em, fromId, intoId));
  }

  /**
   * Samples (unless the survivor has one at the same time and source) and tracing records move; each moved
   * record gets an audit row (before: on the closed outfall, after: on the survivor, reassessed), and their
   * ids go into the outfalls' merge rows.
   */
  private async moveOnMerge(
    em: EntityManager,
    fromId: string,
    intoId: string,
  ): Promise<{ samples: string[]; tracingRecords: string[] }> {
    const samples = await this.samples.moveToOutfall(em, fromId, intoId);
    const tracing = em.getRepository(TracingRecord);
    const records = await tracing.find({ where: { outfallId: fromId }, relations: { sources: true } });
    const ids = records.map((r) => r.id);
    if (ids.length) {
      await em.query(`UPDATE tracing_record SET outfall_id = $2 WHERE id = ANY($1::uuid[])`, [ids, intoId]);
      const moved = new Map(
        (await tracing.find({ where: { id: In(ids) }, relations: { sources: true } })).map((r) => [r.id, r]),
      );
      await this.audit.recordMany(
        em,
        records.map((before) => ({
          action: AuditAction.Update,
          entityType: 'tracing_record',
          entityId: before.id,
          before,
          after: { ...moved.get(before.id), mergedFromOutfallId: fromId },
        })),
      );
    }
    return { samples, tracingRecords: ids };
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
