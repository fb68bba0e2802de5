import { GraphQLSchemaHost } from '@nestjs/graphql';
import { readFileSync } from 'fs';
import { routeTable } from './support/route-table';
import { statementsOf } from './support/statements';
import { TestApp } from './support/test-app';

/**
 * Every REST read has its GraphQL counterpart: the one table of the mapping (docs/graphql.md shows it). A new
 * GET route fails this spec until it is mapped to a query/field or exempted with its reason.
 */
const COUNTERPART: Record<string, string> = {
  'GET /api/v1/meta': 'meta',
  'GET /jobs': 'jobs',
  'GET /jobs/:id': 'job',
  'GET /audit-logs': 'auditLogs',
  'GET /divisions': 'divisions',
  'GET /divisions/:id': 'division',
  'GET /units': 'units',
  'GET /units/:id': 'unit',
  'GET /auth/me': 'me',
  'GET /users': 'users',
  'GET /users/:id': 'user',
  'GET /api-keys': 'apiKeys',
  'GET /api-keys/:id': 'apiKey',
  'GET /outfalls/:id/attachments': 'Outfall.attachments',
  'GET /outfalls': 'outfalls',
  'GET /outfalls/:id': 'outfall',
  'GET /responsible-entities': 'responsibleEntities',
  'GET /responsible-entities/:id': 'responsibleEntity',
  'GET /water-bodies': 'waterBodies',
  'GET /water-bodies/:id': 'waterBody',
  'GET /function-zones': 'functionZones',
  'GET /protected-areas': 'protectedAreas',
  'GET /required-indicator-rules': 'requiredIndicatorRules',
  'GET /required-indicator-rules/:id': 'requiredIndicatorRule',
  'GET /outfalls/:id/required-indicators': 'outfallRequiredIndicators',
  'GET /indicators': 'indicatorCatalogue',
  'GET /standards': 'dischargeStandards',
  'GET /standards/:id': 'dischargeStandard',
  'GET /outfalls/:id/standard': 'outfallStandard',
  'GET /outfalls/:id/standard-setting': 'outfallStandardSetting',
  'GET /samples': 'samplesList',
  'GET /samples/:id': 'sample',
  'GET /exceedances': 'exceedances',
  'GET /exceedances/chronic': 'chronicOutfalls',
  'GET /outfalls/:id/monitoring-status': 'outfallMonitoringStatus',
  'GET /tracing': 'tracingRecords',
  'GET /tracing/:id': 'tracingRecord',
  'GET /pollution-sources': 'pollutionSources',
  'GET /progress': 'progressAsOf',
  'GET /progress/targets': 'progressTargets',
  'GET /progress/snapshots': 'progressSnapshots',
  'GET /progress/snapshots/latest': 'progressSnapshot',
  'GET /progress/snapshots/:id': 'progressSnapshot',
  'GET /progress/quarters': 'progressQuarters',
  'GET /progress/snapshots/:id/comparison': 'progressSnapshotComparison',
  'GET /progress/dispatch-reports': 'dispatchReports',
  'GET /progress/snapshots/:id/dispatch-report': 'dispatchReport',
  'GET /outfalls/:id/disposition': 'outfallDisposition',
  'GET /remediation/plans': 'remediationPlans',
  'GET /remediation/plans/:id': 'remediationPlan',
  'GET /remediation/plans/:id/versions': 'remediationPlanVersions',
  'GET /setup-review/route': 'setupRoute',
  'GET /setup-review/published': 'publishedSetupResults',
  'GET /setup-review/applications': 'setupApplications',
  'GET /setup-review/applications/:id': 'setupApplication',
  'GET /setup-review/notifications': 'setupNotifications',
  'GET /setup-review/multi-outfall-enterprises': 'multiOutfallEnterprises',
  'GET /permits': 'dischargePermits',
  'GET /permits/:id': 'dischargePermit',
  'GET /monitoring-findings': 'monitoringFindings',
  'GET /outfalls/:id/permit-status': 'outfallPermitStatus',
  'GET /monitoring-schedules': 'monitoringSchedules',
  'GET /monitoring-schedules/:id': 'monitoringSchedule',
  'GET /enforcement/cases': 'enforcementCases',
  'GET /enforcement/cases/:id': 'enforcementCase',
  'GET /enforcement/cases/:id/events': 'enforcementCaseEvents',
  'GET /enforcement/cases/:id/evidence': 'enforcementEvidence',
  'GET /enforcement/cases/:id/evidence/:evidenceId/check': 'enforcementEvidenceCheck',
  'GET /patrols/rules': 'patrolRules',
  'GET /patrols/config': 'patrolConfig',
  'GET /patrols/schedules': 'patrolSchedules',
  'GET /patrols/overdue': 'patrolOverdue',
  'GET /outfalls/:id/patrols': 'outfallPatrolSummary',
  'GET /patrols': 'patrols',
  'GET /patrols/:id': 'patrol',
  'GET /source-lists/items': 'sourceListItems',
  'GET /source-lists/items/:id': 'sourceListItem',
  'GET /outfalls/:id/candidate-sources': 'candidateSources',
  'GET /signs': 'outfallSigns',
  'GET /outfalls/:id/sign': 'outfallSign',
  'GET /outfalls/:id/sign/proposal': 'outfallSignProposal',
  'GET /public/outfalls': 'publicOutfalls',
  'GET /public/outfalls/filters': 'publicOutfallFilters',
  'GET /public/outfalls/:code': 'publicOutfall',
  'GET /public/approvals': 'publicApprovals',
  'GET /publication': 'publicationState',
  'GET /publication/revisions': 'publicationRevisions',
  'GET /public-reports': 'publicReports',
  'GET /public-reports/:id': 'publicReport',
  'GET /public-reports/:id/events': 'publicReportEvents',
  'GET /accountability/notices': 'supervisionNotices',
  'GET /accountability/notices/:id': 'supervisionNotice',
  'GET /accountability/submissions': 'quarterlySubmissions',
  'GET /accountability/submissions/matrix': 'submissionMatrix',
  'GET /accountability/submissions/:id': 'quarterlySubmission',
  'GET /accountability/assessment': 'assessment',
  'GET /accountability/config': 'accountabilityConfig',
  'GET /accountability/config/versions': 'accountabilityConfigVersions',
  'GET /accountability/archive-completeness': 'archiveCompleteness',
  'GET /accountability/packages': 'upwardPackages',
  'GET /accountability/packages/:id': 'upwardPackage',
  'GET /tasks': 'tasks',
  'GET /tasks/:id': 'task',
  'GET /units/:id/tasks': 'unitTasks',
  'GET /river-sections': 'riverSections',
  'GET /river-sections/:id': 'riverSection',
  'GET /river-sections/:id/view': 'riverSectionView',
  'GET /river-chiefs': 'riverChiefs',
  'GET /river-chiefs/:id': 'riverChief',
  'GET /webhooks/subscriptions': 'webhookSubscriptions',
  'GET /webhooks/subscriptions/:id': 'webhookSubscription',
  'GET /webhooks/subscriptions/:id/deliveries': 'webhookDeliveries',
  'GET /webhooks/deliveries/:id': 'webhookDelivery',
  'GET /online-monitors': 'onlineMonitors',
  'GET /online-monitors/stats': 'hj212Stats',
  'GET /online-monitors/:id': 'onlineMonitor',
  'GET /online-monitors/:id/packets': 'onlineMonitorPackets',
  'GET /sync/changes': 'syncChanges',
  'GET /dashboard': 'dashboard',
  'GET /remediation/dispositions': 'dispositions',
  'GET /remediation/overdue': 'remediationOverdue',
  'GET /remediation/milestone-reviews': 'milestoneReviews',
  'GET /progress/forecast': 'progressForecast',
  'GET /progress/overdue': 'progressOverdue',
};

