import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DispositionService } from '@outfall/remediation';
import { Disposition, PlanStatus, TargetState } from '@outfall/shared-types';
import { DataSource } from 'typeorm';
import { prng } from './directory-demo.data';

const addDays = (day: string, days: number) => {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
};
const LAST_DAY = '2025-11-20';

/**
 * Synthetic remediation history for the demo outfalls that were traced: the suggested disposition decided a
 * few weeks later, plans submitted, approved, in progress, completed and verified at plausible dates — so the
 * progress pages and quarterly snapshots have something to show. Written directly (the workflow's evidence
 * gate is for real close-outs); deterministic; runs only when no decision exists.
 */
@Injectable()
export class RemediationDemoSeeder {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly dispositions: DispositionService,
  ) {}

  async run(): Promise<{ decisions: number; plans: number }> {
    const [{ any }] = await this.dataSource.query<{ any: boolean }[]>(
      `SELECT EXISTS (SELECT 1 FROM remediation_decision) AS any`,
    );
    if (any) return { decisions: 0, plans: 0 };
    const outfalls = await this.dataSource.query<{ id: string; traced: string; division_id: string }[]>(
      `SELECT o.id, to_char(e.effective_on, 'YYYY-MM-DD') AS traced, o.division_id
         FROM outfall o JOIN outfall_event e ON e.outfall_id = o.id AND e.type = 'traced'
        WHERE o.demo AND o.status = 'active' ORDER BY o.local_code`,
    );
    const units = new Map(
      (
        await this.dataSource.query<{ division_id: string; id: string }[]>(
          `SELECT DISTINCT ON (division_id) division_id, id FROM unit WHERE kind = 'township' ORDER BY division_id, name`,
        )
      ).map((u) => [u.division_id, u.id]),
    );
    const suggestions = await this.dispositions.suggest(
      this.dataSource.manager,
      outfalls.map((o) => o.id),
    );
    const random = prng(20250301);
    let plans = 0;
    await this.dataSource.transaction(async (em) => {
      for (const outfall of outfalls) {
        const suggestion = suggestions.get(outfall.id);
        const unitId = units.get(outfall.division_id);
        if (!suggestion || !unitId) continue;
        const decidedOn = addDays(outfall.traced, 7 + Math.floor(random() * 30));
        if (decidedOn > LAST_DAY) continue;
        const requires = suggestion.disposition !== Disposition.Keep;
        await em.query(
          `INSERT INTO remediation_decision (outfall_id, suggested, suggestion_reasons, disposition, interim, reason,
                                             decided_on, decided_by, requires_remediation, version)
           VALUES ($1, $2, $3, $2, $4, '示例数据：按系统建议确定', $5, '演示数据', $6, 1)`,
          [
            outfall.id,
            suggestion.disposition,
            JSON.stringify(suggestion.reasons),
            suggestion.interim,
            decidedOn,
            requires,
          ],
        );
        await this.event(em, outfall.id, 'remediation_decided', decidedOn);
        if (!requires || random() > 0.85) continue;
        const submittedOn = addDays(decidedOn, 5 + Math.floor(random() * 20));
        if (submittedOn > LAST_DAY) continue;
        const approvedOn = addDays(submittedOn, 3 + Math.floor(random() * 10));
        const completedOn = random() < 0.6 ? addDays(approvedOn, 40 + Math.floor(random() * 260)) : null;
        const done = completedOn && completedOn <= LAST_DAY ? completedOn : null;
        const verifiedOn = done && random() < 0.6 ? addDays(done, 5 + Math.floor(random() * 20)) : null;
        const verified = verifiedOn && verifiedOn <= LAST_DAY ? verifiedOn : null;
        const deadline = addDays(approvedOn, 120 + Math.floor(random() * 300));
        const status = verified
          ? PlanStatus.Verified
          : done
            ? PlanStatus.Completed
            : approvedOn <= LAST_DAY
              ? PlanStatus.InProgress
              : PlanStatus.Submitted;
        const target =
          suggestion.disposition === Disposition.Ban
            ? TargetState.ClosedRestored
            : suggestion.disposition === Disposition.Merge
              ? TargetState.ConnectedToNetwork
              : TargetState.CompliantDischarge;
        const [plan] = await em.query<{ id: string }[]>(
          `INSERT INTO remediation_plan (outfall_id, status, problems, measures, target_state, responsible_unit_id,
                                         responsible_person, responsible_phone, deadline, submitted_on, approved_on,
                                         completed_on, verified_on, version)
           VALUES ($1, $2, $3, '示例数据：按一口一策整治', $4, $5, '示例联系人', '13800000000', $6, $7, $8, $9, $10, 1)
           RETURNING id`,
          [
            outfall.id,
            status,
            suggestion.problems,
            target,
            unitId,
            deadline,
            submittedOn,
            status === PlanStatus.Submitted ? null : approvedOn,
            done,
            verified,
          ],
        );
        await em.query(
          `INSERT INTO remediation_plan_version (plan_id, version, action, from_status, to_status, reason, actor_name, snapshot)
           VALUES ($1, 1, 'create', NULL, $2, '示例数据', '演示数据', '{}'::jsonb)`,
          [plan.id, status],
        );
        if (done) await this.event(em, outfall.id, 'remediation_completed', done);
        if (verified) await this.event(em, outfall.id, 'verified', verified);
        plans++;
      }
    });
    const [{ decisions }] = await this.dataSource.query<{ decisions: number }[]>(
      `SELECT count(*)::int AS decisions FROM remediation_decision`,
    );
    return { decisions, plans };
  }

  private async event(em: import('typeorm').EntityManager, outfallId: string, type: string, on: string) {
    await em.query(
      `INSERT INTO outfall_event (outfall_id, type, effective_on, source, note) VALUES ($1, $2, $3, 'workflow', '示例数据')
       ON CONFLICT (outfall_id, type) DO NOTHING`,
      [outfallId, type, on],
    );
  }
}
