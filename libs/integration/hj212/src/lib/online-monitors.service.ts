import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  CommonErrorCode,
  DomainException,
  likePattern,
  ListQueryDto,
  PageResult,
  paginate,
  Principal,
} from '@outfall/common';
import { OutfallsService } from '@outfall/directory';
import { PasswordHasher } from '@outfall/iam';
import { assertVersion } from '@outfall/org';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import {
  CreateOnlineMonitorDto,
  OnlineMonitorFilterDto,
  OnlineMonitorQueryDto,
  OnlineMonitorViewDto,
  UpdateOnlineMonitorDto,
} from './dto/hj212.dto';
import { Hj212PacketRecord, OnlineMonitor } from './online-monitor.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The monitor as audited: never its password hash. */
function auditable(monitor: OnlineMonitor): Omit<OnlineMonitor, 'passwordHash'> {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  const { passwordHash, outfall, ...rest } = monitor;
  return rest;
}

/** The registry of online monitors (MN → outfall) that the HJ 212 listener reads. */
@Injectable()
export class OnlineMonitorsService {
  /** Called after every change, so the listener forgets what it cached. */
  private readonly listeners: (() => void)[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly hasher: PasswordHasher,
  ) {}

  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }

  /** Monitors at the outfalls the caller may see. */
  private filtered(principal: Principal, filter: OnlineMonitorFilterDto): SelectQueryBuilder<OnlineMonitor> {
    const sub = this.outfalls.visible(principal).select('outfall.id');
    const qb = this.dataSource
      .getRepository(OnlineMonitor)
      .createQueryBuilder('m')
      .innerJoin('m.outfall', 'o')
      .addSelect(['o.id', 'o.localCode', 'o.name'])
      .andWhere(`m.outfall_id IN (${sub.getQuery()})`)
      .setParameters(sub.getParameters());
    if (filter.outfallId) qb.andWhere('m.outfall_id = :fOutfall', { fOutfall: filter.outfallId });
    if (filter.active !== undefined) qb.andWhere('m.active = :fActive', { fActive: filter.active });
    if (filter.q)
      qb.andWhere('(m.mn ILIKE :fq OR m.name ILIKE :fq OR o.local_code ILIKE :fq)', {
        fq: likePattern(filter.q),
      });
    return qb;
  }

  private view(m: OnlineMonitor): OnlineMonitorViewDto {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars
    const { outfall, passwordHash, ...rest } = m;
    return {
      ...rest,
      outfallCode: outfall?.localCode ?? '',
      outfallName: outfall?.name ?? '',
    } as OnlineMonitorViewDto;
  }

  async list(principal: Principal, query: OnlineMonitorQueryDto): Promise<PageResult<OnlineMonitorViewDto>> {
    const page = await paginate(
      this.filtered(principal, query),
      query,
      { mn: 'm.mn', name: 'm.name', createdAt: 'm.createdAt', lastPacketAt: 'm.lastPacketAt' },
      'mn',
      'm.id',
    );
    return { ...page, items: page.items.map((m) => this.view(m)) };
  }

  async get(principal: Principal, id: string): Promise<OnlineMonitorViewDto> {
    if (!UUID.test(id)) throw DomainException.notFound('Online monitor', id);
    const monitor = await this.filtered(principal, {}).andWhere('m.id = :id', { id }).getOne();
    if (!monitor) throw DomainException.notFound('Online monitor', id);
    return this.view(monitor);
  }

  async create(principal: Principal, dto: CreateOnlineMonitorDto): Promise<OnlineMonitorViewDto> {
    const passwordHash = await this.hasher.hash(dto.password);
    const id = await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, dto.outfallId, em);
      await this.assertFreeMn(em, dto.mn);
      const repo = em.getRepository(OnlineMonitor);
      const saved = await repo.save(
        repo.create({
          mn: dto.mn,
          outfallId: dto.outfallId,
          name: dto.name.trim(),
          passwordHash,
          active: dto.active ?? true,
          createdById: principal.kind === 'user' && UUID.test(principal.id) ? principal.id : null,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'online_monitor',
        entityId: saved.id,
        after: auditable(saved),
      });
      return saved.id;
    });
    this.changed();
    return this.get(principal, id);
  }

  async update(principal: Principal, id: string, dto: UpdateOnlineMonitorDto): Promise<OnlineMonitorViewDto> {
    const current = await this.get(principal, id);
    const passwordHash = dto.password ? await this.hasher.hash(dto.password) : undefined;
    await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, current.outfallId, em, { requireActive: false });
      if (dto.outfallId && dto.outfallId !== current.outfallId)
        await this.outfalls.assertWritable(principal, dto.outfallId, em);
      const repo = em.getRepository(OnlineMonitor);
      const monitor = await repo.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!monitor) throw DomainException.notFound('Online monitor', id);
      assertVersion('Online monitor', monitor.version, dto.version);
      const before = auditable(monitor);
      if (dto.outfallId) monitor.outfallId = dto.outfallId;
      if (dto.name !== undefined) monitor.name = dto.name.trim();
      if (dto.active !== undefined) monitor.active = dto.active;
      if (passwordHash) monitor.passwordHash = passwordHash;
      const saved = await repo.save(monitor);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'online_monitor',
        entityId: id,
        before,
        after: { ...auditable(saved), ...(passwordHash ? { passwordChanged: true } : {}) },
      });
    });
    this.changed();
    return this.get(principal, id);
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const current = await this.get(principal, id);
    await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, current.outfallId, em, { requireActive: false });
      const monitor = await em.getRepository(OnlineMonitor).findOneBy({ id });
      if (!monitor) throw DomainException.notFound('Online monitor', id);
      await em.getRepository(OnlineMonitor).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'online_monitor',
        entityId: id,
        before: auditable(monitor),
      });
    });
    this.changed();
  }

  /** The packets a monitor sent, newest first (readings with their data flags). */
  async packets(
    principal: Principal,
    id: string,
    query: ListQueryDto,
  ): Promise<PageResult<Hj212PacketRecord>> {
    await this.get(principal, id);
    const qb = this.dataSource
      .getRepository(Hj212PacketRecord)
      .createQueryBuilder('p')
      .where('p.monitor_id = :id', { id });
    return paginate(qb, query, { receivedAt: 'p.receivedAt', dataTime: 'p.dataTime' }, '-receivedAt', 'p.id');
  }

  private async assertFreeMn(em: EntityManager, mn: string): Promise<void> {
    const taken = await em.getRepository(OnlineMonitor).exists({ where: { mn } });
    if (taken)
      throw new DomainException(
        CommonErrorCode.Conflict,
        `设备编码 ${mn} 已登记 / a monitor with MN ${mn} is already registered`,
        HttpStatus.CONFLICT,
        [{ field: 'mn', message: `MN ${mn} is already registered` }],
      );
  }
}