const FILE = 'a file download (bytes, not JSON)';
const TEMPLATE = 'an XLSX import template';
const MAP = 'GeoJSON / map layer for the map client';
const HEALTH = 'health probe for the orchestrator';

/** REST reads that stay REST only, each with its reason. */
const EXEMPT: Record<string, string> = {
  'GET /health': HEALTH,
  'GET /health/live': HEALTH,
  'GET /health/ready': HEALTH,
  'GET /jobs/:id/download': FILE,
  'GET /outfalls/:id/attachments/:attachmentId': FILE,
  'GET /progress/snapshots/:id/dispatch-report/download': FILE,
  'GET /setup-review/applications/:id/documents/:documentId': FILE,
  'GET /enforcement/cases/:id/evidence/:evidenceId': FILE,
  'GET /patrols/:id/photos/:photoId': FILE,
  'GET /public-reports/:id/photos/:photoId': FILE,
  'GET /accountability/files/:id': FILE,
  'GET /accountability/packages/:id/files/:kind': FILE,
  'GET /publication/sign-sheets': 'printable HTML sign sheets (a document, not JSON)',
  'GET /outfalls/import-template': TEMPLATE,
  'GET /samples/import-template': TEMPLATE,
  'GET /source-lists/template': TEMPLATE,
  'GET /water-bodies/basin-data/template': TEMPLATE,
  'GET /remediation/back-entries/template': TEMPLATE,
  'GET /outfalls/geojson': MAP,
  'GET /water-bodies/geojson': MAP,
  'GET /water-bodies/key-buffer/geojson': MAP,
  'GET /function-zones/geojson': MAP,
  'GET /protected-areas/geojson': MAP,
  'GET /source-lists/geojson': MAP,
  'GET /divisions/boundaries': MAP,
  'GET /public/outfalls/map': MAP,
  'GET /map/config': 'the map client’s tile and layer configuration',
  'GET /public/reports/challenge':
    'anonymous report intake: proof-of-work challenge, rate-limited per address',
  'GET /public/reports/track':
    'anonymous report intake: tracking by number + secret, rate-limited per address',
  'GET /sewer-coverage-areas': MAP,
};

