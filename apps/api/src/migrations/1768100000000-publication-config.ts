import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 信息公开配置 (the public portal): revisions of which outfall fields are public and which outfalls are
 * published. At most one open revision (draft or submitted) and one effective revision at a time.
 */
export class PublicationConfig1768100000000 implements MigrationInterface {
  name = 'PublicationConfig1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "publication_config" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "revision" integer NOT NULL, "status" character varying(16) NOT NULL DEFAULT 'draft', "fields" character varying(32) array NOT NULL, "categories" character varying(16) array NOT NULL, "signed_only" boolean NOT NULL DEFAULT false, "note" text, "review_note" text, "edited_by_name" character varying(100), "submitted_at" TIMESTAMP WITH TIME ZONE, "reviewed_by_name" character varying(100), "reviewed_at" TIMESTAMP WITH TIME ZONE, "effective_from" TIMESTAMP WITH TIME ZONE, "effective_until" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_publication_config" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "publication_config_revision_uq" ON "publication_config" ("revision") `,
    );
    await q.query(
      `CREATE UNIQUE INDEX "publication_config_open_uq" ON "publication_config" ((true)) WHERE status IN ('draft', 'submitted')`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "publication_config_effective_uq" ON "publication_config" ((true)) WHERE status = 'effective'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "publication_config"`);
  }
}
