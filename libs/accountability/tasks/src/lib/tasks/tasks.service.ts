import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import {
  beijingToday,
  DomainException,
  likePattern,
  PageResult,
  paginate,
  parseCalendarDay,
  Principal,
} from '@outfall/common';
import { assertVersion } from '@outfall/org';
import { AuditAction, TaskRole, TaskState, TaskStatus, taskStatus } from '@outfall/shared-types';
import { DataSource, EntityManager, In, SelectQueryBuilder } from 'typeorm';
import { CreateTaskDto, TaskFilterDto, TaskQueryDto, UpdateTaskDto } from '../dto/tasks.dto';
import { TasksErrorCode, TasksException } from '../tasks.exception';
import { Task, TaskUnit, TaskUnitRef, TaskView } from './task.entity';

/** A Beijing day from an `asOf` argument (a day or a date-time with an offset); today when absent. */
export function asOfDay(input?: string | null): string {
  if (input === undefined || input === null || input === '') return beijingToday();
  const parsed = parseCalendarDay(input, 'asOf');
  if ('error' in parsed) throw DomainException.invalid('asOf', parsed.error);
  return parsed.day;
}

const ROLE_ORDER: TaskRole[] = [TaskRole.Lead, TaskRole.Cooperating, TaskRole.Responsible];

/** One row of the per-unit accountability table (dispatch report, unit page). */
export interface UnitAccountability {
  unitId: string;
  unitName: string;
  unitKind: string;
  lead: number;
  cooperating: number;
  responsible: number;
  done: number;
  overdue: number;
}

/**
 * Tasks of the plan (任务分工) and the units that lead, cooperate on and answer for them. Every path (REST,
 * GraphQL, the ledger, the dispatch report, the seed) goes through here. Tasks are city-wide: every account
 * with org:read reads them all; writes need task:manage.
 */
