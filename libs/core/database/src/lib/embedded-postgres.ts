// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- an ambient module declaration, nothing to import
/// <reference path="./pglite-contrib.d.ts" />
import { timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { postgis } from '@electric-sql/pglite-postgis';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import { DataFolderLock } from './data-folder-lock';

export interface EmbeddedPostgresOptions {
  /** A folder to persist the data in, or `undefined` for an in-memory database. */
  dataDir?: string;
  /**
   * A TCP port on 127.0.0.1 for operator tools (psql, pg_dump); none unless set. 0 picks a free port.
   * Requires `externalPassword`: clients authenticate as any user with that password.
   */
  externalPort?: number;
  externalPassword?: string;
}

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;
/** A client must finish the password exchange within this time. */
const AUTH_TIMEOUT_MS = 10_000;

/** The parts of pglite-socket's server this class reaches into (they are not exported). */
interface SocketServerInternals {
  handleConnection(socket: Socket): Promise<void>;
  queryQueue: { processing: boolean; processQueue(): Promise<void> };
}

/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM, with PostGIS) behind an in-process
 * PostgreSQL wire-protocol server, so TypeORM's ordinary `pg` driver talks to it unchanged. PGlite is one
 * session underneath: use a pool of one connection.
 *
 * - The API reaches it through a Unix socket in a private (owner-only) temporary folder: no TCP port is
 *   opened, so no other client can disturb its session.
 * - Operator tools get a TCP port on 127.0.0.1 only when `externalPort` is set, and only with the
 *   password (`externalPassword`). Their statements queue with the API's in the same per-connection queue,
 *   so a transaction of theirs delays the API's requests (which answer 503 DATABASE_BUSY if it lasts), but
 *   never corrupts them; a client that disconnects mid-transaction is rolled back.
 * - Only one process may open a data folder: `start` takes an exclusive lock next to it (`<dataDir>.lock`)
 *   and refuses, naming the holder, when a live process holds it.
 */
export class EmbeddedPostgres {
  private static readonly logger = new Logger('EmbeddedPostgres');
  private constructor(
    private readonly db: PGlite,
    private readonly server: PGLiteSocketServer,
    private readonly socketDir: string,
    private readonly external: Server | undefined,
    private readonly lock: DataFolderLock | undefined,
    /** The connection string for `pg` (a Unix socket: `?host=<private folder>`). */
    readonly url: string,
    /** The operator TCP port, when configured. */
    readonly externalPort: number | undefined,
  ) {}

  static async start(options: EmbeddedPostgresOptions = {}): Promise<EmbeddedPostgres> {
    const started = Date.now();
    if (options.externalPort !== undefined && !options.externalPassword) {
      throw new Error('the embedded database socket port needs a password (EMBEDDED_SOCKET_PASSWORD)');
    }
    let dataDir: string | undefined;
    let lock: DataFolderLock | undefined;
    if (options.dataDir) {
      dataDir = resolve(options.dataDir);
      mkdirSync(join(dataDir, '..'), { recursive: true });
      lock = DataFolderLock.acquire(`${dataDir}.lock`);
    }
    let socketDir: string | undefined;
    try {
      const db = await PGlite.create({ dataDir, extensions: { postgis, pg_trgm } });
      socketDir = mkdtempSync(join(tmpdir(), 'outfall-pg-'));
      chmodSync(socketDir, 0o700);
      const server = new PGLiteSocketServer({
        db,
        path: join(socketDir, '.s.PGSQL.5432'),
        maxConnections: 8,
      });
      EmbeddedPostgres.keepQueueRunning(server);
      await server.start();
      let external: Server | undefined;
      let externalPort: number | undefined;
      if (options.externalPort !== undefined && options.externalPassword) {
        external = await EmbeddedPostgres.listenExternal(
          server,
          options.externalPort,
          options.externalPassword,
        );
        externalPort = (external.address() as AddressInfo).port;
      }
      const url = `postgres://postgres@localhost/postgres?host=${encodeURIComponent(socketDir)}`;
      EmbeddedPostgres.logger.log(
        `embedded PostgreSQL (${dataDir ?? 'in memory'}) ready in ${Date.now() - started} ms` +
          (externalPort ? `; operator port 127.0.0.1:${externalPort} (password required)` : ''),
      );
      return new EmbeddedPostgres(db, server, socketDir, external, lock, url, externalPort);
    } catch (error) {
      if (socketDir) rmSync(socketDir, { recursive: true, force: true });
      lock?.release();
      throw error;
    }
  }

