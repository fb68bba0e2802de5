import { Field, GraphQLISODateTime, ID, Int, ObjectType, registerEnumType } from '@nestjs/graphql';
import { Unit } from '@outfall/org';
import { TaskKind, TaskRole, TaskState, TaskStatus } from '@outfall/shared-types';
import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryColumn,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
} from 'typeorm';

registerEnumType(TaskKind, { name: 'TaskKind' });
registerEnumType(TaskRole, { name: 'TaskRole' });
registerEnumType(TaskState, { name: 'TaskState' });
registerEnumType(TaskStatus, { name: 'TaskStatus' });

/** A task of the plan (任务分工): what, by when, from which clause; its units are in `task_unit`. */
@Entity('task')
@Index('task_deadline_idx', ['deadline'])
export class Task {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('task_code_uq', { unique: true })
  @Column({ type: 'varchar', length: 32 })
  code: string;

  @Column({ type: 'varchar', length: 200 })
  title: string;

  @Column({ type: 'varchar', length: 32 })
  kind: TaskKind;

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** The plan's clause the task comes from, e.g. `三（一）1`. */
  @Column({ type: 'varchar', length: 200, nullable: true })
  sourceClause: string | null;

  @Column({ type: 'date' })
  deadline: string;

  @Column({ type: 'varchar', length: 16, default: TaskState.NotStarted })
  state: TaskState;

  @Column({ type: 'date', nullable: true })
  completedOn: string | null;

  @Column({ type: 'boolean', default: false })
  demo: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  @VersionColumn()
  version: number;
}

/** A unit's role on a task: one lead (牵头), any cooperating (配合) and responsible (责任) units; one role per unit. */
@Entity('task_unit')
@Index('task_unit_unit_idx', ['unitId', 'role'])
@Index('task_unit_lead_uq', ['taskId'], { unique: true, where: `role = 'lead'` })
export class TaskUnit {
  @PrimaryColumn({ type: 'uuid' })
  taskId: string;

  @PrimaryColumn({ type: 'uuid' })
  unitId: string;

  @Column({ type: 'varchar', length: 16 })
  role: TaskRole;

  @ManyToOne(() => Task, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id' })
  task?: Task;

  @ManyToOne(() => Unit, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'unit_id' })
  unit?: Unit;
}

@ObjectType('TaskUnitRef')
export class TaskUnitRef {
  @Field(() => ID) id: string;
  @Field() name: string;
}

/** A task as read: its units by role and its status on the Beijing day asked for. */
@ObjectType('Task')
export class TaskView {
  @Field(() => ID) id: string;
  @Field() code: string;
  @Field() title: string;
  @Field(() => TaskKind) kind: TaskKind;
  @Field(() => String, { nullable: true }) description: string | null;
  @Field(() => String, { nullable: true, description: 'Clause of the plan, e.g. 三（一）1' })
  sourceClause: string | null;
  @Field({ description: 'YYYY-MM-DD, Asia/Shanghai' }) deadline: string;
  @Field(() => TaskState) state: TaskState;
  @Field(() => String, { nullable: true }) completedOn: string | null;
  @Field(() => TaskStatus, {
    description: 'Derived: overdue when not done and the Beijing day is past the deadline',
  })
  status: TaskStatus;
  @Field() overdue: boolean;
  @Field(() => TaskUnitRef, { nullable: true }) lead: TaskUnitRef | null;
  @Field(() => [TaskUnitRef]) cooperating: TaskUnitRef[];
  @Field(() => [TaskUnitRef]) responsible: TaskUnitRef[];
  @Field() demo: boolean;
  @Field(() => GraphQLISODateTime) updatedAt: Date;
  @Field(() => Int) version: number;
}
