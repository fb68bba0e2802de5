import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Setup review and registration (设置审核与登记): applications with their route, rules, consultation and
 * decision or filing; the enterprises' notifications of several outfalls outside a park; an outfall's link to
 * the application its `setupApproval` comes from. `setupApproval` values inconsistent with the category's route
 * are mapped: an approval-route outfall (industrial, urban WWTP) marked filed or not required becomes unknown
 * (NULL, to be checked), a registration-route outfall marked approved becomes filed (its setup was accepted).
 */
export class SetupReview1767100000000 implements MigrationInterface {
  name = 'SetupReview1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "setup_application" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "applicant_id" uuid NOT NULL, "kind" character varying(8) NOT NULL, "route" character varying(16) NOT NULL, "status" character varying(12) NOT NULL DEFAULT 'draft', "outfall_id" uuid, "outfall_name" character varying(100) NOT NULL, "category" character varying(16) NOT NULL, "sub_type" character varying(32) NOT NULL, "longitude" double precision NOT NULL, "latitude" double precision NOT NULL, "water_body_id" uuid NOT NULL, "function_zone_id" uuid, "function_zone_derived" boolean NOT NULL DEFAULT false, "division_id" uuid NOT NULL, "expected_flow_m3d" double precision, "pollutants" jsonb NOT NULL DEFAULT '[]', "water_impacts" jsonb NOT NULL DEFAULT '[]', "description" text, "documents" jsonb NOT NULL DEFAULT '[]', "submitted_at" TIMESTAMP WITH TIME ZONE, "consulted_on" date, "consultation_authority" character varying(100), "consultation_document_number" character varying(64), "consultation_opinion" text, "decision" character varying(8), "conditions" text, "refusal_reasons" text, "review_note" text, "document_number" character varying(64), "decided_on" date, "decided_by_id" uuid, "published" boolean NOT NULL DEFAULT false, "published_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_f447e4d38fb16c11525e011c5e0" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "setup_application_outfall_idx" ON "setup_application" ("outfall_id") `);
    await q.query(`CREATE INDEX "setup_application_applicant_idx" ON "setup_application" ("applicant_id") `);
    await q.query(`CREATE INDEX "setup_application_status_idx" ON "setup_application" ("status") `);
    await q.query(`CREATE UNIQUE INDEX "setup_application_code_uq" ON "setup_application" ("code") `);
    await q.query(
      `CREATE TABLE "setup_notification" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "entity_id" uuid NOT NULL, "notified_on" date NOT NULL, "document_number" character varying(64), "outfall_ids" jsonb NOT NULL DEFAULT '[]', "note" text, "created_by_id" uuid, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bd4ba559a23341a4e29919c5379" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "setup_notification_entity_idx" ON "setup_notification" ("entity_id") `);
    await q.query(`ALTER TABLE "outfall" ADD "setup_application_id" uuid`);
    await q.query(
      `ALTER TABLE "setup_application" ADD CONSTRAINT "FK_badf65120e4db07f3811a1ee8e4" FOREIGN KEY ("applicant_id") REFERENCES "responsible_entity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "setup_application" ADD CONSTRAINT "FK_92e3797c06f30034fbb8431e7f0" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "setup_application" ADD CONSTRAINT "FK_81ad6e8e1d163745b68562147e5" FOREIGN KEY ("water_body_id") REFERENCES "water_body"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "setup_application" ADD CONSTRAINT "FK_8d987e3a68bc94bbaec38f52a83" FOREIGN KEY ("function_zone_id") REFERENCES "function_zone"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "setup_application" ADD CONSTRAINT "FK_402e692c996ceb631dd96001303" FOREIGN KEY ("division_id") REFERENCES "division"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "setup_notification" ADD CONSTRAINT "FK_03b72f0d202ad8125e722cce6cb" FOREIGN KEY ("entity_id") REFERENCES "responsible_entity"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `UPDATE "outfall" SET "setup_approval" = NULL
        WHERE "category" IN ('industrial', 'urban_wwtp') AND "setup_approval" IN ('filed', 'not_required')`,
    );
    await q.query(
      `UPDATE "outfall" SET "setup_approval" = 'filed'
        WHERE "category" IN ('agricultural', 'other') AND "setup_approval" = 'approved'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outfall" DROP COLUMN "setup_application_id"`);
    await q.query(`DROP TABLE "setup_notification"`);
    await q.query(`DROP TABLE "setup_application"`);
  }
}
