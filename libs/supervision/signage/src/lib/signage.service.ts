import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingToday,
  DomainException,
  orderBy,
  PageResult,
  Principal,
  DEFAULT_PAGE_SIZE,
  sortOrder,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { OutfallsService } from '@outfall/directory';
import { assertVersion } from '@outfall/org';
import { AuditAction, SIGN_PHONE_PATTERN, SignField, UnitKind } from '@outfall/shared-types';
import { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import { SignFilterDto, SignInputDto, SignProposalDto, SignQueryDto, SignViewDto } from './dto/signage.dto';
import { OutfallSign } from './outfall-sign.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The outfall's code on a sign: its national code, else its local code (SQL, outfall alias `o`). */
const CODE_SQL = (o: string) => `COALESCE(${o}.national_code, ${o}.local_code)`;
/** The name of outfall `o`'s main responsible entity (SQL). */
const MAIN_ENTITY_SQL = (o: string) =>
  `(SELECT me.name FROM outfall_entity ml JOIN responsible_entity me ON me.id = ml.entity_id
     WHERE ml.outfall_id = ${o}.id AND ml.is_main LIMIT 1)`;

const SORTABLE: Record<string, string> = {
  localCode: 'outfall.local_code',
  outfallName: 's.outfall_name',
  installedOn: 's.installed_on',
  updatedAt: 's.updated_at',
};

/**
 * 树标立牌: a sign's content per outfall (one sign each), proposed from the outfall's current data, checked and
 * stored as a snapshot; a sign whose content no longer matches the outfall is flagged as outdated (computed on
 * read, so it follows every change of the outfall, its main entity or its water).
 */
@Injectable()
export class SignageService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outfalls: OutfallsService,
    private readonly config: AppConfig,
  ) {}

  /** The public page of an outfall, encoded in its sign's QR code. */
  qrPayload(code: string): string {
    return `${this.config.PUBLIC_BASE_URL.replace(/\/+$/, '')}/o/${encodeURIComponent(code)}`;
  }

  /** The outdated-field list of sign `s` at outfall `outfall` with water `w` (SQL text[]). */
  private outdatedSql(): string {
    const base = this.config.PUBLIC_BASE_URL.replace(/\/+$/, '').replace(/'/g, "''");
    return `array_remove(ARRAY[
      CASE WHEN s.outfall_name IS DISTINCT FROM outfall.name THEN '${SignField.OutfallName}' END,
      CASE WHEN s.outfall_code IS DISTINCT FROM ${CODE_SQL('outfall')} THEN '${SignField.OutfallCode}' END,
      CASE WHEN s.entity_name IS DISTINCT FROM ${MAIN_ENTITY_SQL('outfall')} THEN '${SignField.EntityName}' END,
      CASE WHEN s.receiving_water IS DISTINCT FROM w.name THEN '${SignField.ReceivingWater}' END,
      CASE WHEN s.qr_payload IS DISTINCT FROM '${base}/o/' || ${CODE_SQL('outfall')} THEN '${SignField.QrPayload}' END
    ]::varchar[], NULL)`;
  }

  /** Signs at the outfalls the caller may see, narrowed by the filter. */
  private filtered(principal: Principal, filter: SignFilterDto): SelectQueryBuilder<object> {
    const qb = this.outfalls
      .filtered(principal, { divisionId: filter.divisionId, waterBodyId: filter.waterBodyId, q: filter.q })
      .innerJoin(OutfallSign, 's', 's.outfall_id = outfall.id')
      .innerJoin('outfall.waterBody', 'w');
    if (filter.installed !== undefined)
      qb.andWhere('s.installed = :signInstalled', { signInstalled: filter.installed });
    if (filter.outdated !== undefined)
      qb.andWhere(`cardinality(${this.outdatedSql()}) ${filter.outdated ? '>' : '='} 0`);
    return qb as unknown as SelectQueryBuilder<object>;
  }

  private selectView(qb: SelectQueryBuilder<object>): SelectQueryBuilder<object> {
    return qb.select([
      's.id AS id',
      's.outfall_id AS "outfallId"',
      's.outfall_name AS "outfallName"',
      's.outfall_code AS "outfallCode"',
      's.entity_name AS "entityName"',
      's.receiving_water AS "receivingWater"',
      's.supervising_department AS "supervisingDepartment"',
      's.supervising_phone AS "supervisingPhone"',
      's.qr_payload AS "qrPayload"',
      's.installed AS installed',
      `to_char(s.installed_on, 'YYYY-MM-DD') AS "installedOn"`,
      's.photo_attachment_id AS "photoAttachmentId"',
      's.created_by_id AS "createdById"',
      's.created_at AS "createdAt"',
      's.updated_at AS "updatedAt"',
      's.version AS version',
      'outfall.local_code AS "localCode"',
      'division.id AS "divisionId"',
      'division.name AS "divisionName"',
      `${this.outdatedSql()} AS "outdatedFields"`,
    ]);
  }

  private view(row: Omit<SignViewDto, 'outdated'>): SignViewDto {
    return { ...row, outdated: row.outdatedFields.length > 0 } as SignViewDto;
  }

  /** Signs, filtered (installed, outdated, township, water, text), sorted and paginated. */
  async list(principal: Principal, query: SignQueryDto): Promise<PageResult<SignViewDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const offset = query.offset ?? 0;
    const base = this.filtered(principal, query);
    const total = await base.getCount();
    const qb = this.selectView(base);
    orderBy(qb, sortOrder(qb, query.sort ?? 'localCode', SORTABLE, 's.id'));
    const rows = await qb.offset(offset).limit(limit).getRawMany<Omit<SignViewDto, 'outdated'>>();
    return { items: rows.map((r) => this.view(r)), total, limit, offset };
  }

  /** Every sign in scope, for the ledger (the same filter as the list). */
  async all(principal: Principal, filter: SignFilterDto): Promise<SignViewDto[]> {
    const rows = await this.selectView(this.filtered(principal, filter))
      .orderBy('division.name')
      .addOrderBy('outfall.local_code')
      .getRawMany<Omit<SignViewDto, 'outdated'>>();
    return rows.map((r) => this.view(r));
  }

  /** The outfall's sign, with the outdated flag; 404 when it has none or the outfall is outside the caller's reach. */
  async get(principal: Principal, outfallId: string): Promise<SignViewDto> {
    await this.outfalls.get(principal, outfallId);
    const row = await this.selectView(this.filtered(principal, {}))
      .andWhere('outfall.id = :signOutfall', { signOutfall: outfallId })
      .getRawOne<Omit<SignViewDto, 'outdated'>>();
    if (!row) throw DomainException.notFound('Sign of outfall', outfallId);
    return this.view(row);
  }

  /** The content proposed from the outfall's current data (name, code, main entity, water, eco branch, QR). */
  async propose(principal: Principal, outfallId: string): Promise<SignProposalDto> {
    await this.outfalls.get(principal, outfallId);
    const [row] = await this.dataSource.query<
      { name: string; code: string; entity: string | null; water: string }[]
    >(
      `SELECT o.name, ${CODE_SQL('o')} AS code, ${MAIN_ENTITY_SQL('o')} AS entity, w.name AS water
         FROM outfall o JOIN water_body w ON w.id = o.water_body_id WHERE o.id = $1`,
      [outfallId],
    );
    const [branch] = await this.dataSource.query<{ name: string; phone: string | null }[]>(
      `SELECT name, liaison_phone AS phone FROM unit WHERE kind = $1 ORDER BY created_at LIMIT 1`,
      [UnitKind.EcologyBranch],
    );
    const phone = branch?.phone?.replace(/\s+/g, '') ?? null;
    return {
      outfallId,
      outfallName: row.name,
      outfallCode: row.code,
      entityName: row.entity,
      receivingWater: row.water,
      supervisingDepartment: branch?.name ?? '生态环境主管部门',
      supervisingPhone: phone && SIGN_PHONE_PATTERN.test(phone) ? phone : null,
      qrPayload: this.qrPayload(row.code),
    };
  }

  /**
   * Creates or replaces the outfall's sign (the write gate: jurisdiction, sector, active). The code and QR
   * payload follow the outfall; the outfall's 是否已树标 / 树标日期 follow the sign.
   */
  async save(principal: Principal, outfallId: string, dto: SignInputDto): Promise<SignViewDto> {
    if (dto.installed && !dto.installedOn)
      throw DomainException.invalid(
        'installedOn',
        '已树标的须填写树标日期 / installedOn is required when installed',
      );
    if (!dto.installed && dto.installedOn)
      throw DomainException.invalid(
        'installedOn',
        '未树标的不能填写树标日期 / installedOn is only for an installed sign',
      );
    if (dto.installedOn && dto.installedOn > beijingToday())
      throw DomainException.invalid(
        'installedOn',
        '树标日期不能晚于今天 / installedOn cannot be in the future',
      );
    await this.dataSource.transaction(async (em) => {
      const outfall = await this.outfalls.assertWritable(principal, outfallId, em);
      if (dto.photoAttachmentId) await this.checkPhoto(em, outfallId, dto.photoAttachmentId);
      const repo = em.getRepository(OutfallSign);
      const existing = await repo.findOne({ where: { outfallId }, lock: { mode: 'pessimistic_write' } });
      if (existing) {
        if (dto.version === undefined)
          throw DomainException.invalid('version', 'this outfall has a sign: send the version you read');
        assertVersion('Sign', existing.version, dto.version);
      }
      const code = outfall.nationalCode ?? outfall.localCode;
      const content = {
        outfallId,
        outfallName: dto.outfallName.trim(),
        outfallCode: code,
        entityName: dto.entityName.trim(),
        receivingWater: dto.receivingWater.trim(),
        supervisingDepartment: dto.supervisingDepartment.trim(),
        supervisingPhone: dto.supervisingPhone,
        qrPayload: this.qrPayload(code),
        installed: dto.installed,
        installedOn: dto.installed ? (dto.installedOn ?? null) : null,
        photoAttachmentId: dto.photoAttachmentId ?? null,
      };
      const before = existing ? { ...existing } : null;
      const saved = existing
        ? await repo.save(Object.assign(existing, content))
        : await repo.save(repo.create({ ...content, createdById: actorId(principal) }));
      await this.audit.record(em, {
        action: existing ? AuditAction.Update : AuditAction.Create,
        entityType: 'outfall_sign',
        entityId: saved.id,
        before,
        after: saved,
      });
      await this.syncOutfall(em, outfallId, content.installed, content.installedOn);
    });
    return this.get(principal, outfallId);
  }

  async remove(principal: Principal, outfallId: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, outfallId, em);
      const sign = await em.getRepository(OutfallSign).findOneBy({ outfallId });
      if (!sign) throw DomainException.notFound('Sign of outfall', outfallId);
      await em.getRepository(OutfallSign).delete({ id: sign.id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'outfall_sign',
        entityId: sign.id,
        before: sign,
      });
      await this.syncOutfall(em, outfallId, false, null);
    });
  }

  /** The outfall's own 是否已树标 / 树标日期 follow its sign; a change is audited under the outfall. */
  private async syncOutfall(
    em: EntityManager,
    outfallId: string,
    installed: boolean,
    installedOn: string | null,
  ): Promise<void> {
    const [current] = await em.query<{ installed: boolean; on: string | null }[]>(
      `SELECT signage_installed AS installed, to_char(signage_installed_on, 'YYYY-MM-DD') AS on
         FROM outfall WHERE id = $1`,
      [outfallId],
    );
    if (current.installed === installed && current.on === installedOn) return;
    await em.query(
      `UPDATE outfall SET signage_installed = $2, signage_installed_on = $3, updated_at = now(), version = version + 1
        WHERE id = $1`,
      [outfallId, installed, installedOn],
    );
    await this.audit.record(em, {
      action: AuditAction.Update,
      entityType: 'outfall',
      entityId: outfallId,
      before: { signageInstalled: current.installed, signageInstalledOn: current.on },
      after: { signageInstalled: installed, signageInstalledOn: installedOn, source: 'signage' },
    });
  }

  private async checkPhoto(em: EntityManager, outfallId: string, id: string): Promise<void> {
    const [{ found }] = await em.query<{ found: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM outfall_attachment WHERE id = $1 AND outfall_id = $2) AS found`,
      [id, outfallId],
    );
    if (!found)
      throw DomainException.invalid(
        'photoAttachmentId',
        'photoAttachmentId must be a photo uploaded to this outfall (kind signage_photo or photo)',
      );
  }
}

function actorId(principal: Principal): string | null {
  return principal.kind === 'user' && UUID.test(principal.id) ? principal.id : null;
}
