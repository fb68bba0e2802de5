import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 树标立牌 and required indicators beyond the seven: the content of each outfall's sign (one per outfall), the
 * requirement rules (per source type, water or function zone), and the GB/T 4754 industry code of a
 * responsible entity (added idempotently: the enterprise lists add the same column).
 */
export class SignageRequiredIndicators1767600000000 implements MigrationInterface {
  name = 'SignageRequiredIndicators1767600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE responsible_entity ADD COLUMN IF NOT EXISTS industry_code varchar(5)`);
    await q.query(
      `CREATE TABLE "outfall_sign" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "outfall_id" uuid NOT NULL, "outfall_name" character varying(100) NOT NULL, "outfall_code" character varying(64) NOT NULL, "entity_name" character varying(100) NOT NULL, "receiving_water" character varying(100) NOT NULL, "supervising_department" character varying(100) NOT NULL, "supervising_phone" character varying(20) NOT NULL, "qr_payload" character varying(300) NOT NULL, "installed" boolean NOT NULL DEFAULT false, "installed_on" date, "photo_attachment_id" uuid, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_4be2f424b0785ce0f0674aba0e3" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "outfall_sign_outfall_uq" ON "outfall_sign" ("outfall_id")`);
    await q.query(
      `ALTER TABLE "outfall_sign" ADD CONSTRAINT "FK_cc332e4e86e64ebaee44b5d309f" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `CREATE TABLE "required_indicator_rule" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "category" character varying(16), "sub_type" character varying(32), "industry_prefix" character varying(4), "water_body_id" uuid, "function_zone_id" uuid, "indicator_codes" character varying(32) array NOT NULL, "basis" character varying(200), "active" boolean NOT NULL DEFAULT true, "builtin" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_616a9961b539827be859d950f37" PRIMARY KEY ("id"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "required_indicator_rule"`);
    await q.query(`ALTER TABLE "outfall_sign" DROP CONSTRAINT "FK_cc332e4e86e64ebaee44b5d309f"`);
    await q.query(`DROP INDEX "outfall_sign_outfall_uq"`);
    await q.query(`DROP TABLE "outfall_sign"`);
    // industry_code stays: the enterprise lists (source-lists) own the same column
  }
}
