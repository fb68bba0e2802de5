import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dispatch report's workflow (季度调度报告): one report per snapshot version with its next-quarter tasks,
 * optional narrative override, preparer and issuer, and the issued files' storage keys and SHA-256.
 */
export class DispatchReport1767900000000 implements MigrationInterface {
  name = 'DispatchReport1767900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "dispatch_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "snapshot_id" uuid NOT NULL, "quarter" character varying(7) NOT NULL, "snapshot_version" integer NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'draft', "tasks" jsonb NOT NULL DEFAULT '[]', "narrative_override" text, "return_reason" text, "prepared_by_id" uuid, "prepared_by_name" character varying(100), "submitted_at" TIMESTAMP WITH TIME ZONE, "issued_by_id" uuid, "issued_by_name" character varying(100), "issued_at" TIMESTAMP WITH TIME ZONE, "xlsx_key" character varying(255), "xlsx_sha256" character(64), "html_key" character varying(255), "html_sha256" character(64), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_da2fcbacb7e73d1a7ff49f8837a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "dispatch_report_snapshot_uq" ON "dispatch_report" ("snapshot_id") `);
    await q.query(
      `ALTER TABLE "dispatch_report" ADD CONSTRAINT "FK_175d009109dafc6d2b18fadd8ab" FOREIGN KEY ("snapshot_id") REFERENCES "progress_snapshot"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "dispatch_report" DROP CONSTRAINT "FK_175d009109dafc6d2b18fadd8ab"`);
    await q.query(`DROP INDEX "public"."dispatch_report_snapshot_uq"`);
    await q.query(`DROP TABLE "dispatch_report"`);
  }
}
