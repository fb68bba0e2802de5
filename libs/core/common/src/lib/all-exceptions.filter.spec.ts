import { ArgumentsHost, HttpStatus } from '@nestjs/common';
import { createServer, Server, Socket } from 'node:net';
import { Client, DatabaseError, Pool } from 'pg';
import { QueryFailedError } from 'typeorm';
import { AllExceptionsFilter, normaliseError } from './all-exceptions.filter';
import { CommonErrorCode } from './domain.exception';

/** A real error of the driver: a PostgreSQL ErrorResponse with this SQLSTATE, as TypeORM wraps it. */
const serverError = (code: string, message: string) => {
  const error = new DatabaseError(message, message.length, 'error');
  error.code = code;
  return new QueryFailedError('SELECT 1', [], error);
};

describe('normaliseError: database outages are 503 with Retry-After and a code, never 500', () => {
  let silent: Server;
  const sockets: Socket[] = [];
  let silentPort: number;
  let closedPort: number;

  beforeAll(async () => {
    // a port nothing listens on (ECONNREFUSED) and a "server" that accepts but never answers
    const probe = createServer();
    await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done));
    closedPort = (probe.address() as { port: number }).port;
    await new Promise((done) => probe.close(done));
    silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((done) => silent.listen(0, '127.0.0.1', done));
    silentPort = (silent.address() as { port: number }).port;
  });
  afterAll(() => {
    for (const socket of sockets) socket.destroy();
    return new Promise((done) => silent.close(done));
  });

  it('maps a refused connection (PostgreSQL down) to DATABASE_UNAVAILABLE', async () => {
    const client = new Client({ host: '127.0.0.1', port: closedPort, connectionTimeoutMillis: 2000 });
    const error = await client.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((error as { code?: string }).code).toBe('ECONNREFUSED');
    expect(normaliseError(error)).toMatchObject({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: CommonErrorCode.DatabaseUnavailable,
      retryAfterSeconds: 5,
    });
  });

  it('maps a pool that gives no connection in time to DATABASE_BUSY', async () => {
    const pool = new Pool({ host: '127.0.0.1', port: silentPort, max: 1, connectionTimeoutMillis: 300 });
    const error = await pool.connect().then(
      () => undefined,
      (e: unknown) => e,
    );
    await pool.end().catch(() => undefined);
    expect(String(error)).toMatch(/timeout/);
    const normalised = normaliseError(error);
    expect(normalised.status).toBe(HttpStatus.SERVICE_UNAVAILABLE);
    expect([CommonErrorCode.DatabaseBusy, CommonErrorCode.DatabaseUnavailable]).toContain(normalised.code);
    expect(normalised.retryAfterSeconds).toBeGreaterThan(0);
  });

  it('maps the pool-slot timeout of node-postgres to DATABASE_BUSY', () => {
    expect(normaliseError(new Error('timeout exceeded when trying to connect'))).toMatchObject({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: CommonErrorCode.DatabaseBusy,
      retryAfterSeconds: 2,
    });
  });

  it.each([
    ['57P01', 'terminating connection due to administrator command'],
    ['57P02', 'terminating connection due to crash of another server process'],
    ['57P03', 'the database system is starting up'],
    ['08006', 'connection failure'],
    ['08003', 'connection does not exist'],
  ])('maps SQLSTATE %s (%s) to DATABASE_UNAVAILABLE', (code, message) => {
    expect(normaliseError(serverError(code, message))).toMatchObject({
      status: HttpStatus.SERVICE_UNAVAILABLE,
      code: CommonErrorCode.DatabaseUnavailable,
    });
  });

  it('maps a connection that ended under a query to DATABASE_UNAVAILABLE', () => {
    expect(
      normaliseError(new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly'))),
    ).toMatchObject({
      code: CommonErrorCode.DatabaseUnavailable,
    });
  });

  it('keeps client errors and other server errors as they were', () => {
    expect(normaliseError(serverError('23505', 'duplicate key')).status).toBe(HttpStatus.CONFLICT);
    expect(normaliseError(serverError('42P01', 'relation does not exist'))).toMatchObject({
      status: HttpStatus.INTERNAL_SERVER_ERROR,
      code: CommonErrorCode.Internal,
    });
    expect(normaliseError(new Error('boom')).status).toBe(HttpStatus.INTERNAL_SERVER_ERROR);
  });

  it('answers REST with 503, Retry-After and the code', () => {
    const headers: Record<string, string> = {};
    let status = 0;
    let body: unknown;
    const response = {
      setHeader: (name: string, value: string) => (headers[name] = value),
      status(code: number) {
        status = code;
        return this;
      },
      json: (value: unknown) => (body = value),
    };
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({ getResponse: () => response }),
    } as unknown as ArgumentsHost;
    new AllExceptionsFilter().catch(
      serverError('57P01', 'terminating connection due to administrator command'),
      host,
    );
    expect(status).toBe(503);
    expect(headers['Retry-After']).toBe('5');
    expect(body).toMatchObject({ code: 'DATABASE_UNAVAILABLE' });
  });
});
