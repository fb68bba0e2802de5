import { Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { beijingToday, DomainException, Principal } from '@outfall/common';
import { parseQuarter, ProgressService, quarterEnd } from '@outfall/progress';
import {
  ASSESSMENT_INPUT_LABELS,
  AssessmentInputKey,
  Permission,
  ProgressMetric,
  SubmissionCell,
} from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { unitScope } from './access';
import { AssessmentInputs } from './assessment-inputs';
import { countShare, InputValue, score, ScoreLine } from './assessment.formula';
import { AccountabilityConfigService } from './config.service';
import { NoticesService } from './notices.service';
import { REPORTING_UNITS_SQL, SubmissionsService } from './submissions.service';

/** Reads everything city-wide: the assessment compares every unit. */
export const ACCOUNTABILITY_SYSTEM: Principal = {
  kind: 'user',
  id: 'accountability',
  name: '考核计算',
  unitId: null,
  role: null,
  apiKeyScope: null,
  permissions: [Permission.DirectoryRead, Permission.AccountabilityManage],
  jurisdiction: { cityWide: true, divisionId: null, divisionPath: null },
  sectorCategories: [],
};

export interface UnitScore {
  unitId: string;
  unit: string;
  rank: number;
  score: number;
  maximum: number;
  lines: ScoreLine[];
}

export interface Assessment {
  quarter: string;
  asOf: string;
  configVersion: number | null;
  units: UnitScore[];
}

/** The day a quarter is judged at: its last day, or today while it runs. */
export function judgedOn(quarter: string): string {
  const q = parseQuarter(quarter);
  if (!q) throw DomainException.invalid('quarter', 'quarter must look like 2026Q3');
  const end = quarterEnd(q);
  const today = beijingToday();
  return end < today ? end : today;
}

/**
 * The quarterly assessment (考核): the built-in inputs are providers in the same registry other domains
 * register into; the score follows the versioned configuration (assessment.formula.ts).
 */
@Injectable()
export class AssessmentService implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly inputs: AssessmentInputs,
    private readonly config: AccountabilityConfigService,
    private readonly progress: ProgressService,
    private readonly notices: NoticesService,
    private readonly submissions: SubmissionsService,
  ) {}

  onModuleInit(): void {
    const label = (key: AssessmentInputKey) => ASSESSMENT_INPUT_LABELS[key].zh;
    this.inputs.register({
      key: AssessmentInputKey.Progress,
      label: label(AssessmentInputKey.Progress),
      load: (quarter) => this.progressInput(quarter),
    });
    this.inputs.register({
      key: AssessmentInputKey.OverduePlans,
      label: label(AssessmentInputKey.OverduePlans),
      load: (quarter) => this.overduePlans(quarter),
    });
    this.inputs.register({
      key: AssessmentInputKey.OverdueNotices,
      label: label(AssessmentInputKey.OverdueNotices),
      load: (quarter) => this.overdueNotices(quarter),
    });
    this.inputs.register({
      key: AssessmentInputKey.Submissions,
      label: label(AssessmentInputKey.Submissions),
      load: (quarter) => this.timeliness(quarter),
    });
  }

  /** Mean over the metrics with a target of min(1, rate / target), the unit's progress breakdown at the as-of day. */
  private async progressInput(quarter: string): Promise<Map<string, InputValue>> {
    const asOf = judgedOn(quarter);
    const progress = await this.progress.compute(ACCOUNTABILITY_SYSTEM, asOf);
    const out = new Map<string, InputValue>();
    for (const group of progress.groups.filter((g) => g.dimension === 'unit')) {
      const parts: Record<string, unknown> = {};
      const shares: number[] = [];
      for (const metric of Object.values(ProgressMetric)) {
        const m = group.metrics[metric];
        if (m.rate === null || !m.target) continue;
        shares.push(Math.min(1, m.rate / m.target));
        parts[metric] = {
          rate: m.rate,
          target: m.target,
          numerator: m.numerator,
          denominator: m.denominator,
        };
      }
      if (shares.length)
        out.set(group.key, {
          value: shares.reduce((a, b) => a + b, 0) / shares.length,
          detail: { asOf, ...parts },
        });
    }
    return out;
  }

  /** Plans of the unit past their deadline and not completed at the as-of day. */
  private async overduePlans(quarter: string): Promise<Map<string, InputValue>> {
    const asOf = judgedOn(quarter);
    const { config } = await this.config.current();
    const component = config.components[AssessmentInputKey.OverduePlans] ?? { weight: 0 };
    const rows = await this.dataSource.query<{ unit_id: string; plans: number; overdue: number }[]>(
      `SELECT responsible_unit_id AS unit_id, count(*)::int AS plans,
              count(*) FILTER (WHERE deadline < CAST($1 AS date) AND (completed_on IS NULL OR completed_on > CAST($1 AS date)))::int AS overdue
         FROM remediation_plan GROUP BY responsible_unit_id`,
      [asOf],
    );
    return new Map(
      rows.map((r) => [
        r.unit_id,
        { value: countShare(r.overdue, component), detail: { asOf, plans: r.plans, overdue: r.overdue } },
      ]),
    );
  }

  /** Notices due in the quarter (up to the as-of day) not answered by their due day. */
  private async overdueNotices(quarter: string): Promise<Map<string, InputValue>> {
    const q = parseQuarter(quarter);
    if (!q) return new Map();
    const asOf = judgedOn(quarter);
    const { config } = await this.config.current();
    const component = config.components[AssessmentInputKey.OverdueNotices] ?? { weight: 0 };
    const from = `${q.year}-${String((q.q - 1) * 3 + 1).padStart(2, '0')}-01`;
    const rows = await this.notices.statsByUnit(from, asOf, asOf, new Date());
    return new Map(
      rows.map((r) => [
        r.unitId,
        {
          value: countShare(r.overdue, component),
          detail: { due: r.sent, answered: r.answered, overdue: r.overdue },
        },
      ]),
    );
  }

  /** The quarter's submission: on time 1, late the configured share, missing 0; not yet due → not applicable. */
  private async timeliness(quarter: string): Promise<Map<string, InputValue>> {
    const { config } = await this.config.current();
    const matrix = await this.submissions.matrix(ACCOUNTABILITY_SYSTEM, [quarter]);
    const out = new Map<string, InputValue>();
    for (const u of matrix.units) {
      const cell = u.cells[0];
      if (!cell || cell.cell === SubmissionCell.Pending) continue;
      const value =
        cell.cell === SubmissionCell.OnTime
          ? 1
          : cell.cell === SubmissionCell.Late
            ? config.lateSubmissionShare
            : 0;
      out.set(u.unitId, {
        value,
        detail: { cell: cell.cell, deadline: cell.deadline, firstSubmittedOn: cell.firstSubmittedOn },
      });
    }
    return out;
  }

  /** Every reporting unit's score and breakdown, ranked; a unit sees only its own row. */
  async assess(principal: Principal, quarter: string): Promise<Assessment> {
    const scope = unitScope(principal);
    const asOf = judgedOn(quarter);
    const { version, config } = await this.config.current();
    const keys = Object.keys(config.components);
    const labels: Record<string, string> = {};
    const loaded = new Map<string, Map<string, InputValue>>();
    for (const key of keys) {
      const provider = this.inputs.get(key);
      labels[key] = provider?.label ?? ASSESSMENT_INPUT_LABELS[key as AssessmentInputKey]?.zh ?? key;
      if (provider) loaded.set(key, await provider.load(quarter));
    }
    const units = await this.dataSource.query<{ id: string; name: string }[]>(
      `${REPORTING_UNITS_SQL} ORDER BY name`,
    );
    const scored = units.map((u) => {
      const values = new Map(keys.map((key) => [key, loaded.get(key)?.get(u.id)]));
      const result = score(config, labels, values);
      return { unitId: u.id, unit: u.name, rank: 0, ...result };
    });
    scored.sort((a, b) => b.score - a.score || a.unit.localeCompare(b.unit, 'zh'));
    scored.forEach(
      (s, i) => (s.rank = i > 0 && scored[i - 1].score === s.score ? scored[i - 1].rank : i + 1),
    );
    return {
      quarter,
      asOf,
      configVersion: version,
      units: scope ? scored.filter((s) => s.unitId === scope) : scored,
    };
  }
}
