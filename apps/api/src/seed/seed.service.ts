import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { AppConfig } from '@outfall/config';
import { PasswordHasher, User } from '@outfall/iam';
import { OutfallsService } from '@outfall/directory';
import { Division, OrgService, Unit } from '@outfall/org';
import { AuditAction, UnitKind } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { CITY, DEMO_USERS, DEPARTMENTS, demoLiaison, TOWNSHIPS } from './changji.data';
import { DEMO_BOUNDARY_SOURCE, demoBoundaries } from './demo-boundaries.data';
import { DirectoryDemoSeeder } from './directory-demo.seeder';
import { StandardsService } from '@outfall/monitoring';
import { ProgressService } from '@outfall/progress';
import { MonitoringDemoSeeder } from './monitoring-demo.seeder';
import { RemediationDemoSeeder } from './remediation-demo.seeder';
import { SourceListsDemoSeeder } from './supervision/source-lists-demo.seeder';
import { SetupReviewDemoSeeder } from './supervision/setup-review-demo.seeder';
import { PermitsDemoSeeder } from './supervision/permits-demo.seeder';
import { PatrolsDemoSeeder } from './supervision/patrols-demo.seeder';
import { EnforcementDemoSeeder } from './supervision/enforcement-demo.seeder';
import { SignageDemoSeeder } from './supervision/signage-demo.seeder';
import { PublicPortalDemoSeeder } from './supervision/public-portal-demo.seeder';
import { PublicReportsDemoSeeder } from './supervision/public-reports-demo.seeder';
import { TasksDemoSeeder } from './supervision/tasks-demo.seeder';
import { SubmissionsDemoSeeder } from './supervision/submissions-demo.seeder';

export interface SeedReport {
  divisions: number;
  units: number;
  users: number;
  outfalls: number;
  samples: number;
  tracing: number;
  plans: number;
}

