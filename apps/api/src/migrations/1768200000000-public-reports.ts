import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Public reports (公众举报): the report (location, description, optional contact, the hash of the reporter's
 * secret, township, assignment with a response deadline, outcome and links — outfall, remediation plan, enforcement
 * case without a foreign key, duplicate with one —, the public reply), its timeline, its photos (stored without
 * metadata) and the spent proof-of-work challenges.
 */
export class PublicReports1768200000000 implements MigrationInterface {
  name = 'PublicReports1768200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "public_report" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "tracking_no" character varying(20) NOT NULL, "secret_hash" character(64) NOT NULL, "longitude" double precision NOT NULL, "latitude" double precision NOT NULL, "location" geometry(Point,4326) NOT NULL, "division_id" uuid, "description" text NOT NULL, "contact" character varying(100), "status" character varying(16) NOT NULL DEFAULT 'received', "received_on" date NOT NULL, "assigned_unit_id" uuid, "assigned_on" date, "due_on" date, "outcome" character varying(16), "outcome_note" text, "public_reply" text, "closed_on" date, "outfall_id" uuid, "remediation_plan_id" uuid, "duplicate_of_id" uuid, "enforcement_case_id" uuid, "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_1af82de239cf99a5ba1f66a4660" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "public_report_location_gix" ON "public_report" USING GiST ("location")`);
    await q.query(`CREATE INDEX "public_report_division_idx" ON "public_report" ("division_id")`);
    await q.query(`CREATE INDEX "public_report_unit_idx" ON "public_report" ("assigned_unit_id")`);
    await q.query(`CREATE INDEX "public_report_status_idx" ON "public_report" ("status", "due_on")`);
    await q.query(`CREATE UNIQUE INDEX "public_report_tracking_uq" ON "public_report" ("tracking_no")`);
    await q.query(
      `CREATE TABLE "public_report_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "action" character varying(16) NOT NULL, "on" date NOT NULL, "public_text" text, "note" text, "actor_name" character varying(100) NOT NULL, "actor_id" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_ce0ea7c77d934a7298fef3979b4" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "public_report_event_report_idx" ON "public_report_event" ("report_id", "at")`,
    );
    await q.query(
      `CREATE TABLE "public_report_photo" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "report_id" uuid NOT NULL, "content_type" character varying(32) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "storage_key" character varying(255) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_eb6770b1c815d4fe96682ae17a9" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "public_report_photo_report_idx" ON "public_report_photo" ("report_id")`);
    await q.query(
      `CREATE TABLE "public_report_challenge" ("hash" character(64) NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_896ad98858fa3a3af0b27b52940" PRIMARY KEY ("hash"))`,
    );
    await q.query(
      `CREATE INDEX "public_report_challenge_expires_idx" ON "public_report_challenge" ("expires_at")`,
    );
    await q.query(
      `ALTER TABLE "public_report" ADD CONSTRAINT "FK_66c0fabbc9327595907527a6c14" FOREIGN KEY ("duplicate_of_id") REFERENCES "public_report"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "public_report_event" ADD CONSTRAINT "FK_68543f4417cac6a25bbf3204be9" FOREIGN KEY ("report_id") REFERENCES "public_report"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "public_report_photo" ADD CONSTRAINT "FK_a0f93f38b44be1eb05b817090d1" FOREIGN KEY ("report_id") REFERENCES "public_report"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "public_report_challenge"`);
    await q.query(`DROP TABLE "public_report_photo"`);
    await q.query(`DROP TABLE "public_report_event"`);
    await q.query(`DROP TABLE "public_report"`);
  }
}
