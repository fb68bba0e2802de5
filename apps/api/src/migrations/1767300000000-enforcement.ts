import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Enforcement cases (执法案件): the case (outfall, entity, violation kind, source, the record it was opened
 * from — sample + indicator, patrol record or public report, the last two without a foreign key —, legal
 * basis, penalty, rectification order and deadline, closure), its timeline and its evidence files with the
 * SHA-256 of their bytes.
 */
export class Enforcement1767300000000 implements MigrationInterface {
  name = 'Enforcement1767300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "enforcement_case" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_no" character varying(20) NOT NULL, "outfall_id" uuid NOT NULL, "entity_id" uuid, "kind" character varying(24) NOT NULL, "kind_other" character varying(200), "source" character varying(24) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'registered', "description" text NOT NULL, "legal_basis" text, "origin" character varying(16) NOT NULL DEFAULT 'manual', "sample_id" uuid, "indicator_code" character varying(32), "patrol_record_id" uuid, "public_report_id" uuid, "origin_detail" jsonb, "registered_on" date NOT NULL, "penalty_amount" numeric(14,2), "penalty_document_no" character varying(64), "penalty_decided_on" date, "rectification_order" text, "rectification_ordered_on" date, "rectification_deadline" date, "closed_on" date, "closing_note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_d1b592b144839f18c5edd4a317a" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "enforcement_case_sample_idx" ON "enforcement_case" ("sample_id", "indicator_code")`,
    );
    await q.query(
      `CREATE INDEX "enforcement_case_status_idx" ON "enforcement_case" ("status", "rectification_deadline")`,
    );
    await q.query(`CREATE INDEX "enforcement_case_outfall_idx" ON "enforcement_case" ("outfall_id")`);
    await q.query(`CREATE UNIQUE INDEX "enforcement_case_no_uq" ON "enforcement_case" ("case_no")`);
    await q.query(
      `CREATE TABLE "enforcement_case_event" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "action" character varying(24) NOT NULL, "from_status" character varying(16), "to_status" character varying(16) NOT NULL, "on" date NOT NULL, "note" text, "actor_name" character varying(100) NOT NULL, "actor_id" character varying(64), "at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_32912b6216b4cbe62e5412eb271" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "enforcement_case_event_case_idx" ON "enforcement_case_event" ("case_id", "at")`,
    );
    await q.query(
      `CREATE TABLE "enforcement_evidence" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "case_id" uuid NOT NULL, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "sha256" character(64) NOT NULL, "note" character varying(500), "storage_key" character varying(255) NOT NULL, "uploaded_by" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_e56e03160fbb2d980a0a78880e7" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "enforcement_evidence_case_idx" ON "enforcement_evidence" ("case_id")`);
    await q.query(
      `ALTER TABLE "enforcement_case" ADD CONSTRAINT "FK_cecdc8f0731b1d08f4a0fcdcd39" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "enforcement_case" ADD CONSTRAINT "FK_251893a409ca38fab2b0f9f087f" FOREIGN KEY ("entity_id") REFERENCES "responsible_entity"("id") ON DELETE SET NULL ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "enforcement_case_event" ADD CONSTRAINT "FK_e2cdade4f4c3175fde7f1409cdc" FOREIGN KEY ("case_id") REFERENCES "enforcement_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "enforcement_evidence" ADD CONSTRAINT "FK_b394c36a5f5115c374f16cf2095" FOREIGN KEY ("case_id") REFERENCES "enforcement_case"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "enforcement_evidence"`);
    await q.query(`DROP TABLE "enforcement_case_event"`);
    await q.query(`DROP TABLE "enforcement_case"`);
  }
}
