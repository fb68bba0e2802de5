import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { CommonErrorCode, DomainException } from '@outfall/common';
import { assertVersion } from '@outfall/org';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { CreateIndicatorDto, UpdateIndicatorDto } from '../dto/monitoring.dto';
import { MonitoringErrorCode, MonitoringException } from '../monitoring.exception';
import { Indicator } from './indicator.entity';

/** The indicator catalogue (监测指标): the seven required ones are fixed; admins add and edit others. */
@Injectable()
export class IndicatorsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  list(em: EntityManager = this.dataSource.manager): Promise<Indicator[]> {
    return em.getRepository(Indicator).find({ order: { sortOrder: 'ASC', code: 'ASC' } });
  }

  /** By code; inside a transaction pass its manager (the embedded database has one connection). */
  async byCode(em?: EntityManager): Promise<Map<string, Indicator>> {
    return new Map((await this.list(em)).map((i) => [i.code, i]));
  }

  async create(dto: CreateIndicatorDto): Promise<Indicator> {
    this.checkBounds(dto.physicalMin ?? 0, dto.physicalMax ?? null);
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Indicator);
      if (await repo.existsBy({ code: dto.code })) {
        throw new DomainException(CommonErrorCode.Conflict, `indicator ${dto.code} already exists`, 409, [
          { field: 'code', message: `indicator ${dto.code} already exists` },
        ]);
      }
      const indicator = await repo.save(
        repo.create({
          code: dto.code,
          nameZh: dto.nameZh,
          nameEn: dto.nameEn,
          unit: dto.unit ?? null,
          decimals: dto.decimals ?? 2,
          required: false,
          physicalMin: dto.physicalMin ?? 0,
          physicalMax: dto.physicalMax ?? null,
          sortOrder: dto.sortOrder ?? 100,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'indicator',
        entityId: indicator.code,
        after: indicator,
      });
      return indicator;
    });
  }

  async update(code: string, dto: UpdateIndicatorDto): Promise<Indicator> {
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(Indicator);
      const indicator = await repo.findOne({ where: { code }, lock: { mode: 'pessimistic_write' } });
      if (!indicator) throw DomainException.notFound('Indicator', code);
      assertVersion('Indicator', indicator.version, dto.version);
      const before = { ...indicator };
      const { version: _version, ...changes } = dto;
      Object.assign(indicator, changes);
      this.checkBounds(indicator.physicalMin, indicator.physicalMax);
      const after = await repo.save(indicator);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'indicator',
        entityId: code,
        before,
        after,
      });
      return after;
    });
  }

  /** Removes an added indicator that no sample uses; the seven required ones cannot be removed. */
  async remove(code: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const indicator = await em.getRepository(Indicator).findOneBy({ code });
      if (!indicator) throw DomainException.notFound('Indicator', code);
      if (indicator.required) {
        throw new MonitoringException(
          MonitoringErrorCode.RequiredIndicator,
          `${code} is one of the seven indicators the plan requires and cannot be removed`,
          'code',
        );
      }
      const [{ used }] = await em.query<{ used: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM sample_value WHERE indicator_code = $1) AS used`,
        [code],
      );
      if (used) {
        throw new MonitoringException(
          MonitoringErrorCode.IndicatorInUse,
          `samples hold values of ${code}; it cannot be removed`,
          'code',
        );
      }
      await em.getRepository(Indicator).delete({ code });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'indicator',
        entityId: code,
        before: indicator,
      });
    });
  }

  private checkBounds(min: number | null, max: number | null): void {
    if (min !== null && max !== null && min >= max) {
      throw DomainException.invalid('physicalMax', 'physicalMax must be above physicalMin');
    }
  }
}
