import { Division, Unit } from '@outfall/org';
import { expectError, TestApp } from './support/test-app';

describe('divisions, units and accounts', () => {
  let t: TestApp;
  let admin: { Authorization: string };
  let city: Division;
  let liugongUnit: Unit;

  beforeAll(async () => {
    t = await TestApp.create();
    admin = await t.auth('admin');
    city = await t.dataSource.getRepository(Division).findOneByOrFail({ code: '652301' });
    liugongUnit = await t.dataSource.getRepository(Unit).findOneByOrFail({ name: '六工镇人民政府' });
  });
  afterAll(() => t.close());

  it('seeds Changji City, its 16 townships and sub-districts, the departments and a township unit each', async () => {
    const divisions = await t.http
      .get('/api/v1/divisions')
      .query({ parentId: city.id, limit: 50 })
      .set(admin);
    expect(divisions.body.total).toBe(16);
    const units = await t.http.get('/api/v1/units').query({ kind: 'township', limit: 50 }).set(admin);
    expect(units.body.total).toBe(16);
    expect(units.body.items.every((u: { liaison: unknown; demo: boolean }) => u.liaison && u.demo)).toBe(
      true,
    );
    const eco = await t.http.get('/api/v1/units').query({ q: '生态环境' }).set(admin);
    expect(eco.body.items[0]).toMatchObject({ kind: 'ecology_branch', division: { code: '652301' } });
  });

  it('keeps the division tree consistent', async () => {
    const wrongLevel = await t.http
      .post('/api/v1/divisions')
      .set(admin)
      .send({ code: '652301999', name: '错误', level: 'village', parentId: city.id });
    expectError(wrongLevel, 400, 'ORG_PARENT_LEVEL_INVALID');
    const badCode = await t.http
      .post('/api/v1/divisions')
      .set(admin)
      .send({ code: '12ab', name: '错误', level: 'township', parentId: city.id });
    expectError(badCode, 400, 'VALIDATION_FAILED');
    expect(badCode.body.details).toEqual([{ field: 'code', message: 'code must be 6, 9 or 12 digits' }]);
    const village = await t.http
      .post('/api/v1/divisions')
      .set(admin)
      .send({ code: '652301101201', name: '演示村', level: 'village', parentId: liugongUnit.divisionId });
    expect(village.status).toBe(201);
    expect(village.body.path).toBe('652301/652301101/652301101201');
    const inUse = await t.http.delete(`/api/v1/divisions/${liugongUnit.divisionId}`).set(admin);
    expectError(inUse, 409, 'ORG_DIVISION_IN_USE');
  });

  it('a township account sees units of villages below its township too', async () => {
    const village = await t.dataSource.getRepository(Division).findOneByOrFail({ code: '652301101201' });
    const created = await t.http
      .post('/api/v1/units')
      .set(admin)
      .send({ name: '演示村委会', kind: 'other', divisionId: village.id });
    expect(created.status).toBe(201);
    const seen = await t.http.get('/api/v1/units').set(await t.auth('township_liugong'));
    expect(seen.body.items.map((u: { name: string }) => u.name).sort()).toEqual(
      ['六工镇人民政府', '演示村委会'].sort(),
    );
  });

  it('creates accounts with a strong password and a role that fits the unit', async () => {
    const base = {
      username: 'liugong_clerk',
      displayName: '六工镇 文员',
      password: 'Liugong-2024!',
      role: 'township',
      unitId: liugongUnit.id,
    };
    const weak = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ ...base, password: 'password' });
    expectError(weak, 400, 'IAM_WEAK_PASSWORD');
    const mismatch = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ ...base, role: 'ecology_branch' });
    expectError(mismatch, 400, 'IAM_ROLE_UNIT_MISMATCH');
    const badName = await t.http
      .post('/api/v1/users')
      .set(admin)
      .send({ ...base, username: 'X y' });
    expectError(badName, 400, 'VALIDATION_FAILED');
    const created = await t.http.post('/api/v1/users').set(admin).send(base);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: 'liugong_clerk',
      role: 'township',
      unit: { name: '六工镇人民政府' },
      active: true,
    });
    expect(JSON.stringify(created.body)).not.toMatch(/password/i);
    expectError(await t.http.post('/api/v1/users').set(admin).send(base), 409, 'IAM_USERNAME_TAKEN');
    expectError(
      await t.http
        .post('/api/v1/users')
        .set(await t.auth('eco_officer'))
        .send(base),
      403,
      'AUTH_PERMISSION_DENIED',
    );
  });

  it('disabling an account ends its sessions at once', async () => {
    const token = await t.token('liugong_clerk', 'Liugong-2024!');
    const user = await t.http.get('/api/v1/users').query({ q: 'liugong_clerk' }).set(admin);
    const { id, version } = user.body.items[0];
    const disabled = await t.http.patch(`/api/v1/users/${id}`).set(admin).send({ active: false, version });
    expect(disabled.status).toBe(200);
    expectError(
      await t.http.get('/api/v1/auth/me').set('Authorization', `Bearer ${token}`),
      401,
      'AUTH_ACCOUNT_DISABLED',
    );
    const login = await t.http
      .post('/api/v1/auth/login')
      .send({ username: 'liugong_clerk', password: 'Liugong-2024!' });
    expectError(login, 401, 'AUTH_ACCOUNT_DISABLED');

    // the list's active filter reads the query text: 'false' lists the disabled account, 'true' does not
    const inactive = await t.http.get('/api/v1/users').query({ active: 'false' }).set(admin);
    expect(inactive.status).toBe(200);
    expect(inactive.body.items.map((u: { username: string }) => u.username)).toContain('liugong_clerk');
    expect(inactive.body.items.every((u: { active: boolean }) => u.active === false)).toBe(true);
    const active = await t.http.get('/api/v1/users').query({ active: 'true', q: 'liugong_clerk' }).set(admin);
    expect(active.body.items).toEqual([]);
    expectError(
      await t.http.get('/api/v1/users').query({ active: 'maybe' }).set(admin),
      400,
      'VALIDATION_FAILED',
    );
  });

  it('filters and sorts the account list', async () => {
    const township = await t.http
      .get('/api/v1/users')
      .query({ role: 'township', sort: '-username' })
      .set(admin);
    const names = township.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort().reverse());
    expect(township.body.items.every((u: { role: string }) => u.role === 'township')).toBe(true);
  });
});
