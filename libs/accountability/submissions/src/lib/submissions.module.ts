import { Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { DispatchReportSections, parseQuarter, ProgressModule, quarterEnd } from '@outfall/progress';
import { SUBMISSION_CELL_LABELS, zhLabel } from '@outfall/shared-types';
import { ArchiveService } from './archive.service';
import { AssessmentInputs } from './assessment-inputs';
import { ACCOUNTABILITY_SYSTEM, AssessmentService } from './assessment.service';
import { AccountabilityConfigService } from './config.service';
import { AccountabilityFilesService } from './files.service';
import { NoticesService } from './notices.service';
import { PackagesService } from './packages.service';
import { SubmissionsController } from './submissions.controller';
import {
  AccountabilityConfigVersion,
  AccountabilityFile,
  QuarterlySubmission,
  SupervisionNotice,
  UpwardPackage,
} from './submissions.entities';
import { SubmissionsResolver } from './submissions.resolver';
import { SubmissionsService } from './submissions.service';
import { AccountabilityExportJobs } from './upward-package.job';

/** The entities of this domain; each one has its table in a committed migration. */
export const SUBMISSIONS_ENTITIES: (new (...args: never[]) => object)[] = [
  AccountabilityFile,
  SupervisionNotice,
  QuarterlySubmission,
  AccountabilityConfigVersion,
  UpwardPackage,
];

/** 督办、信息报送与考核 (supervision notices, information submission, assessment). */
@Module({
  imports: [TypeOrmModule.forFeature(SUBMISSIONS_ENTITIES), DirectoryModule, ProgressModule],
  controllers: [SubmissionsController],
  providers: [
    AssessmentInputs,
    AccountabilityConfigService,
    AccountabilityFilesService,
    NoticesService,
    SubmissionsService,
    AssessmentService,
    ArchiveService,
    PackagesService,
    AccountabilityExportJobs,
    SubmissionsResolver,
  ],
  exports: [AssessmentInputs, NoticesService, SubmissionsService, AssessmentService],
})
export class SubmissionsModule implements OnModuleInit {
  constructor(
    private readonly sections: DispatchReportSections,
    private readonly notices: NoticesService,
    private readonly submissions: SubmissionsService,
  ) {}

  /** The dispatch report's accountability section: notices and submissions per unit for the report's quarter. */
  onModuleInit(): void {
    this.sections.register({
      key: 'accountability-submissions',
      order: 80,
      heading: '督办与信息报送',
      load: async (context) => {
        const q = parseQuarter(context.quarter);
        if (!q) return [];
        const from = `${q.year}-${String((q.q - 1) * 3 + 1).padStart(2, '0')}-01`;
        const to = quarterEnd(q) < context.asOf ? quarterEnd(q) : context.asOf;
        const notices = await this.notices.statsByUnit(from, to, context.asOf, context.computedAt);
        const matrix = await this.submissions.matrix(
          ACCOUNTABILITY_SYSTEM,
          [context.quarter],
          context.asOf,
          context.computedAt,
        );
        const cells = matrix.units.map((u) => ({ unit: u.unit, cell: u.cells[0] }));
        const count = (c: string) => cells.filter((x) => x.cell.cell === c).length;
        return [
          {
            title: '督办情况',
            summary: `督办 ${notices.reduce((s, n) => s + n.sent, 0)} 件，已回复 ${notices.reduce((s, n) => s + n.answered, 0)} 件，逾期 ${notices.reduce((s, n) => s + n.overdue, 0)} 件（截至 ${context.asOf}）`,
            columns: [
              ['单位', 'unit', 28],
              ['督办数', 'sent', 10],
              ['已回复', 'answered', 10],
              ['逾期回复', 'answeredLate', 10],
              ['逾期', 'overdue', 10],
            ],
            rows: notices.map((n) => ({
              unit: n.unit,
              sent: n.sent,
              answered: n.answered,
              answeredLate: n.answeredLate,
              overdue: n.overdue,
            })),
          },
          {
            title: '信息报送情况',
            summary: `${context.quarter} 按时报送 ${count('on_time')} 个单位，逾期报送 ${count('late')} 个，未报送 ${count('missing')} 个（截止日期 ${matrix.units[0]?.cells[0]?.deadline ?? ''}）`,
            columns: [
              ['单位', 'unit', 28],
              ['截止日期', 'deadline', 12],
              ['报送情况', 'cell', 12],
              ['首次报送日期', 'first', 14],
            ],
            rows: cells.map((c) => ({
              unit: c.unit,
              deadline: c.cell.deadline,
              cell: zhLabel(SUBMISSION_CELL_LABELS, c.cell.cell),
              first: c.cell.firstSubmittedOn ?? '',
            })),
          },
        ];
      },
    });
  }
}
