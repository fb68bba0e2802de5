import { MigrationInterface, QueryRunner } from 'typeorm';

/** Marks the workflow-owned milestones that no workflow set (also run by the tests on hand-made rows). */
export const MARK_HAND_SET_MILESTONES = `UPDATE outfall_event e SET review_state = 'manual_unconfirmed'
  WHERE e.type IN ('monitored', 'traced', 'remediation_decided', 'remediation_completed', 'verified')
    AND (e.source <> 'workflow' OR NOT CASE e.type
      WHEN 'monitored' THEN EXISTS (SELECT 1 FROM sample s WHERE s.outfall_id = e.outfall_id)
      WHEN 'traced' THEN EXISTS (SELECT 1 FROM tracing_record t WHERE t.outfall_id = e.outfall_id AND t.complete)
      WHEN 'remediation_decided' THEN EXISTS (SELECT 1 FROM remediation_decision d WHERE d.outfall_id = e.outfall_id)
      WHEN 'remediation_completed' THEN EXISTS (SELECT 1 FROM remediation_plan p WHERE p.outfall_id = e.outfall_id AND p.completed_on IS NOT NULL)
      ELSE EXISTS (SELECT 1 FROM remediation_plan p WHERE p.outfall_id = e.outfall_id AND p.verified_on IS NOT NULL)
    END)`;

/**
 * Milestones owned by a workflow (monitored, traced, remediation decided / completed / verified) may no longer
 * be set by hand. Back-entered (补录) milestones carry their reason, document reference and optional photos.
 * Existing databases: every workflow-owned milestone that was set by hand or import, or that no workflow record
 * backs (no sample, no complete tracing, no decision, no completed / verified plan), is marked
 * `manual_unconfirmed` for the eco branch to confirm (as a back-entry) or revert; `milestones:review` lists them.
 */
export class MilestoneProvenance1766100000000 implements MigrationInterface {
  name = 'MilestoneProvenance1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outfall_event" ADD "back_entered" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "outfall_event" ADD "back_entry_reason" text`);
    await q.query(`ALTER TABLE "outfall_event" ADD "back_entry_document" character varying(200)`);
    await q.query(`ALTER TABLE "outfall_event" ADD "back_entry_photo_ids" uuid array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "outfall_event" ADD "review_state" character varying(32)`);
    await q.query(MARK_HAND_SET_MILESTONES);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const column of [
      'review_state',
      'back_entry_photo_ids',
      'back_entry_document',
      'back_entry_reason',
      'back_entered',
    ])
      await q.query(`ALTER TABLE "outfall_event" DROP COLUMN "${column}"`);
  }
}