  async stop(): Promise<void> {
    try {
      if (this.external) await new Promise<void>((done) => this.external?.close(() => done()));
      await this.server.stop();
      await this.db.close();
    } finally {
      rmSync(this.socketDir, { recursive: true, force: true });
      this.lock?.release();
    }
  }

  /**
   * pglite-socket's query queue stops for good when one statement throws (its loop returns with
   * `processing` still set), after which every later query of every client waits forever. Restart it.
   */
  private static keepQueueRunning(server: PGLiteSocketServer): void {
    const queue = (server as unknown as SocketServerInternals).queryQueue;
    const processQueue = queue.processQueue.bind(queue);
    queue.processQueue = async () => {
      if (queue.processing) return processQueue();
      await processQueue();
      if (queue.processing) {
        queue.processing = false;
        setImmediate(() => void queue.processQueue());
      }
    };
  }

  /** The operator port: a cleartext-password exchange, then the connection joins the shared server. */
  private static listenExternal(server: PGLiteSocketServer, port: number, password: string): Promise<Server> {
    const internals = server as unknown as SocketServerInternals;
    const expected = Buffer.from(password);
    const tcp = createServer((socket) => {
      let buffer = Buffer.alloc(0);
      let startup: Buffer | undefined;
      const timer = setTimeout(() => socket.destroy(), AUTH_TIMEOUT_MS);
      const fail = (message: string) => {
        clearTimeout(timer);
        socket.end(errorResponse('28P01', message));
      };
      const onData = (data: Buffer) => {
        buffer = Buffer.concat([buffer, data]);
        if (!startup) {
          if (buffer.length < 8) return;
          const length = buffer.readInt32BE(0);
          const code = buffer.readInt32BE(4);
          if (length === 8 && code === SSL_REQUEST) {
            socket.write('N');
            buffer = buffer.subarray(8);
            return onData(Buffer.alloc(0));
          }
          if (code === CANCEL_REQUEST) return void socket.destroy();
          if (code !== PROTOCOL_3 || length > 10_000) return fail('unsupported startup message');
          if (buffer.length < length) return;
          startup = buffer.subarray(0, length);
          buffer = buffer.subarray(length);
          // AuthenticationCleartextPassword
          const request = Buffer.alloc(9);
          request.write('R', 0);
          request.writeInt32BE(8, 1);
          request.writeInt32BE(3, 5);
          socket.write(request);
        }
        if (buffer.length < 5) return;
        if (buffer[0] !== 'p'.charCodeAt(0)) return fail('password authentication failed');
        const length = buffer.readInt32BE(1);
        if (buffer.length < 1 + length) return;
        const given = buffer.subarray(5, 1 + length).subarray(0, -1); // without the trailing NUL
        const rest = buffer.subarray(1 + length);
        if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
          return fail('password authentication failed');
        }
        clearTimeout(timer);
        socket.removeListener('data', onData);
        socket.pause();
        // the shared server sees the startup message (and anything sent after the password) as if first
        socket.unshift(Buffer.concat([startup, rest]));
        void internals.handleConnection(socket);
        socket.resume();
      };
      socket.on('data', onData);
      socket.on('error', () => socket.destroy());
    });
    return new Promise((done, fail) => {
      tcp.once('error', fail);
      tcp.listen(port, '127.0.0.1', () => done(tcp));
    });
  }
}

/** A FATAL ErrorResponse message. */
function errorResponse(sqlState: string, message: string): Buffer {
  const fields = Buffer.concat(
    [`SFATAL`, `VFATAL`, `C${sqlState}`, `M${message}`].map((field) => Buffer.from(`${field}\0`)),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}
