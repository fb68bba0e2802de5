import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { expectError, TestApp } from './support/test-app';

const SDL_FILE = join(__dirname, '..', 'src', 'schema.gql');

describe('API conventions', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create();
  });
  afterAll(() => t.close());

  it('the migrations create exactly the schema the entities describe', async () => {
    const pending = await t.dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('the committed GraphQL SDL matches the code (WRITE_GRAPHQL_SCHEMA=1 rewrites it)', () => {
    const sdl = printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env['WRITE_GRAPHQL_SCHEMA'] === '1') writeFileSync(SDL_FILE, sdl);
    expect(existsSync(SDL_FILE)).toBe(true);
    expect(readFileSync(SDL_FILE, 'utf8')).toEqual(sdl);
  });

  it('serves OpenAPI at /api/docs-json with the routes and bearer + API-key security', async () => {
    const res = await t.http.get('/api/docs-json');
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/auth/login',
        '/api/v1/units',
        '/api/v1/audit-logs',
        '/api/v1/jobs/{id}',
      ]),
    );
    expect(Object.keys(res.body.components.securitySchemes)).toEqual(
      expect.arrayContaining(['bearer', 'api-key']),
    );
    expect((await t.http.get('/api/docs')).status).toBe(200);
  });

  it('answers unknown routes with the error shape', async () => {
    expectError(await t.http.get('/api/v1/nothing-here').set(await t.auth('admin')), 404, 'NOT_FOUND');
  });

  it('paginates with limits and refuses out-of-range pages', async () => {
    const headers = await t.auth('admin');
    const page = await t.http
      .get('/api/v1/divisions')
      .query({ limit: 5, offset: 5, sort: '-code' })
      .set(headers);
    expect(page.body).toMatchObject({ total: 17, limit: 5, offset: 5 });
    expect(page.body.items).toHaveLength(5);
    const codes = page.body.items.map((d: { code: string }) => d.code);
    expect([...codes].sort().reverse()).toEqual(codes);
    const tooMany = await t.http.get('/api/v1/divisions').query({ limit: 500, offset: -1 }).set(headers);
    expectError(tooMany, 400, 'VALIDATION_FAILED');
    expect((tooMany.body.details as { field: string }[]).map((d) => d.field).sort()).toEqual([
      'limit',
      'offset',
    ]);
    const filtered = await t.http.get('/api/v1/divisions').query({ level: 'sub_district' }).set(headers);
    expect(filtered.body.total).toBe(6);
    const badEnum = await t.http.get('/api/v1/divisions').query({ level: 'county' }).set(headers);
    expectError(badEnum, 400, 'VALIDATION_FAILED');
  });

  it('resolves relations in batches: a page of users with unit and division takes a handful of queries', async () => {
    const queries: string[] = [];
    const logger = t.dataSource.logger;
    const original = logger.logQuery.bind(logger);
    const runner = t.dataSource.driver as unknown as { connection: { logger: typeof logger } };
    runner.connection.logger.logQuery = (query: string) => {
      queries.push(query);
    };
    const optionsLogging = t.dataSource.options.logging;
    Object.assign(t.dataSource.options, { logging: ['query'] });
    try {
      const res = await t.graphql(
        'admin',
        '{ users(page: { limit: 50 }) { items { username unit { name division { name } } } } }',
      );
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.users.items.length).toBeGreaterThanOrEqual(9);
      expect(
        res.body.data.users.items.every(
          (u: { unit: { division: { name: string } } }) => u.unit.division.name,
        ),
      ).toBe(true);
    } finally {
      Object.assign(t.dataSource.options, { logging: optionsLogging });
      runner.connection.logger.logQuery = original;
    }
    const selects = queries.filter((q) => /^\s*SELECT/i.test(q));
    // auth lookup, count, page, units batch, divisions batch (plus TypeORM's distinct-page query)
    expect(selects.length).toBeLessThanOrEqual(7);
  });

  it('limits GraphQL depth and complexity and hides stack traces', async () => {
    const chain = (levels: number) =>
      `{ divisions { items { ${'parent { '.repeat(levels)}name${' }'.repeat(levels)} } } }`;
    const shallow = await t.graphql('admin', chain(2));
    expect(shallow.body.errors).toBeUndefined();
    expect(shallow.body.data.divisions.items.some((d: { parent: unknown }) => d.parent === null)).toBe(true);
    const veryDeep = await t.graphql('admin', chain(10));
    expect(veryDeep.body.errors[0].message).toMatch(/exceeds maximum operation depth/);
    const wide = Array.from({ length: 1100 }, (_, i) => `u${i}: units { total }`).join(' ');
    const complex = await t.graphql('admin', `{ ${wide} }`);
    expect(complex.body.errors[0].extensions.code).toBe('QUERY_TOO_COMPLEX');
    const invalid = await t.graphql('admin', '{ units { nope } }');
    expect(invalid.body.errors[0].extensions.stacktrace).toBeUndefined();
    expect(invalid.body.errors[0].extensions.requestId).toEqual(expect.any(String));
  });

  it('validates GraphQL input with the same field messages as REST', async () => {
    const unit = await t.http
      .get('/api/v1/units')
      .query({ limit: 1 })
      .set(await t.auth('admin'));
    const res = await t.graphql(
      'admin',
      `mutation($id: ID!, $l: LiaisonInput!) { setUnitLiaison(unitId: $id, liaison: $l) { name } }`,
      { id: unit.body.items[0].id, l: { name: '甲', phone: 'abc', position: '科员' } },
    );
    expect(res.body.errors[0].extensions).toMatchObject({
      code: 'VALIDATION_FAILED',
      details: [{ field: 'phone', message: 'phone must be a mainland mobile or landline number' }],
    });
  });
});