/**
 * Loads the demo data set: Changji City's divisions, the plan's departments and township units, and (only
 * when demo data is enabled) one or more demo accounts per role. Idempotent: existing rows are kept.
 * Everything it creates is marked `demo` (synthetic).
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
    private readonly directory: DirectoryDemoSeeder,
    private readonly monitoring: MonitoringDemoSeeder,
    private readonly remediation: RemediationDemoSeeder,
    private readonly standards: StandardsService,
    private readonly progress: ProgressService,
    private readonly org: OrgService,
    private readonly outfalls: OutfallsService,
    private readonly sourceListsDemo: SourceListsDemoSeeder,
    private readonly setupReviewDemo: SetupReviewDemoSeeder,
    private readonly permitsDemo: PermitsDemoSeeder,
    private readonly patrolsDemo: PatrolsDemoSeeder,
    private readonly enforcementDemo: EnforcementDemoSeeder,
    private readonly signageDemo: SignageDemoSeeder,
    private readonly publicPortalDemo: PublicPortalDemoSeeder,
    private readonly publicReportsDemo: PublicReportsDemoSeeder,
    private readonly tasksDemo: TasksDemoSeeder,
    private readonly submissionsDemo: SubmissionsDemoSeeder,
  ) {}

  async isEmpty(): Promise<boolean> {
    return (await this.dataSource.getRepository(Division).count()) === 0;
  }

  /**
   * `monitoring: false` leaves out the demo samples and tracing (tests that count their own);
   * `boundaries: false` leaves out the synthetic township boundaries (tests that place outfalls by hand).
   */
  async run(
    options: { outfalls?: number; monitoring?: boolean; boundaries?: boolean } = {},
  ): Promise<SeedReport> {
    const passwordHash = this.config.demoData ? await this.hasher.hash(this.config.DEMO_PASSWORD) : '';
    const report = await this.dataSource.transaction(async (em) => {
      const created: SeedReport = {
        divisions: 0,
        units: 0,
        users: 0,
        outfalls: 0,
        samples: 0,
        tracing: 0,
        plans: 0,
      };
      await this.standards.syncReferenceData(em);
      await this.progress.seedTargets(em);
      const city = await this.division(em, { ...CITY, parent: null }, created);
      const unitByName = new Map<string, Unit>();
      let liaisonIndex = 0;
      for (const department of DEPARTMENTS) {
        const unit = await this.unit(
          em,
          { ...department, divisionId: city.id, liaison: demoLiaison(liaisonIndex++) },
          created,
        );
        unitByName.set(unit.name, unit);
      }
      for (const township of TOWNSHIPS) {
        const division = await this.division(em, { ...township, parent: city }, created);
        const unit = await this.unit(
          em,
          {
            name: township.unit,
            kind: UnitKind.Township,
            sectorCategories: [],
            divisionId: division.id,
            liaison: demoLiaison(liaisonIndex++),
          },
          created,
        );
        unitByName.set(unit.name, unit);
      }
      if (this.config.demoData && options.boundaries !== false) await this.demoBoundaries(em);
      if (this.config.demoData) {
        for (const demoUser of DEMO_USERS) {
          const unit = unitByName.get(demoUser.unit);
          if (!unit) throw new Error(`seed: unknown unit ${demoUser.unit}`);
          await this.user(em, { ...demoUser, unitId: unit.id, passwordHash }, created);
        }
      }
      return created;
    });
    // the directory demo (rivers, protected areas, entities, outfalls) only with demo data enabled
    if (this.config.demoData) report.outfalls = await this.directory.run(options.outfalls ?? 300);
    if (this.config.demoData && options.monitoring !== false) {
      Object.assign(report, await this.monitoring.run());
      report.plans = (await this.remediation.run()).plans;
      // supervision: base lists first (setup review and tracing pick from them), enforcement after patrols
      await this.sourceListsDemo.run();
      await this.setupReviewDemo.run();
      await this.permitsDemo.run();
      await this.patrolsDemo.run();
      await this.enforcementDemo.run();
      await this.signageDemo.run();
      await this.publicPortalDemo.run();
      await this.publicReportsDemo.run();
      await this.tasksDemo.run();
      await this.submissionsDemo.run();
    }
    this.logger.log(
      `seeded ${report.divisions} divisions, ${report.units} units, ${report.users} users, ${report.outfalls} outfalls, ${report.samples} samples, ${report.tracing} tracing records, ${report.plans} remediation plans (synthetic demo data)`,
    );
    return report;
  }

  /**
   * The synthetic (合成) demo boundaries, for divisions that have none yet (never over loaded ones). When an
   * existing database gains boundaries, its outfalls' townships are derived again (hand-entered ones are
   * flagged, not moved).
   */
  private async demoBoundaries(em: EntityManager): Promise<void> {
    let loaded = 0;
    for (const { code, geometry } of demoBoundaries()) {
      const [row] = await em.query<{ empty: boolean }[]>(
        `SELECT boundary IS NULL AS empty FROM division WHERE code = $1`,
        [code],
      );
      if (!row?.empty) continue;
      await this.org.setBoundary(em, code, JSON.stringify(geometry), DEMO_BOUNDARY_SOURCE);
      loaded++;
    }
    if (loaded) await this.outfalls.rederiveDivisions(em);
  }

  private async division(
    em: EntityManager,
    input: { code: string; name: string; level: Division['level']; parent: Division | null },
    created: SeedReport,
  ): Promise<Division> {
    const repo = em.getRepository(Division);
    const existing = await repo.findOneBy({ code: input.code });
    if (existing) return existing;
    const division = await repo.save(
      repo.create({
        code: input.code,
        name: input.name,
        level: input.level,
        parentId: input.parent?.id ?? null,
        path: input.parent ? `${input.parent.path}/${input.code}` : input.code,
        demo: true,
      }),
    );
    await this.audit.record(em, {
      action: AuditAction.Create,
      entityType: 'division',
      entityId: division.id,
      after: division,
    });
    created.divisions++;
    return division;
  }

  private async unit(
    em: EntityManager,
    input: Pick<Unit, 'name' | 'kind' | 'sectorCategories' | 'divisionId'> & {
      liaison: { name: string; phone: string; position: string };
    },
    created: SeedReport,
  ): Promise<Unit> {
    const repo = em.getRepository(Unit);
    const existing = await repo.findOneBy({ name: input.name });
    if (existing) return existing;
    const unit = await repo.save(
      repo.create({
        name: input.name,
        kind: input.kind,
        sectorCategories: input.sectorCategories,
        divisionId: input.divisionId,
        liaisonName: input.liaison.name,
        liaisonPhone: input.liaison.phone,
        liaisonPosition: input.liaison.position,
        demo: true,
      }),
    );
    await this.audit.record(em, {
      action: AuditAction.Create,
      entityType: 'unit',
      entityId: unit.id,
      after: unit,
    });
    created.units++;
    return unit;
  }

  private async user(
    em: EntityManager,
    input: Pick<User, 'username' | 'displayName' | 'role' | 'unitId' | 'passwordHash'>,
    created: SeedReport,
  ): Promise<void> {
    const repo = em.getRepository(User);
    if (await repo.existsBy({ username: input.username })) return;
    const user = await repo.save(repo.create({ ...input, demo: true }));
    await this.audit.record(em, {
      action: AuditAction.Create,
      entityType: 'user',
      entityId: user.id,
      after: user,
    });
    created.users++;
  }
}
