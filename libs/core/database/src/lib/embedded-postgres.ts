// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration, nothing to import
/// <reference path="./pglite-contrib.d.ts" />
import { mkdirSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export interface EmbeddedPostgresOptions {
  /** A folder to persist the data in, or `undefined` for an in-memory database. */
  dataDir?: string;
  /** 0 picks a free port. */
  port?: number;
}

/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM, with PostGIS) behind an in-process
 * PostgreSQL wire-protocol server, so TypeORM's ordinary `pg` driver talks to it unchanged. PGlite is one
 * session underneath: use a pool of one connection. Only one process may open a data folder.
 */
export class EmbeddedPostgres {
  private static readonly logger = new Logger('EmbeddedPostgres');
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    readonly url: string,
  ) {}

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
    const started = Date.now();
    let dataDir: string | undefined;
    if (options.dataDir) {
      dataDir = resolve(options.dataDir);
      mkdirSync(join(dataDir, '..'), { recursive: true });
    }
    const db = await PGlite.create({ dataDir, extensions: { postgis, pg_trgm } });
    const server = new PGLiteSocketServer({
      db,
      host: '127.0.0.1',
      port: options.port ?? 0,
      maxConnections: 4,
    });
    await server.start();
    const address = (server as unknown as { server: Server }).server.address() as AddressInfo;
    const url = `postgres://postgres@127.0.0.1:${address.port}/postgres`;
    EmbeddedPostgres.logger.log(
      `embedded PostgreSQL (${dataDir ?? 'in memory'}) ready on port ${address.port} in ${Date.now() - started} ms`,
    );
    return new EmbeddedPostgres(db, server, url);
  }

  async stop(): Promise<void> {
    await this.server.stop();
    await this.db.close();
  }
}
