import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, likePattern, PageResult, paginate, Principal } from '@outfall/common';
import { assertVersion, Division, Unit } from '@outfall/org';
import { AuditAction, Me, Role, UnitKind } from '@outfall/shared-types';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher, passwordProblem } from '../auth/password-hasher';
import { ChangePasswordDto } from '../dto/auth.dto';
import { CreateUserDto, UpdateUserDto, UserDto, UserQueryDto } from '../dto/user.dto';
import { IamErrorCode, IamException } from '../iam.exception';
import { User } from './user.entity';

/** Which unit kinds each role may belong to. */
const ROLE_UNIT_KINDS: Record<Role, UnitKind[] | 'any'> = {
  [Role.SystemAdmin]: 'any',
  [Role.EcologyBranch]: [UnitKind.EcologyBranch],
  [Role.WaterBureau]: [UnitKind.WaterBureau],
  [Role.SectorDepartment]: [
    UnitKind.Housing,
    UnitKind.Agriculture,
    UnitKind.CommerceIndustry,
    UnitKind.UrbanManagement,
    UnitKind.Transport,
    UnitKind.DevelopmentReform,
    UnitKind.Other,
  ],
  [Role.Township]: [UnitKind.Township],
};

export function toUserDto(user: User): UserDto {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    unitId: user.unitId,
    unit: user.unit ? { id: user.unit.id, name: user.unit.name } : null,
    active: user.active,
    lastLoginAt: user.lastLoginAt,
    demo: user.demo,
    createdAt: user.createdAt,
    version: user.version,
  };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly audit: AuditService,
  ) {}

  list(query: UserQueryDto): Promise<PageResult<User>> {
    const qb = this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .leftJoinAndSelect('user.unit', 'unit');
    if (query.role) qb.andWhere('user.role = :role', { role: query.role });
    if (query.unitId) qb.andWhere('user.unitId = :unitId', { unitId: query.unitId });
    if (query.active !== undefined) qb.andWhere('user.active = :active', { active: query.active });
    if (query.q)
      qb.andWhere('(user.username ILIKE :q OR user.displayName ILIKE :q)', { q: likePattern(query.q) });
    return paginate(
      qb,
      query,
      {
        username: 'user.username',
        displayName: 'user.displayName',
        role: 'user.role',
        createdAt: 'user.createdAt',
        lastLoginAt: 'user.lastLoginAt',
      },
      'username',
      'user.id',
    );
  }

  async get(id: string, em: EntityManager = this.dataSource.manager): Promise<User> {
    const user = await em.getRepository(User).findOne({ where: { id }, relations: { unit: true } });
    if (!user) throw DomainException.notFound('User', id);
    return user;
  }

  private async checkRoleAndUnit(em: EntityManager, role: Role, unitId: string): Promise<void> {
    const unit = await em.getRepository(Unit).findOneBy({ id: unitId });
    if (!unit) throw DomainException.invalid('unitId', `unit ${unitId} does not exist`);
    const kinds = ROLE_UNIT_KINDS[role];
    if (kinds !== 'any' && !kinds.includes(unit.kind)) {
      throw new IamException(
        IamErrorCode.RoleUnitMismatch,
        'role',
        `role ${role} cannot belong to a unit of kind ${unit.kind}`,
      );
    }
  }

  private assertStrong(password: string, field: string): void {
    const problem = passwordProblem(password);
    if (problem) throw new IamException(IamErrorCode.WeakPassword, field, problem);
  }

  async create(input: CreateUserDto): Promise<User> {
    this.assertStrong(input.password, 'password');
    const passwordHash = await this.hasher.hash(input.password);
    return this.dataSource.transaction(async (em) => {
      await this.checkRoleAndUnit(em, input.role, input.unitId);
      const repo = em.getRepository(User);
      if (await repo.existsBy({ username: input.username }))
        throw new IamException(IamErrorCode.UsernameTaken, 'username');
      const user = await repo.save(
        repo.create({
          username: input.username,
          displayName: input.displayName,
          passwordHash,
          role: input.role,
          unitId: input.unitId,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'user',
        entityId: user.id,
        after: user,
      });
      return this.get(user.id, em);
    });
  }

  async update(id: string, input: UpdateUserDto): Promise<User> {
    if (input.password !== undefined) this.assertStrong(input.password, 'password');
    const passwordHash = input.password !== undefined ? await this.hasher.hash(input.password) : undefined;
    return this.dataSource.transaction(async (em) => {
      await em.getRepository(User).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      const user = await this.get(id, em);
      assertVersion('User', user.version, input.version);
      const before = { ...user, unit: undefined };
      const role = input.role ?? user.role;
      const unitId = input.unitId ?? user.unitId;
      if (input.role !== undefined || input.unitId !== undefined)
        await this.checkRoleAndUnit(em, role, unitId);
      Object.assign(user, {
        displayName: input.displayName ?? user.displayName,
        role,
        unitId,
        active: input.active ?? user.active,
      });
      if (passwordHash || input.active === false || role !== before.role || unitId !== before.unitId) {
        user.credentialsChangedAt = new Date();
      }
      delete user.unit;
      const saved = await em.getRepository(User).save(passwordHash ? { ...user, passwordHash } : user);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'user',
        entityId: id,
        before,
        after: saved,
      });
      return this.get(id, em);
    });
  }

  async changeOwnPassword(principal: Principal, input: ChangePasswordDto): Promise<void> {
    if (principal.kind !== 'user') throw DomainException.forbidden('API keys have no password');
    const stored = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('user')
      .addSelect('user.passwordHash')
      .where('user.id = :id', { id: principal.id })
      .getOneOrFail();
    if (!(await this.hasher.verify(input.currentPassword, stored.passwordHash))) {
      throw new IamException(IamErrorCode.WrongCurrentPassword, 'currentPassword');
    }
    this.assertStrong(input.newPassword, 'newPassword');
    const passwordHash = await this.hasher.hash(input.newPassword);
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(User).update(principal.id, { passwordHash, credentialsChangedAt: new Date() });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'user',
        entityId: principal.id,
        before: { password: 'changed' },
        after: { passwordChangedAt: new Date() },
      });
    });
  }

  /**
   * Ends every session of the caller's account ("log out everywhere"): the credential version moves on, so every
   * token minted before answers 401 (this process at once, through the identity cache's write listener; other
   * processes within IDENTITY_CACHE_MS). Audited.
   */
  async endAllSessions(principal: Principal): Promise<void> {
    if (principal.kind !== 'user') throw DomainException.forbidden('API keys have no sessions');
    const endedAt = new Date();
    await this.dataSource.transaction(async (em) => {
      await em.getRepository(User).update(principal.id, { credentialsChangedAt: endedAt });
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'user',
        entityId: principal.id,
        before: { sessions: 'active' },
        after: { sessionsEndedAt: endedAt },
      });
    });
  }

  /** The caller as the SPA needs it. */
  async me(principal: Principal): Promise<Me> {
    const division = principal.jurisdiction.divisionId
      ? await this.dataSource.getRepository(Division).findOneBy({ id: principal.jurisdiction.divisionId })
      : null;
    const jurisdiction = {
      cityWide: principal.jurisdiction.cityWide,
      divisionId: principal.jurisdiction.divisionId,
      divisionName: division?.name ?? null,
    };
    if (principal.kind === 'api_key') {
      return {
        id: principal.id,
        username: principal.name,
        displayName: principal.name,
        role: `api_key:${principal.apiKeyScope}`,
        permissions: [...principal.permissions],
        unit: { id: '', name: '' },
        jurisdiction,
        demo: false,
      };
    }
    const user = await this.get(principal.id);
    return {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      role: user.role,
      permissions: [...principal.permissions],
      unit: { id: user.unitId, name: user.unit?.name ?? '' },
      jurisdiction,
      demo: user.demo,
    };
  }
}
