import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException } from '@outfall/common';
import { WaterBody } from '@outfall/directory';
import { assertVersion } from '@outfall/org';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { WaterBodyBasinDto } from '../dto/source-lists.dto';

/** Basin area (流域面积) and river length (河长): the water bureau's base data on the directory's water bodies. */
@Injectable()
export class WaterBasinService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async set(id: string, dto: WaterBodyBasinDto): Promise<WaterBody> {
    return this.dataSource.transaction(async (em) => {
      const water = await em
        .getRepository(WaterBody)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!water) throw DomainException.notFound('Water body', id);
      assertVersion('Water body', water.version, dto.version);
      return this.apply(em, water, {
        basinAreaKm2: dto.basinAreaKm2 === undefined ? water.basinAreaKm2 : dto.basinAreaKm2,
        riverLengthKm: dto.riverLengthKm === undefined ? water.riverLengthKm : dto.riverLengthKm,
      });
    });
  }

  /** Writes the two figures (rounded to 0.01) and audits the change; unchanged figures write nothing. */
  async apply(
    em: EntityManager,
    water: WaterBody,
    figures: { basinAreaKm2: number | null; riverLengthKm: number | null },
  ): Promise<WaterBody> {
    const round = (value: number | null) => (value === null ? null : Math.round(value * 100) / 100);
    const next = { basinAreaKm2: round(figures.basinAreaKm2), riverLengthKm: round(figures.riverLengthKm) };
    if (next.basinAreaKm2 === water.basinAreaKm2 && next.riverLengthKm === water.riverLengthKm) return water;
    const before = { ...water };
    const after = await em.getRepository(WaterBody).save({ ...water, ...next });
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'water_body',
      entityId: water.id,
      before,
      after,
    });
    return em.getRepository(WaterBody).findOneByOrFail({ id: water.id });
  }
}
