import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, PageResult, paginate, Principal } from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { Unit } from '@outfall/org';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { ScheduleDto, ScheduleFilterDto, ScheduleQueryDto, UpdateScheduleDto } from '../dto/permits.dto';
import { PermitsErrorCode, PermitsException } from '../permits.exception';
import { MonitoringSchedule } from './monitoring-schedule.entity';

const SORTABLE = {
  startOn: 'schedule.startOn',
  frequency: 'schedule.frequency',
  outfallCode: 'outfall.localCode',
  createdAt: 'schedule.createdAt',
};

function snapshot(schedule: MonitoringSchedule) {
  const { outfall: _outfall, unit: _unit, ...fields } = schedule;
  return fields;
}

/** Recurring monitoring schedules per outfall (who samples, how often); missed samples are findings. */
@Injectable()
export class SchedulesService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
  ) {}

  /** A merge moves the schedules of the merged outfall to the survivor, audited. */
  onModuleInit(): void {
    this.outfalls.registerMergeHook(async (em, fromId, intoId) => {
      const result = await em.query<unknown[]>(
        `UPDATE monitoring_schedule SET outfall_id = $2 WHERE outfall_id = $1 RETURNING id`,
        [fromId, intoId],
      );
      const rows = (Array.isArray(result[0]) ? result[0] : result) as { id: string }[];
      if (!rows.length) return;
      await this.audit.recordMany(
        em,
        rows.map((row) => ({
          action: AuditAction.Update,
          entityType: 'monitoring_schedule',
          entityId: row.id,
          before: { outfallId: fromId },
          after: { outfallId: intoId },
        })),
      );
      return { monitoringSchedules: rows.map((row) => row.id) };
    });
  }

  /** Schedules of the outfalls the caller may see. */
  filtered(
    principal: Principal,
    filter: ScheduleFilterDto,
    em?: EntityManager,
  ): SelectQueryBuilder<MonitoringSchedule> {
    const sub = this.outfalls.filtered(principal, { divisionId: filter.divisionId }).select('outfall.id');
    const qb = (em ?? this.dataSource.manager)
      .getRepository(MonitoringSchedule)
      .createQueryBuilder('schedule')
      .innerJoin('schedule.outfall', 'outfall')
      .addSelect([
        'outfall.id',
        'outfall.localCode',
        'outfall.name',
        'outfall.divisionId',
        'outfall.category',
      ])
      .innerJoin('schedule.unit', 'unit')
      .addSelect(['unit.id', 'unit.name'])
      .where(`schedule.outfall_id IN (${sub.getQuery()})`)
      .setParameters(sub.getParameters());
    if (filter.outfallId) qb.andWhere('schedule.outfallId = :sOutfall', { sOutfall: filter.outfallId });
    if (filter.unitId) qb.andWhere('schedule.unitId = :sUnit', { sUnit: filter.unitId });
    if (filter.frequency) qb.andWhere('schedule.frequency = :sFrequency', { sFrequency: filter.frequency });
    return qb;
  }

  list(principal: Principal, query: ScheduleQueryDto): Promise<PageResult<MonitoringSchedule>> {
    return paginate(this.filtered(principal, query), query, SORTABLE, 'outfallCode', 'schedule.id');
  }

  async get(principal: Principal, id: string, em?: EntityManager): Promise<MonitoringSchedule> {
    const schedule = await this.filtered(principal, {}, em).andWhere('schedule.id = :id', { id }).getOne();
    if (!schedule) throw DomainException.notFound('Monitoring schedule', id);
    return schedule;
  }

  async create(principal: Principal, dto: ScheduleDto): Promise<MonitoringSchedule> {
    const id = await this.dataSource.transaction(async (em) => {
      await this.check(em, principal, dto);
      const repo = em.getRepository(MonitoringSchedule);
      const saved = await repo.save(repo.create(this.fields(dto)));
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'monitoring_schedule',
        entityId: saved.id,
        after: snapshot(saved),
      });
      return saved.id;
    });
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateScheduleDto): Promise<MonitoringSchedule> {
    await this.dataSource.transaction(async (em) => {
      const current = await this.get(principal, id, em);
      await this.outfalls.assertWritable(principal, current.outfallId, em, { requireActive: false });
      if (current.version !== dto.version)
        throw new DomainException(
          'VERSION_CONFLICT',
          `the schedule was changed by someone else (version ${current.version}, you sent ${dto.version}); reload and try again`,
          409,
          [{ field: 'version', message: `current version is ${current.version}` }],
        );
      await this.check(em, principal, dto);
      const before = snapshot(current);
      await em.getRepository(MonitoringSchedule).save({ id, version: current.version, ...this.fields(dto) });
      const after = await em.getRepository(MonitoringSchedule).findOneByOrFail({ id });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'monitoring_schedule',
        entityId: id,
        before,
        after: snapshot(after),
      });
    });
    return this.get(principal, id);
  }

  private fields(dto: ScheduleDto) {
    return {
      outfallId: dto.outfallId,
      unitId: dto.unitId,
      frequency: dto.frequency,
      startOn: dto.startOn,
      endOn: dto.endOn ?? null,
      indicatorCodes: [...new Set(dto.indicatorCodes ?? [])],
      notes: dto.notes?.trim() || null,
    };
  }

  private async check(em: EntityManager, principal: Principal, dto: ScheduleDto): Promise<void> {
    await this.outfalls.assertWritable(principal, dto.outfallId, em);
    if (!(await em.getRepository(Unit).existsBy({ id: dto.unitId })))
      throw DomainException.invalid('unitId', '采样单位不存在 / the sampling unit does not exist');
    if (dto.endOn && dto.endOn < dto.startOn)
      throw new PermitsException(
        PermitsErrorCode.Dates,
        '计划结束日期不能早于开始日期 / endOn cannot be before startOn',
        'endOn',
      );
    if (dto.indicatorCodes?.length) {
      const known = new Set(
        (
          await em.query<{ code: string }[]>(`SELECT code FROM indicator WHERE code = ANY($1::varchar[])`, [
            dto.indicatorCodes,
          ])
        ).map((row) => row.code),
      );
      const index = dto.indicatorCodes.findIndex((code) => !known.has(code));
      if (index >= 0)
        throw new PermitsException(
          PermitsErrorCode.IndicatorUnknown,
          `监测指标 ${dto.indicatorCodes[index]} 不在指标目录中 / indicator ${dto.indicatorCodes[index]} is not in the catalogue`,
          `indicatorCodes[${index}]`,
        );
    }
  }
}
