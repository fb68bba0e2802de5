import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Remediation: dispositions (三个一批) with their suggestion, the sewer-coverage layer, one-outfall-one-policy
 * plans (一口一策) and every version of each plan.
 */
export class Remediation1764777600000 implements MigrationInterface {
  name = 'Remediation1764777600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "remediation_decision" ("outfall_id" uuid NOT NULL, "suggested" character varying(16) NOT NULL, "suggestion_reasons" jsonb NOT NULL DEFAULT '[]', "disposition" character varying(16) NOT NULL, "interim" boolean NOT NULL DEFAULT false, "reason" text, "decided_on" date NOT NULL, "decided_by" character varying(100) NOT NULL, "requires_remediation" boolean NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_7348116d1a69dedbccfb2e79acf" PRIMARY KEY ("outfall_id"))`,
    );
    await q.query(
      `CREATE TABLE "sewer_coverage_area" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "geometry" geometry(MultiPolygon,4326) NOT NULL, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_98db323fcb584bdbe96eb650b18" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "sewer_coverage_area_geometry_gix" ON "sewer_coverage_area" USING GiST ("geometry")`,
    );
    await q.query(
      `CREATE TABLE "remediation_plan" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "problems" character varying(32) array NOT NULL DEFAULT '{}', "problem_notes" text, "measures" text NOT NULL, "target_state" character varying(24) NOT NULL, "merge_into_id" uuid, "responsible_unit_id" uuid NOT NULL, "responsible_person" character varying(50) NOT NULL, "responsible_phone" character varying(20) NOT NULL, "deadline" date NOT NULL, "milestones" jsonb NOT NULL DEFAULT '[]', "progress_notes" jsonb NOT NULL DEFAULT '[]', "before_photo_ids" uuid array NOT NULL DEFAULT '{}', "after_photo_ids" uuid array NOT NULL DEFAULT '{}', "evidence_ids" uuid array NOT NULL DEFAULT '{}', "submitted_on" date, "approved_on" date, "completed_on" date, "verified_on" date, "compliance_sample_id" uuid, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_9a0f52d2ee1740754dc13c1fc14" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "remediation_plan_status_idx" ON "remediation_plan" ("status", "deadline")`);
    await q.query(`CREATE UNIQUE INDEX "remediation_plan_outfall_uq" ON "remediation_plan" ("outfall_id")`);
    await q.query(
      `CREATE TABLE "remediation_plan_version" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "plan_id" uuid NOT NULL, "version" integer NOT NULL, "action" character varying(24) NOT NULL, "from_status" character varying(16), "to_status" character varying(16) NOT NULL, "reason" text, "actor_name" character varying(100) NOT NULL, "actor_id" character varying(64), "snapshot" jsonb NOT NULL, "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_c9ec1238607d603406e8b606641" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "remediation_plan_version_plan_idx" ON "remediation_plan_version" ("plan_id", "version")`,
    );
    await q.query(
      `ALTER TABLE "remediation_decision" ADD CONSTRAINT "FK_7348116d1a69dedbccfb2e79acf" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "remediation_plan" ADD CONSTRAINT "FK_77723e2d2ae7e5f2026418b556c" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "remediation_plan" ADD CONSTRAINT "FK_9451182a962a5a3de2a089e4aaa" FOREIGN KEY ("merge_into_id") REFERENCES "outfall"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "remediation_plan" ADD CONSTRAINT "FK_19a290576f2d0562a422f117eb6" FOREIGN KEY ("responsible_unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "remediation_plan_version" ADD CONSTRAINT "FK_ea53d7d5467032d419038580f80" FOREIGN KEY ("plan_id") REFERENCES "remediation_plan"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'remediation_plan_version',
      'remediation_plan',
      'sewer_coverage_area',
      'remediation_decision',
    ]) {
      await q.query(`DROP TABLE IF EXISTS "${table}" CASCADE`);
    }
  }
}
