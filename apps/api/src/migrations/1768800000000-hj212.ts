import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * HJ 212-2017 online-monitoring ingest: the station registry (MN → outfall, hashed PW, active) and the packet
 * log (MN + QN + CN stored once; every reading as sent, with its data flag). Samples keep source `online`
 * (the sample source column is varchar, so no change there).
 */
export class Hj2121768800000000 implements MigrationInterface {
  name = 'Hj2121768800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "online_monitor" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "mn" character varying(24) NOT NULL, "outfall_id" uuid NOT NULL, "name" character varying(100) NOT NULL, "password_hash" character varying(200) NOT NULL, "active" boolean NOT NULL DEFAULT true, "last_packet_at" TIMESTAMP WITH TIME ZONE, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "version" integer NOT NULL, CONSTRAINT "PK_be5951a2339dabd408163aea409" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "online_monitor_outfall_idx" ON "online_monitor" ("outfall_id") `);
    await q.query(`CREATE UNIQUE INDEX "online_monitor_mn_uq" ON "online_monitor" ("mn") `);
    await q.query(
      `CREATE TABLE "hj212_packet" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "monitor_id" uuid NOT NULL, "mn" character varying(24) NOT NULL, "qn" character varying(20) NOT NULL, "cn" character varying(7) NOT NULL, "st" character varying(5) NOT NULL, "data_time" TIMESTAMP WITH TIME ZONE NOT NULL, "readings" jsonb NOT NULL, "sample_id" uuid, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_6549b64f9a7b97a68d975415f86" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "hj212_packet_monitor_idx" ON "hj212_packet" ("monitor_id", "received_at") `);
    await q.query(`CREATE UNIQUE INDEX "hj212_packet_key_uq" ON "hj212_packet" ("mn", "qn", "cn") `);
    await q.query(
      `ALTER TABLE "online_monitor" ADD CONSTRAINT "FK_212fb05fafc9b2e70c5c6504726" FOREIGN KEY ("outfall_id") REFERENCES "outfall"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "hj212_packet" ADD CONSTRAINT "FK_51b12305b7b700257046ffae432" FOREIGN KEY ("monitor_id") REFERENCES "online_monitor"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "hj212_packet" DROP CONSTRAINT "FK_51b12305b7b700257046ffae432"`);
    await q.query(`ALTER TABLE "online_monitor" DROP CONSTRAINT "FK_212fb05fafc9b2e70c5c6504726"`);
    await q.query(`DROP TABLE "hj212_packet"`);
    await q.query(`DROP TABLE "online_monitor"`);
  }
}
