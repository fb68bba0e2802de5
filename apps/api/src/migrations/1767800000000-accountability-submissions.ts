import { MigrationInterface, QueryRunner } from 'typeorm';

/** Accountability: supervision notices (督办), quarterly submissions (信息报送), their files, the versioned assessment configuration and the upward packages. */
export class AccountabilitySubmissions1767800000000 implements MigrationInterface {
  name = 'AccountabilitySubmissions1767800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "accountability_file" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid, "file_name" character varying(200) NOT NULL, "content_type" character varying(100) NOT NULL, "size_bytes" integer NOT NULL, "storage_key" character varying(255) NOT NULL, "sha256" character varying(64) NOT NULL, "uploaded_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_595f7cccea0b6e8d38b7e084684" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "supervision_notice" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(20) NOT NULL, "unit_id" uuid NOT NULL, "subject" character varying(200) NOT NULL, "body" text NOT NULL, "outfall_id" uuid, "plan_id" uuid, "due_on" date NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'sent', "response" text, "response_file_ids" uuid array NOT NULL DEFAULT '{}', "responded_at" TIMESTAMP WITH TIME ZONE, "review_note" text, "closed_at" TIMESTAMP WITH TIME ZONE, "history" jsonb NOT NULL DEFAULT '[]', "sent_by" character varying(100) NOT NULL, "demo" boolean NOT NULL DEFAULT false, "sent_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_a66247317784c87bb661e0b8e0c" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "supervision_notice_code_uq" ON "supervision_notice" ("code")`);
    await q.query(`CREATE INDEX "supervision_notice_unit_idx" ON "supervision_notice" ("unit_id", "due_on")`);
    await q.query(
      `CREATE TABLE "quarterly_submission" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "unit_id" uuid NOT NULL, "quarter" character varying(6) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'submitted', "figures" jsonb NOT NULL, "progress" text NOT NULL, "problems" text NOT NULL, "next_steps" text NOT NULL, "liaison_name" character varying(50) NOT NULL, "liaison_phone" character varying(20) NOT NULL, "file_ids" uuid array NOT NULL DEFAULT '{}', "first_submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL, "return_reason" text, "reviewed_at" TIMESTAMP WITH TIME ZONE, "history" jsonb NOT NULL DEFAULT '[]', "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_cb4988e7e3c418bc7be54350467" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "quarterly_submission_uq" ON "quarterly_submission" ("unit_id", "quarter")`,
    );
    await q.query(
      `CREATE TABLE "accountability_config" ("version" SERIAL NOT NULL, "config" jsonb NOT NULL, "note" text, "saved_by" character varying(100) NOT NULL, "saved_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bd82d06465855c72e6c40c0afdc" PRIMARY KEY ("version"))`,
    );
    await q.query(
      `CREATE TABLE "upward_package" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "quarter" character varying(6) NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'generating', "job_id" uuid, "files" jsonb NOT NULL DEFAULT '[]', "generated_at" TIMESTAMP WITH TIME ZONE, "sent_at" TIMESTAMP WITH TIME ZONE, "receipt_number" character varying(64), "receipt_on" date, "requested_by" character varying(100) NOT NULL, "receipt_by" character varying(100), "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_9a960d2f3a0da8352f34214b954" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "upward_package_quarter_idx" ON "upward_package" ("quarter", "created_at")`);
    await q.query(
      `ALTER TABLE "supervision_notice" ADD CONSTRAINT "FK_2386d5f4c25e1f580ef231de409" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "quarterly_submission" ADD CONSTRAINT "FK_e1cf2e6cb35df6cabdbdbed64d3" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "quarterly_submission" DROP CONSTRAINT "FK_e1cf2e6cb35df6cabdbdbed64d3"`);
    await q.query(`ALTER TABLE "supervision_notice" DROP CONSTRAINT "FK_2386d5f4c25e1f580ef231de409"`);
    await q.query(`DROP TABLE "upward_package"`);
    await q.query(`DROP TABLE "accountability_config"`);
    await q.query(`DROP TABLE "quarterly_submission"`);
    await q.query(`DROP TABLE "supervision_notice"`);
    await q.query(`DROP TABLE "accountability_file"`);
  }
}