describe('GraphQL parity with every REST read', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await TestApp.create({ outfalls: 30 });
  });
  afterAll(() => t.close());

  it('every REST GET route has its GraphQL counterpart or an exemption with a reason', () => {
    const gets = routeTable(t.app)
      .routes.filter((r) => r.method === 'get')
      .map((r) => r.key);
    const schema = t.app.get(GraphQLSchemaHost).schema;
    const exists = (name: string) => {
      const [type, field] = name.includes('.') ? name.split('.') : ['Query', name];
      const object = schema.getType(type) as { getFields?: () => Record<string, unknown> } | undefined;
      return !!object?.getFields?.()[field];
    };
    expect(gets.filter((key) => !(key in COUNTERPART) && !(key in EXEMPT))).toEqual([]);
    // the table names real schema fields, and no route is both mapped and exempt
    expect(Object.entries(COUNTERPART).filter(([, name]) => !exists(name))).toEqual([]);
    expect(Object.keys(COUNTERPART).filter((key) => key in EXEMPT)).toEqual([]);
    // no stale entries: every key is a route of the app
    expect([...Object.keys(COUNTERPART), ...Object.keys(EXEMPT)].filter((k) => !gets.includes(k))).toEqual(
      [],
    );
  });

  it('the exempt list is the documented one (docs/graphql.md)', () => {
    const docs = readFileSync(`${__dirname}/../../../docs/graphql.md`, 'utf8');
    for (const [key, name] of Object.entries(COUNTERPART))
      expect({ key, documented: docs.includes(`| ${key} `) && docs.includes(`\`${name}`) }).toEqual({
        key,
        documented: true,
      });
    for (const key of Object.keys(EXEMPT))
      expect({ key, documented: docs.includes(`| ${key} `) }).toEqual({ key, documented: true });
  });
  /** REST's answer (or error code) and GraphQL's for the same read, as the same user. */
  async function both(user: string, path: string, query: string, variables: Record<string, unknown> = {}) {
    const rest = await t.http.get(`/api/v1${path}`).set(await t.auth(user));
    const gql = await t.graphql(user, query, variables);
    const field = Object.keys(gql.body.data ?? {})[0];
    return {
      rest: rest.body,
      restCode: rest.status >= 400 ? (rest.body.code as string) : undefined,
      data: gql.body.data?.[field ?? ''] ?? null,
      gqlCode: gql.body.errors?.[0]?.extensions?.code as string | undefined,
    };
  }
  const MISSING = '00000000-0000-4000-8000-000000000000';
  const foreignOutfall = async () =>
    (
      await t.dataSource.query<{ id: string }[]>(
        `SELECT o.id FROM outfall o JOIN division d ON d.id = o.division_id WHERE d.name <> '六工镇' LIMIT 1`,
      )
    )[0].id;

  it('Outfall.attachments: metadata of a page in one statement, as REST lists them', async () => {
    const outfalls = await t.dataSource.query<{ id: string }[]>(
      `SELECT id FROM outfall ORDER BY local_code LIMIT 3`,
    );
    for (const [i, o] of outfalls.entries())
      await t.dataSource.query(
        `INSERT INTO outfall_attachment (outfall_id, kind, file_name, content_type, size_bytes, storage_key)
         SELECT $1, k, '现场' || k || '.jpg', 'image/jpeg', 100 + $2, 'attachments/x/' || k
           FROM unnest(ARRAY['photo', 'document']) AS k`,
        [o.id, i],
      );
    const eco = await t.auth('eco_officer');
    const rest = (await t.http.get(`/api/v1/outfalls/${outfalls[0].id}/attachments`).set(eco)).body;
    expect(rest).toHaveLength(2);
    const single = await t.graphql(
      'eco_officer',
      'query($id: ID!) { outfall(id: $id) { attachments { id outfallId kind fileName contentType sizeBytes uploadedById createdAt downloadUrl } } }',
      { id: outfalls[0].id },
    );
    expect(single.body.errors).toBeUndefined();
    expect(single.body.data.outfall.attachments).toEqual(rest);
    let items: { id: string; attachments: unknown[] }[] = [];
    const statements = await statementsOf(t.dataSource, async () => {
      const page = await t.graphql(
        'eco_officer',
        '{ outfalls(page: { limit: 30 }) { items { id attachments { id } } } }',
      );
      items = page.body.data.outfalls.items;
    });
    expect(statements.filter((q) => /FROM "outfall_attachment"/i.test(q))).toHaveLength(1);
    expect(
      items
        .filter((o) => o.attachments.length === 2)
        .map((o) => o.id)
        .sort(),
    ).toEqual(outfalls.map((o) => o.id).sort());
    // a township never reaches another township's outfall, its attachments included (NOT_FOUND as REST)
    const foreign = await both(
      'township_liugong',
      `/outfalls/${outfalls[0].id}/attachments`,
      'query($id: ID!) { outfall(id: $id) { attachments { id } } }',
      { id: outfalls[0].id },
    );
    if (foreign.restCode) expect(foreign.gqlCode).toBe(foreign.restCode);
    else expect(foreign.data.attachments).toHaveLength(2);
  });

  it('outfallPatrolSummary equals GET /outfalls/:id/patrols; a township is refused another’s outfall', async () => {
    const [outfall] = await t.dataSource.query<{ id: string }[]>(`SELECT id FROM outfall LIMIT 1`);
    const { rest, data } = await both(
      'eco_officer',
      `/outfalls/${outfall.id}/patrols`,
      'query($id: ID!) { outfallPatrolSummary(outfallId: $id) { schedule { outfallId intervalDays nextDueOn overdue } recent { id } } }',
      { id: outfall.id },
    );
    expect(data).toEqual({
      schedule: {
        outfallId: rest.schedule.outfallId,
        intervalDays: rest.schedule.intervalDays,
        nextDueOn: rest.schedule.nextDueOn,
        overdue: rest.schedule.overdue,
      },
      recent: rest.recent.map((p: { id: string }) => ({ id: p.id })),
    });
    const id = await foreignOutfall();
    const hidden = await both(
      'township_liugong',
      `/outfalls/${id}/patrols`,
      'query($id: ID!) { outfallPatrolSummary(outfallId: $id) { schedule { outfallId } } }',
      { id },
    );
    expect(hidden.restCode).toBe('NOT_FOUND');
    expect(hidden.gqlCode).toBe('NOT_FOUND');
  });

  it('single records: the same answer as REST, and the same error code when missing', async () => {
    const admin = await t.auth('admin');
    const eco = await t.auth('eco_officer');
    const first = async (path: string) => {
      const body = (await t.http.get(`/api/v1${path}`).set(admin)).body;
      return (Array.isArray(body) ? body[0] : body.items[0]) as { id: string } | undefined;
    };
    // a river section with its chief, and a monitoring schedule on an outfall outside 六工镇
    const [water] = (await t.http.get('/api/v1/water-bodies').query({ limit: 1 }).set(admin)).body.items;
    const [unit] = (await t.http.get('/api/v1/units').query({ limit: 1 }).set(admin)).body.items;
    const section = await t.http
      .post('/api/v1/river-sections')
      .set(admin)
      .send({ waterBodyId: water.id, name: '对照段' });
    expect(section.status).toBe(201);
    const chief = await t.http.post('/api/v1/river-chiefs').set(admin).send({
      sectionId: section.body.id,
      level: 'township',
      name: '李四',
      unitId: unit.id,
      phone: '13800000001',
    });
    expect(chief.status).toBe(201);
    const foreignId = await foreignOutfall();
    const schedule = await t.http
      .post('/api/v1/monitoring-schedules')
      .set(eco)
      .send({ outfallId: foreignId, unitId: unit.id, frequency: 'monthly', startOn: '2025-01-01' });
    expect(schedule.status).toBe(201);
    const scheduleHidden = await both(
      'township_liugong',
      `/monitoring-schedules/${schedule.body.id}`,
      'query($id: ID!) { monitoringSchedule(id: $id) { id } }',
      { id: schedule.body.id },
    );
    expect(scheduleHidden.restCode).toBe('NOT_FOUND');
    expect(scheduleHidden.gqlCode).toBe('NOT_FOUND');
    const cases: [string, string, string, string, string][] = [
      // REST list, REST one (:id), GraphQL query, selection, user
      ['/users', '/users/:id', 'user', 'id username displayName role active', 'admin'],
      [
        '/required-indicator-rules',
        '/required-indicator-rules/:id',
        'requiredIndicatorRule',
        'id version',
        'eco_officer',
      ],
      [
        '/monitoring-schedules',
        '/monitoring-schedules/:id',
        'monitoringSchedule',
        'id version',
        'eco_officer',
      ],
      ['/river-sections', '/river-sections/:id', 'riverSection', 'id name', 'eco_officer'],
      ['/river-chiefs', '/river-chiefs/:id', 'riverChief', 'id name', 'eco_officer'],
      [
        '/accountability/submissions',
        '/accountability/submissions/:id',
        'quarterlySubmission',
        'id quarter',
        'admin',
      ],
      ['/accountability/packages', '/accountability/packages/:id', 'upwardPackage', 'id quarter', 'admin'],
      ['/api-keys', '/api-keys/:id', 'apiKey', 'id name', 'admin'],
      ['/webhooks/subscriptions', '/webhooks/subscriptions/:id', 'webhookSubscription', 'id url', 'admin'],
    ];
    let found = 0;
    for (const [list, one, query, selection, user] of cases) {
      const record = await first(list);
      for (const id of record ? [record.id, MISSING] : [MISSING]) {
        const r = await both(
          user,
          one.replace(':id', id),
          `query($id: ID!) { ${query}(id: $id) { ${selection} } }`,
          {
            id,
          },
        );
        expect({ query, id, code: r.gqlCode }).toEqual({ query, id, code: r.restCode });
        if (!r.restCode) {
          found++;
          for (const key of selection.split(' '))
            expect({ query, key, v: r.data[key] }).toEqual({ query, key, v: r.rest[key] });
        }
      }
    }
    // the demo data holds users, rules, schedules, sections and chiefs at least
    expect(found).toBeGreaterThanOrEqual(5);
    // permissions as REST: a township may not read users or the configuration history
    const refused = await both(
      'township_liugong',
      `/users/${MISSING}`,
      'query($id: ID!) { user(id: $id) { id } }',
      {
        id: MISSING,
      },
    );
    expect(refused.restCode).toBe('AUTH_PERMISSION_DENIED');
    expect(refused.gqlCode).toBe('AUTH_PERMISSION_DENIED');
  });

  it('accountability: configuration versions and archive completeness as REST, scoped the same', async () => {
    const versions = await both(
      'admin',
      '/accountability/config/versions',
      '{ accountabilityConfigVersions { version note savedBy } }',
    );
    expect(versions.data).toEqual(
      versions.rest.map((v: { version: number; note: string | null; savedBy: string }) => ({
        version: v.version,
        note: v.note,
        savedBy: v.savedBy,
      })),
    );
    const refused = await both(
      'township_liugong',
      '/accountability/config/versions',
      '{ accountabilityConfigVersions { version } }',
    );
    expect(refused.restCode).toBe('AUTH_PERMISSION_DENIED');
    expect(refused.gqlCode).toBe('AUTH_PERMISSION_DENIED');
    for (const user of ['eco_officer', 'township_liugong']) {
      const archive = await both(
        user,
        '/accountability/archive-completeness?incomplete=true&limit=50',
        '{ archiveCompleteness(filter: { incomplete: true }, page: { limit: 50 }) { total limit offset items { outfallId localCode name division disposition required missing complete } summary { outfalls complete missingByItem } } }',
      );
      expect(archive.gqlCode).toBeUndefined();
      expect(archive.data).toEqual(archive.rest);
      expect(archive.data.total).toBeGreaterThan(0);
    }
    const bad = await both(
      'eco_officer',
      '/accountability/archive-completeness?missing=nope',
      '{ archiveCompleteness(filter: { missing: "nope" }) { total } }',
    );
    expect(bad.restCode).toBe('VALIDATION_FAILED');
    expect(bad.gqlCode).toBe('VALIDATION_FAILED');
  });

  it('enforcementEvidenceCheck and progressSnapshot (latest) answer as REST', async () => {
    const [evidence] = await t.dataSource.query<{ id: string; case_id: string }[]>(
      `SELECT id, case_id FROM enforcement_evidence LIMIT 1`,
    );
    const caseId = evidence?.case_id ?? MISSING;
    const evidenceId = evidence?.id ?? MISSING;
    const check = await both(
      'eco_officer',
      `/enforcement/cases/${caseId}/evidence/${evidenceId}/check`,
      'query($c: ID!, $e: ID!) { enforcementEvidenceCheck(caseId: $c, evidenceId: $e) { id stored actual intact } }',
      { c: caseId, e: evidenceId },
    );
    expect(check.gqlCode).toBe(check.restCode);
    if (!check.restCode) expect(check.data).toEqual(check.rest);
    const latest = await both(
      'eco_officer',
      '/progress/snapshots/latest',
      '{ progressSnapshot { id quarter } }',
    );
    expect(latest.gqlCode).toBe(latest.restCode);
    if (!latest.restCode) expect(latest.data).toEqual({ id: latest.rest.id, quarter: latest.rest.quarter });
  });

  it('dispositions, overdue plans, milestone reviews, progress forecast and overdue answer as REST', async () => {
    const page = await both(
      'eco_officer',
      '/remediation/dispositions?limit=5&decided=false',
      '{ dispositions(decided: false, page: { limit: 5 }) { total items { outfallId localCode suggestion } } }',
    );
    expect(page.data.total).toBe(page.rest.total);
    expect(page.data.items).toEqual(
      page.rest.items.map((row: { outfallId: string; localCode: string; suggestion: unknown }) => ({
        outfallId: row.outfallId,
        localCode: row.localCode,
        suggestion: row.suggestion,
      })),
    );
    for (const by of ['unit', 'township']) {
      const groups = await both(
        'eco_officer',
        `/remediation/overdue?by=${by}`,
        'query($by: String!) { remediationOverdue(by: $by) { id name overdue open } }',
        { by },
      );
      expect(groups.data).toEqual(groups.rest);
    }
    const bad = await both(
      'eco_officer',
      '/remediation/overdue?by=river',
      '{ remediationOverdue(by: "river") { id } }',
    );
    expect({ rest: bad.restCode, gql: bad.gqlCode }).toEqual({
      rest: 'VALIDATION_FAILED',
      gql: 'VALIDATION_FAILED',
    });
    for (const user of ['eco_officer', 'township_liugong']) {
      const reviews = await both(
        user,
        '/remediation/milestone-reviews',
        '{ milestoneReviews { outfallId localCode name type effectiveOn source note recordedAt } }',
      );
      expect(reviews.data).toEqual(reviews.rest);
    }
    for (const path of ['forecast', 'overdue']) {
      const name = path === 'forecast' ? 'progressForecast' : 'progressOverdue';
      const view = await both(
        'eco_officer',
        `/progress/${path}?asOf=2025-06-30`,
        `query($asOf: String) { ${name}(asOf: $asOf) }`,
        { asOf: '2025-06-30' },
      );
      expect(view.data).toEqual(view.rest);
    }
  });

  it('meta is public on both paths and the same', async () => {
    const rest = await t.http.get('/api/v1/meta');
    const gql = await t.graphql(
      null,
      '{ meta { demo version rules { keyAreaDistanceM duplicateDistanceM aquacultureClusterDistanceM chronicExceedance { count window } } } }',
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.meta).toEqual(rest.body);
  });
});