@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** SQL for a task's derived status on the Beijing day bound as `:asOf`. */
  static readonly STATUS_SQL = `CASE WHEN task.state = 'done' THEN 'done' WHEN task.deadline < CAST(:asOf AS date) THEN 'overdue' ELSE task.state END`;

  private filtered(filter: TaskFilterDto, asOf: string): SelectQueryBuilder<Task> {
    const qb = this.dataSource.getRepository(Task).createQueryBuilder('task').setParameter('asOf', asOf);
    if (filter.unitId) {
      qb.andWhere(
        `EXISTS (SELECT 1 FROM task_unit tu WHERE tu.task_id = task.id AND tu.unit_id = :unitId${
          filter.role ? ' AND tu.role = :role' : ''
        })`,
        { unitId: filter.unitId, role: filter.role },
      );
    } else if (filter.role) {
      throw DomainException.invalid('role', 'role filters the tasks of a unit: give unitId as well');
    }
    if (filter.kind) qb.andWhere('task.kind = :kind', { kind: filter.kind });
    if (filter.status) qb.andWhere(`${TasksService.STATUS_SQL} = :status`, { status: filter.status });
    if (filter.overdue !== undefined) {
      qb.andWhere(
        filter.overdue
          ? `task.state <> 'done' AND task.deadline < CAST(:asOf AS date)`
          : `NOT (task.state <> 'done' AND task.deadline < CAST(:asOf AS date))`,
      );
    }
    if (filter.q) {
      qb.andWhere('(task.code ILIKE :q OR task.title ILIKE :q OR task.sourceClause ILIKE :q)', {
        q: likePattern(filter.q),
      });
    }
    return qb;
  }

  async list(_principal: Principal, query: TaskQueryDto): Promise<PageResult<TaskView>> {
    const asOf = query.asOf ?? beijingToday();
    const page = await paginate(
      this.filtered(query, asOf),
      query,
      {
        deadline: 'task.deadline',
        code: 'task.code',
        title: 'task.title',
        kind: 'task.kind',
        state: 'task.state',
        updatedAt: 'task.updatedAt',
      },
      'deadline,code',
      'task.id',
    );
    return { ...page, items: await this.views(this.dataSource.manager, page.items, asOf) };
  }

  /** Every task matching the filter (ledger export), ordered by deadline and code. */
  async all(filter: TaskFilterDto): Promise<TaskView[]> {
    const asOf = filter.asOf ?? beijingToday();
    const tasks = await this.filtered(filter, asOf)
      .orderBy('task.deadline')
      .addOrderBy('task.code')
      .getMany();
    return this.views(this.dataSource.manager, tasks, asOf);
  }

  async get(
    id: string,
    asOf = beijingToday(),
    em: EntityManager = this.dataSource.manager,
  ): Promise<TaskView> {
    const task = await em.getRepository(Task).findOneBy({ id });
    if (!task) throw DomainException.notFound('Task', id);
    return (await this.views(em, [task], asOf))[0];
  }

  private async views(em: EntityManager, tasks: Task[], asOf: string): Promise<TaskView[]> {
    if (!tasks.length) return [];
    const rows = await em.query<{ task_id: string; role: TaskRole; id: string; name: string }[]>(
      `SELECT tu.task_id, tu.role, u.id, u.name FROM task_unit tu JOIN unit u ON u.id = tu.unit_id
        WHERE tu.task_id = ANY($1) ORDER BY u.kind, u.name`,
      [tasks.map((t) => t.id)],
    );
    return tasks.map((task) => {
      const units = rows.filter((r) => r.task_id === task.id);
      const refs = (role: TaskRole): TaskUnitRef[] =>
        units.filter((u) => u.role === role).map((u) => ({ id: u.id, name: u.name }));
      const status = taskStatus(task.state, task.deadline, asOf);
      return {
        id: task.id,
        code: task.code,
        title: task.title,
        kind: task.kind,
        description: task.description,
        sourceClause: task.sourceClause,
        deadline: task.deadline,
        state: task.state,
        completedOn: task.completedOn,
        status,
        overdue: status === TaskStatus.Overdue,
        lead: refs(TaskRole.Lead)[0] ?? null,
        cooperating: refs(TaskRole.Cooperating),
        responsible: refs(TaskRole.Responsible),
        demo: task.demo,
        updatedAt: task.updatedAt,
        version: task.version,
      };
    });
  }

  /** Checks the units: they exist, and no unit has two roles on one task (the plan gives each one part). */
  private async assignments(
    em: EntityManager,
    lead: string,
    cooperating: string[],
    responsible: string[],
  ): Promise<{ unitId: string; role: TaskRole }[]> {
    const list = [
      { unitId: lead, role: TaskRole.Lead, field: 'leadUnitId' },
      ...cooperating.map((unitId) => ({ unitId, role: TaskRole.Cooperating, field: 'cooperatingUnitIds' })),
      ...responsible.map((unitId) => ({ unitId, role: TaskRole.Responsible, field: 'responsibleUnitIds' })),
    ];
    const seen = new Map<string, string>();
    for (const item of list) {
      if (seen.has(item.unitId)) {
        throw new TasksException(
          TasksErrorCode.UnitRoleConflict,
          `同一单位在一项任务中只能承担一种角色（牵头、配合或责任）: unit ${item.unitId} is both ${seen.get(item.unitId)} and ${item.role}`,
          item.field,
        );
      }
      seen.set(item.unitId, item.role);
    }
    const ids = [...seen.keys()];
    const found = new Set(
      (await em.query<{ id: string }[]>(`SELECT id FROM unit WHERE id = ANY($1)`, [ids])).map((r) => r.id),
    );
    const missing = list.find((item) => !found.has(item.unitId));
    if (missing) {
      throw new TasksException(
        TasksErrorCode.UnitUnknown,
        `unit ${missing.unitId} does not exist`,
        missing.field,
      );
    }
    return list.map(({ unitId, role }) => ({ unitId, role }));
  }

  private completion(state: TaskState, completedOn: string | null | undefined): string | null {
    if (state !== TaskState.Done) {
      if (completedOn)
        throw new TasksException(
          TasksErrorCode.CompletedOn,
          'completedOn is only set on a done task',
          'completedOn',
        );
      return null;
    }
    const day = completedOn ?? beijingToday();
    if (day > beijingToday())
      throw new TasksException(
        TasksErrorCode.CompletedOn,
        'completedOn cannot be in the future',
        'completedOn',
      );
    return day;
  }

  private async assertCodeFree(em: EntityManager, code: string, exceptId?: string): Promise<void> {
    const [row] = await em.query<{ id: string }[]>(`SELECT id FROM task WHERE lower(code) = lower($1)`, [
      code,
    ]);
    if (row && row.id !== exceptId)
      throw new TasksException(TasksErrorCode.CodeTaken, `task code ${code} is already used`, 'code');
  }

  async create(
    _principal: Principal | null,
    input: CreateTaskDto,
    options: { demo?: boolean } = {},
  ): Promise<TaskView> {
    return this.dataSource.transaction(async (em) => {
      await this.assertCodeFree(em, input.code);
      const units = await this.assignments(
        em,
        input.leadUnitId,
        input.cooperatingUnitIds ?? [],
        input.responsibleUnitIds ?? [],
      );
      const state = input.state ?? TaskState.NotStarted;
      const repo = em.getRepository(Task);
      const task = await repo.save(
        repo.create({
          code: input.code,
          title: input.title,
          kind: input.kind,
          description: input.description ?? null,
          sourceClause: input.sourceClause ?? null,
          deadline: input.deadline,
          state,
          completedOn: this.completion(state, input.completedOn),
          demo: options.demo ?? false,
        }),
      );
      await em.getRepository(TaskUnit).insert(units.map((u) => ({ ...u, taskId: task.id })));
      const view = await this.get(task.id, beijingToday(), em);
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'task',
        entityId: task.id,
        after: this.auditable(view),
      });
      return view;
    });
  }

  async update(_principal: Principal, id: string, input: UpdateTaskDto): Promise<TaskView> {
    return this.dataSource.transaction(async (em) => {
      const task = await em
        .getRepository(Task)
        .findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!task) throw DomainException.notFound('Task', id);
      assertVersion('Task', task.version, input.version);
      const before = await this.get(id, beijingToday(), em);
      if (input.title !== undefined) task.title = input.title;
      if (input.kind !== undefined) task.kind = input.kind;
      if (input.description !== undefined) task.description = input.description || null;
      if (input.sourceClause !== undefined) task.sourceClause = input.sourceClause || null;
      if (input.deadline !== undefined) task.deadline = input.deadline;
      const state = input.state ?? task.state;
      const stateChanged = state !== task.state || input.completedOn !== undefined;
      if (stateChanged)
        task.completedOn = this.completion(
          state,
          input.completedOn ?? (state === task.state ? task.completedOn : undefined),
        );
      task.state = state;
      const unitsChanged =
        input.leadUnitId !== undefined ||
        input.cooperatingUnitIds !== undefined ||
        input.responsibleUnitIds !== undefined;
      if (unitsChanged) {
        const units = await this.assignments(
          em,
          input.leadUnitId ?? before.lead?.id ?? '',
          input.cooperatingUnitIds ?? before.cooperating.map((u) => u.id),
          input.responsibleUnitIds ?? before.responsible.map((u) => u.id),
        );
        await em.getRepository(TaskUnit).delete({ taskId: id });
        await em.getRepository(TaskUnit).insert(units.map((u) => ({ ...u, taskId: id })));
      }
      // the version moves on every change, also when only the units changed
      task.updatedAt = new Date();
      await em.getRepository(Task).save(task);
      const after = await this.get(id, beijingToday(), em);
      await this.audit.record(em, {
        action: AuditAction.Update,
        entityType: 'task',
        entityId: id,
        before: this.auditable(before),
        after: this.auditable(after),
      });
      return after;
    });
  }

  async remove(_principal: Principal, id: string): Promise<void> {
    await this.dataSource.transaction(async (em) => {
      const before = await this.get(id, beijingToday(), em);
      await em.getRepository(Task).delete({ id });
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'task',
        entityId: id,
        before: this.auditable(before),
      });
    });
  }

  private auditable(view: TaskView): object {
    const { status: _s, overdue: _o, updatedAt: _u, ...rest } = view;
    return rest;
  }

  /** A unit's tasks grouped by its role (lead, cooperating, responsible), with done and overdue counts. */
  async forUnit(unitId: string, asOfInput?: string | null) {
    const asOf = asOfDay(asOfInput);
    const [unit] = await this.dataSource.query<{ id: string; name: string }[]>(
      `SELECT id, name FROM unit WHERE id = $1`,
      [unitId],
    );
    if (!unit) throw DomainException.notFound('Unit', unitId);
    const rows = await this.dataSource.query<{ task_id: string; role: TaskRole }[]>(
      `SELECT task_id, role FROM task_unit WHERE unit_id = $1`,
      [unitId],
    );
    const tasks = await this.dataSource
      .getRepository(Task)
      .find({ where: { id: In(rows.map((r) => r.task_id)) }, order: { deadline: 'ASC', code: 'ASC' } });
    const views = await this.views(this.dataSource.manager, tasks, asOf);
    const groups = ROLE_ORDER.map((role) => {
      const ids = new Set(rows.filter((r) => r.role === role).map((r) => r.task_id));
      const mine = views.filter((v) => ids.has(v.id));
      return {
        role,
        total: mine.length,
        done: mine.filter((v) => v.status === TaskStatus.Done).length,
        overdue: mine.filter((v) => v.overdue).length,
        tasks: mine,
      };
    });
    return { unitId: unit.id, unitName: unit.name, asOf, groups };
  }

  /**
   * Per unit: tasks led / cooperating / responsible, and of all its tasks how many were done and how many
   * overdue as of `asOf` (a task counts done when completed on or before that day; overdue when not done by
   * then and the deadline is before it). Facts recorded after `recordedBy` (task rows created later) are left out.
   */
  async accountability(asOf: string, recordedBy: Date = new Date()): Promise<UnitAccountability[]> {
    return this.dataSource.query<UnitAccountability[]>(
      `SELECT u.id AS "unitId", u.name AS "unitName", u.kind AS "unitKind",
              count(*) FILTER (WHERE tu.role = 'lead')::int AS lead,
              count(*) FILTER (WHERE tu.role = 'cooperating')::int AS cooperating,
              count(*) FILTER (WHERE tu.role = 'responsible')::int AS responsible,
              count(*) FILTER (WHERE t.state = 'done' AND t.completed_on <= $1::date)::int AS done,
              count(*) FILTER (WHERE NOT (t.state = 'done' AND t.completed_on <= $1::date) AND t.deadline < $1::date)::int AS overdue
         FROM unit u JOIN task_unit tu ON tu.unit_id = u.id JOIN task t ON t.id = tu.task_id AND t.created_at <= $2
        GROUP BY u.id, u.name, u.kind
        ORDER BY overdue DESC, u.kind, u.name`,
      [asOf, recordedBy],
    );
  }
}
