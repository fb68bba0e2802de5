import { Injectable, OnModuleInit } from '@nestjs/common';
import { beijingToday, FileStorage, XLSX_CONTENT_TYPE } from '@outfall/common';
import { defineJob, JobContext, JobRunner, QueueName } from '@outfall/queue';
import { TASK_KIND_LABELS, TASK_STATUS_LABELS, TaskKind, TaskStatus } from '@outfall/shared-types';
import ExcelJS from 'exceljs';
import { TaskFilterDto } from '../dto/tasks.dto';
import { TasksService } from '../tasks/tasks.service';

export interface TaskLedgerJobData {
  filter: Record<string, string | boolean>;
}

export interface TaskLedgerJobResult {
  rows: number;
  file: { storageKey: string; fileName: string; contentType: string };
}

export const TASK_LEDGER_JOB = defineJob<TaskLedgerJobData, TaskLedgerJobResult>(
  QueueName.Exports,
  'task-ledger',
);

/** The division-of-labour ledger (任务分工台账): one row per task with its units by role, as XLSX. */
@Injectable()
export class TaskLedgerJob implements OnModuleInit {
  constructor(
    private readonly runner: JobRunner,
    private readonly tasks: TasksService,
    private readonly storage: FileStorage,
  ) {}

  onModuleInit(): void {
    this.runner.register(TASK_LEDGER_JOB, (context) => this.run(context));
  }

  async run(context: JobContext<TaskLedgerJobData>): Promise<TaskLedgerJobResult> {
    const filter = context.data.filter as unknown as TaskFilterDto;
    const asOf = filter.asOf ?? beijingToday();
    const tasks = await this.tasks.all({ ...filter, asOf });
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'river-outfall platform';
    const sheet = workbook.addWorksheet('任务分工台账');
    sheet.columns = (
      [
        ['序号', 'n', 6],
        ['任务编号', 'code', 14],
        ['任务名称', 'title', 36],
        ['任务类别', 'kind', 12],
        ['方案条款', 'clause', 14],
        ['牵头单位', 'lead', 26],
        ['配合单位', 'cooperating', 40],
        ['责任单位', 'responsible', 40],
        ['完成时限', 'deadline', 12],
        ['状态', 'status', 10],
        ['完成日期', 'completedOn', 12],
        ['工作内容', 'description', 50],
      ] as [string, string, number][]
    ).map(([header, key, width]) => ({ header, key, width }));
    tasks.forEach((task, index) =>
      sheet.addRow({
        n: index + 1,
        code: task.code,
        title: task.title,
        kind: TASK_KIND_LABELS[task.kind as TaskKind]?.zh ?? task.kind,
        clause: task.sourceClause ?? '',
        lead: task.lead?.name ?? '',
        cooperating: task.cooperating.map((u) => u.name).join('、'),
        responsible: task.responsible.map((u) => u.name).join('、'),
        deadline: task.deadline,
        status: TASK_STATUS_LABELS[task.status as TaskStatus]?.zh ?? task.status,
        completedOn: task.completedOn ?? '',
        description: task.description ?? '',
      }),
    );
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    sheet.pageSetup = {
      orientation: 'landscape',
      paperSize: 9,
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    };
    sheet.pageSetup.printTitlesRow = '1:1';
    await context.updateProgress(90);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const storageKey = `exports/${context.id}.xlsx`;
    await this.storage.put(storageKey, buffer);
    return {
      rows: tasks.length,
      file: {
        storageKey,
        fileName: `任务分工台账-${asOf}-${context.id.slice(0, 8)}.xlsx`,
        contentType: XLSX_CONTENT_TYPE,
      },
    };
  }
}
