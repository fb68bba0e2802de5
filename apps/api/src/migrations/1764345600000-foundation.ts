import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The foundation: PostGIS, divisions and units, accounts and API keys, the audit trail and job records.
 * Table DDL generated from the entities (`cli.js schema:diff` on an empty database), then the parts
 * TypeORM does not model: the PostGIS extension and the audit trail's append-only trigger.
 * Compatible with PostgreSQL 15 (the servers) and PGlite's PostgreSQL 18 (the embedded default).
 */
export class Foundation1764345600000 implements MigrationInterface {
  name = 'Foundation1764345600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    await q.query(
      `CREATE TABLE "audit_log" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_type" character varying(16) NOT NULL, "actor_id" uuid, "actor_name" character varying NOT NULL, "unit_id" uuid, "action" character varying(16) NOT NULL, "entity_type" character varying(64) NOT NULL, "entity_id" character varying(64) NOT NULL, "before" jsonb, "after" jsonb, "diff" jsonb, "request_id" character varying(80) NOT NULL, CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "audit_log_time_idx" ON "audit_log" ("occurred_at")`);
    await q.query(`CREATE INDEX "audit_log_actor_idx" ON "audit_log" ("actor_id", "occurred_at")`);
    await q.query(
      `CREATE INDEX "audit_log_entity_idx" ON "audit_log" ("entity_type", "entity_id", "occurred_at")`,
    );
    await q.query(
      `CREATE TABLE "job_record" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "queue" character varying NOT NULL, "name" character varying NOT NULL, "state" character varying(16) NOT NULL, "progress" integer NOT NULL DEFAULT '0', "data" jsonb NOT NULL, "result" jsonb, "error" text, "attempts" integer NOT NULL DEFAULT '0', "dedupe_key" character varying, "owner_kind" character varying(16) NOT NULL, "owner_id" character varying, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "started_at" TIMESTAMP WITH TIME ZONE, "finished_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_88ce3ea0c9dca8b571450b457a7" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE INDEX "job_record_owner_idx" ON "job_record" ("owner_kind", "owner_id", "created_at")`,
    );
    await q.query(
      `CREATE TABLE "division" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "code" character varying(12) NOT NULL, "name" character varying(64) NOT NULL, "level" character varying(16) NOT NULL, "parent_id" uuid, "path" character varying(255) NOT NULL, "boundary" geometry(MultiPolygon,4326), "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_b6f0d207e38106dbddabab3a078" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "division_code_uq" ON "division" ("code")`);
    await q.query(`CREATE INDEX "division_path_idx" ON "division" ("path")`);
    await q.query(`CREATE INDEX "division_boundary_gix" ON "division" USING GiST ("boundary")`);
    await q.query(
      `CREATE TABLE "unit" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "kind" character varying(32) NOT NULL, "division_id" uuid NOT NULL, "sector_categories" character varying array NOT NULL DEFAULT '{}', "liaison_name" character varying(50), "liaison_phone" character varying(30), "liaison_position" character varying(50), "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_4252c4be609041e559f0c80f58a" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "unit_name_uq" ON "unit" ("name")`);
    await q.query(
      `CREATE TABLE "app_user" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "username" character varying(64) NOT NULL, "display_name" character varying(64) NOT NULL, "password_hash" character varying(255) NOT NULL, "role" character varying(32) NOT NULL, "unit_id" uuid NOT NULL, "active" boolean NOT NULL DEFAULT true, "last_login_at" TIMESTAMP WITH TIME ZONE, "credentials_changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "demo" boolean NOT NULL DEFAULT false, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "app_user_username_uq" ON "app_user" ("username")`);
    await q.query(
      `CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" character varying(100) NOT NULL, "prefix" character varying(16) NOT NULL, "secret_hash" character varying(64) NOT NULL, "scope" character varying(16) NOT NULL, "division_id" uuid, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE, "revoked_at" TIMESTAMP WITH TIME ZONE, "last_used_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE UNIQUE INDEX "api_key_prefix_uq" ON "api_key" ("prefix")`);
    await q.query(
      `ALTER TABLE "division" ADD CONSTRAINT "FK_1f13d547886747b17d754a32cbb" FOREIGN KEY ("parent_id") REFERENCES "division"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "unit" ADD CONSTRAINT "FK_2dc46de93b2b55a089d5f1137e8" FOREIGN KEY ("division_id") REFERENCES "division"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "app_user" ADD CONSTRAINT "FK_055c5291f4320e6e092162ae36c" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    // the audit trail is append-only: rows can be inserted, never changed or removed
    await q.query(`CREATE FUNCTION audit_log_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'audit_log rows cannot be changed or deleted'; END $$`);
    await q.query(`CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON "audit_log"
      FOR EACH ROW EXECUTE FUNCTION audit_log_immutable()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "api_key" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "app_user" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "unit" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "division" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "job_record" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "audit_log" CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS audit_log_immutable()`);
  }
}
