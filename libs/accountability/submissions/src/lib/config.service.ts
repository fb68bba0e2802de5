import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, Principal } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { AccountabilityConfig, configProblems, DEFAULT_ACCOUNTABILITY_CONFIG } from './assessment.formula';
import { SubmissionsErrorCode } from './submissions.exception';
import { AccountabilityConfigVersion } from './submissions.entities';

/** The versioned accountability configuration: the latest version is in force; none saved → the default. */
@Injectable()
export class AccountabilityConfigService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  async current(em: EntityManager = this.dataSource.manager): Promise<{
    version: number | null;
    config: AccountabilityConfig;
  }> {
    const [latest] = await em
      .getRepository(AccountabilityConfigVersion)
      .find({ order: { version: 'DESC' }, take: 1 });
    return latest
      ? { version: latest.version, config: latest.config as AccountabilityConfig }
      : { version: null, config: DEFAULT_ACCOUNTABILITY_CONFIG };
  }

  versions(): Promise<AccountabilityConfigVersion[]> {
    return this.dataSource.getRepository(AccountabilityConfigVersion).find({ order: { version: 'DESC' } });
  }

  /** Saves a new version (400 with the invalid fields named). */
  async save(principal: Principal, config: unknown, note?: string): Promise<AccountabilityConfigVersion> {
    const problems = configProblems(config);
    if (problems.length)
      throw new DomainException(
        SubmissionsErrorCode.Config,
        `考核配置无效：${problems.map((p) => p.message).join('; ')}`,
        400,
        problems.map((p) => ({ field: `config.${p.field}`, message: p.message })),
      );
    return this.dataSource.transaction(async (em) => {
      const before = await this.current(em);
      const repo = em.getRepository(AccountabilityConfigVersion);
      const saved = await repo.save(
        repo.create({ config: config as object, note: note?.trim() || null, savedBy: principal.name }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'accountability_config',
        entityId: String(saved.version),
        before: before.config,
        after: saved,
      });
      return saved;
    });
  }
}
