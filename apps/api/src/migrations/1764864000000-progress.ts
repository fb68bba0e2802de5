import { MigrationInterface, QueryRunner } from 'typeorm';

/** Progress: targets as data (the plan's own are loaded on start) and frozen quarterly snapshots. */
export class Progress1764864000000 implements MigrationInterface {
  name = 'Progress1764864000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "progress_target" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "scope" character varying(16) NOT NULL, "metric" character varying(16) NOT NULL, "deadline" date NOT NULL, "threshold" double precision NOT NULL, "note" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_0c99c01300bd46362728b2136bd" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "progress_target_uq" ON "progress_target" ("scope", "metric", "deadline")`,
    );
    await q.query(
      `CREATE TABLE "progress_snapshot" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "quarter" character varying(7) NOT NULL, "as_of" date NOT NULL, "version" integer NOT NULL, "current" boolean NOT NULL, "data" jsonb NOT NULL, "reason" text, "created_by" character varying(100) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_bbdd70dd3627532768c2f83062c" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "progress_snapshot_current_uq" ON "progress_snapshot" ("quarter") WHERE current`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "progress_snapshot_version_uq" ON "progress_snapshot" ("quarter", "version")`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS "progress_snapshot" CASCADE`);
    await q.query(`DROP TABLE IF EXISTS "progress_target" CASCADE`);
  }
}
