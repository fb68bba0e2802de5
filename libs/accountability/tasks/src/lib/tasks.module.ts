import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DispatchReportSections, ProgressModule } from '@outfall/progress';
import { UNIT_KIND_LABELS, UnitKind } from '@outfall/shared-types';
import { TaskLedgerJob } from './ledger/task-ledger.job';
import { OutfallSection, RiverChief, RiverSection } from './rivers/river.entity';
import { RiversService } from './rivers/rivers.service';
import { RiversController, TasksController } from './tasks.controller';
import { TasksResolver } from './tasks.resolver';
import { Task, TaskUnit } from './tasks/task.entity';
import { TasksService } from './tasks/tasks.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const TASKS_ENTITIES: (new (...args: never[]) => object)[] = [
  Task,
  TaskUnit,
  RiverSection,
  RiverChief,
  OutfallSection,
];

/** 任务分工与河湖长 (tasks with lead, cooperating and responsible units; river chiefs). */
@Module({
  imports: [TypeOrmModule.forFeature(TASKS_ENTITIES), ProgressModule],
  controllers: [TasksController, RiversController],
  providers: [TasksService, RiversService, TasksResolver, TaskLedgerJob],
  exports: [TasksService, RiversService],
})
export class TasksModule implements OnModuleInit {
  constructor(
    private readonly sections: DispatchReportSections,
    private readonly tasks: TasksService,
  ) {}

  onModuleInit(): void {
    this.sections.register({
      key: 'accountability',
      order: 70,
      heading: '部门责任落实',
      load: async (context) => {
        const rows = await this.tasks.accountability(context.asOf, context.computedAt);
        const overdue = rows.filter((r) => r.overdue > 0);
        return [
          {
            title: '部门任务分工落实',
            summary:
              `截至 ${context.asOf}，${rows.length} 个单位承担任务分工，` +
              `${overdue.length} 个单位有逾期任务（共 ${overdue.reduce((n, r) => n + r.overdue, 0)} 项次）。`,
            columns: [
              ['单位', 'unitName', 30],
              ['单位类型', 'unitKind', 14],
              ['牵头任务', 'lead', 10],
              ['配合任务', 'cooperating', 10],
              ['责任任务', 'responsible', 10],
              ['已完成', 'done', 10],
              ['逾期', 'overdue', 10],
            ],
            rows: rows.map((r) => ({
              ...r,
              unitKind: UNIT_KIND_LABELS[r.unitKind as UnitKind]?.zh ?? r.unitKind,
            })),
          },
        ];
      },
    });
  }
}
