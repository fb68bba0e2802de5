import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Unit } from '@outfall/org';
import { Operation, Route, routeTable } from './support/route-table';
import { expectError, TestApp } from './support/test-app';

describe('access control', () => {
  let t: TestApp;
  let routes: Route[];
  let operations: Operation[];

  beforeAll(async () => {
    t = await TestApp.create();
    ({ routes, operations } = routeTable(t.app));
  });
  afterAll(() => t.close());

  describe('default deny', () => {
    it('every REST route is either @Public() or names its permissions', () => {
      expect(routes.length).toBeGreaterThan(20);
      const loose = routes
        .filter((r) => !r.isPublic && !r.guarded)
        .map((r) => `${r.method.toUpperCase()} ${r.path} (${r.name})`);
      expect(loose).toEqual([]);
      const publicRoutes = routes.filter((r) => r.isPublic).map((r) => `${r.method.toUpperCase()} ${r.path}`);
      // POST /system/backups: the operator's control endpoint, loopback + control-file token only (404 otherwise)
      expect(publicRoutes.sort()).toEqual([
        'GET /api/v1/meta',
        'GET /health',
        'GET /health/live',
        'GET /health/ready',
        // the public portal: published outfalls (only the effective configuration's fields), approvals
        'GET /public/approvals',
        'GET /public/outfalls',
        'GET /public/outfalls/:code',
        'GET /public/outfalls/filters',
        'GET /public/outfalls/map',
        // public reports (举报): proof-of-work challenge and tracking (number + secret); rate-limited per address
        'GET /public/reports/challenge',
        'GET /public/reports/track',
        // the published setup-review results (publication fields only, an explicit DTO)
        'GET /setup-review/published',
        'POST /auth/login',
        // the public report intake: proof of work, rate limit, photo checks
        'POST /public/reports',
        'POST /system/backups',
      ]);
    });

    it('every GraphQL query and mutation is guarded, and every one in the schema was found', () => {
      const schema = t.app.get(GraphQLSchemaHost).schema;
      const inSchema =
        Object.keys(schema.getQueryType()?.getFields() ?? {}).length +
        Object.keys(schema.getMutationType()?.getFields() ?? {}).length;
      expect(operations).toHaveLength(inSchema);
      expect(operations.filter((o) => !o.guarded && !o.isPublic).map((o) => o.name)).toEqual([]);
      // the public portal's queries (no login, rate-limited, only published fields) and the public meta
      expect(
        operations
          .filter((o) => o.isPublic)
          .map((o) => o.name)
          .sort(),
      ).toEqual([
        'PublicPortalResolver.publicApprovals',
        'PublicPortalResolver.publicOutfall',
        'PublicPortalResolver.publicOutfallFilters',
        'PublicPortalResolver.publicOutfalls',
        // build and version, public as REST GET /api/v1/meta
        'SystemResolver.meta',
      ]);
    });

    it('every non-public REST route answers 401 without credentials', async () => {
      for (const route of routes.filter((r) => !r.isPublic)) {
        const path = `/api/v1${route.path.replace(/:\w+/g, '00000000-0000-4000-8000-000000000000')}`;
        const res = await (t.http[route.method as 'get'](path) as ReturnType<typeof t.http.get>);
        expect({ route: `${route.method} ${path}`, status: res.status }).toEqual({
          route: `${route.method} ${path}`,
          status: 401,
        });
      }
    });
  });

  describe('role × route matrix', () => {
    const cases: [string, string, string, number][] = [
      // [user, method, path, expected status]
      ['admin', 'get', '/api/v1/users', 200],
      ['eco_officer', 'get', '/api/v1/users', 200],
      ['water_officer', 'get', '/api/v1/users', 403],
      ['township_liugong', 'get', '/api/v1/users', 403],
      ['admin', 'get', '/api/v1/audit-logs', 200],
      ['eco_officer', 'get', '/api/v1/audit-logs', 200],
      ['water_officer', 'get', '/api/v1/audit-logs', 403],
      ['housing_officer', 'get', '/api/v1/audit-logs', 403],
      ['township_liugong', 'get', '/api/v1/audit-logs', 403],
      ['admin', 'get', '/api/v1/api-keys', 200],
      ['eco_officer', 'get', '/api/v1/api-keys', 403],
      ['township_liugong', 'get', '/api/v1/units', 200],
      ['housing_officer', 'get', '/api/v1/divisions', 200],
      ['eco_officer', 'post', '/api/v1/divisions', 403],
      ['township_liugong', 'post', '/api/v1/units', 403],
      ['water_officer', 'get', '/api/v1/jobs', 200],
    ];
    it.each(cases)('%s %s %s → %i', async (user, method, path, status) => {
      const res = await t.http[method as 'get'](path)
        .set(await t.auth(user))
        .send(method === 'post' ? {} : undefined);
      expect(res.status).toBe(status);
      if (status === 403) expectError(res, 403, 'AUTH_PERMISSION_DENIED');
    });

    it('GraphQL refuses the same operations by role', async () => {
      const denied = await t.graphql('township_liugong', '{ users { total } }');
      expect(denied.body.errors[0].extensions).toMatchObject({ code: 'AUTH_PERMISSION_DENIED', status: 403 });
      const allowed = await t.graphql('eco_officer', '{ users { total } }');
      expect(allowed.body.data.users.total).toBeGreaterThan(5);
    });
  });

  describe('jurisdiction: a township sees and changes only its own division', () => {
    let liugong: Unit;
    let sangong: Unit;

    beforeAll(async () => {
      const units = t.dataSource.getRepository(Unit);
      liugong = await units.findOneByOrFail({ name: '六工镇人民政府' });
      sangong = await units.findOneByOrFail({ name: '三工镇人民政府' });
    });

    it('lists only its own units over REST and GraphQL', async () => {
      const rest = await t.http.get('/api/v1/units').set(await t.auth('township_liugong'));
      expect(rest.status).toBe(200);
      expect(rest.body.items.map((u: { name: string }) => u.name)).toEqual(['六工镇人民政府']);
      expect(rest.body.total).toBe(1);
      const gql = await t.graphql('township_liugong', '{ units { total items { name } } }');
      expect(gql.body.data.units).toEqual({ total: 1, items: [{ name: '六工镇人民政府' }] });
      const cityWide = await t.http.get('/api/v1/units').set(await t.auth('water_officer'));
      expect(cityWide.body.total).toBe(24);
    });

    it('answers 404 for another township’s record: read, update, delete, over REST and GraphQL', async () => {
      const headers = await t.auth('township_liugong');
      expectError(await t.http.get(`/api/v1/units/${sangong.id}`).set(headers), 404, 'NOT_FOUND');
      const liaison = { name: '越权', phone: '13800009999', position: '科员' };
      expectError(
        await t.http.put(`/api/v1/units/${sangong.id}/liaison`).set(headers).send(liaison),
        404,
        'NOT_FOUND',
      );
      expectError(await t.http.delete(`/api/v1/units/${sangong.id}/liaison`).set(headers), 404, 'NOT_FOUND');
      const gqlRead = await t.graphql('township_liugong', `{ unit(id: "${sangong.id}") { name } }`);
      expect(gqlRead.body.errors[0].extensions.code).toBe('NOT_FOUND');
      const gqlWrite = await t.graphql(
        'township_liugong',
        `mutation($id: ID!, $l: LiaisonInput!) { setUnitLiaison(unitId: $id, liaison: $l) { name } }`,
        { id: sangong.id, l: liaison },
      );
      expect(gqlWrite.body.errors[0].extensions.code).toBe('NOT_FOUND');
      const untouched = await t.dataSource.getRepository(Unit).findOneByOrFail({ id: sangong.id });
      expect(untouched.liaisonName).not.toBe('越权');
    });

    it('changes its own unit’s liaison', async () => {
      const res = await t.http
        .put(`/api/v1/units/${liugong.id}/liaison`)
        .set(await t.auth('township_liugong'))
        .send({ name: '赵六', phone: '13800001111', position: '副镇长' });
      expect(res.status).toBe(200);
      expect(res.body.liaison).toEqual({ name: '赵六', phone: '13800001111', position: '副镇长' });
    });

    it('a city-wide department can read any unit but only change its own liaison', async () => {
      const headers = await t.auth('water_officer');
      expect((await t.http.get(`/api/v1/units/${sangong.id}`).set(headers)).status).toBe(200);
      const res = await t.http
        .put(`/api/v1/units/${sangong.id}/liaison`)
        .set(headers)
        .send({ name: '王五', phone: '13800002222', position: '科长' });
      expectError(res, 403, 'ORG_NOT_OWN_UNIT');
    });
  });
});
