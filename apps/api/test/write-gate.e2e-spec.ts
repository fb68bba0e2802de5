import { GraphQLSchemaHost } from '@nestjs/graphql';
import { Principal } from '@outfall/common';
import { withCreditCodeCheck } from '@outfall/directory';
import { AuthService } from '@outfall/iam';
import { Division, Unit } from '@outfall/org';
import { Permission, Role } from '@outfall/shared-types';
import type { Response } from 'supertest';
import { Route, routeTable } from './support/route-table';
import { TestApp } from './support/test-app';

/**
 * The write gate as a matrix generated from the route table: every REST route and GraphQL mutation that
 * writes is either a case below or exempt with a reason, so a new write route fails this suite until it is
 * classified (and, if it touches an outfall, gated). For each case and each path (REST, GraphQL, XLSX/CSV
 * import, API key) the expected answer is derived, not listed: the route's own permissions (read from its
 * metadata) against the caller's; then the gate: another township's outfall → 404 (a new record there → 403
 * OUTFALL_OUTSIDE_JURISDICTION), an outfall outside a sector department's categories → 403
 * OUTFALL_CATEGORY_NOT_IN_SECTOR, row paths (batch, imports) → a row error that says which. A refusal changes
 * nothing (fingerprint of everything on the outfall, the counts and the audit trail); an allowed write does.
 */

type TargetKind = 'foreign' | 'outOfSector' | 'own';

interface Target {
  kind: TargetKind;
  outfallId: string;
  localCode: string;
  longitude: number;
  latitude: number;
  category: 'agricultural' | 'industrial';
  subType: string;
  divisionId: string;
  divisionName: string;
  /** Cases on responsible entities (`on: 'entity'`). */
  entityId: string;
  creditCode: string;
  /** What `prepare` made on the target (a sample id, a plan id, …). */
  ids: Record<string, string>;
}

interface RestRequest {
  path: string;
  body?: object;
  /** multipart: form fields and one file */
  fields?: Record<string, string>;
  file?: { name: string; content: Buffer };
}

interface WriteCase {
  /** What the write hangs off: an outfall (default) or a responsible entity. */
  on?: 'outfall' | 'entity';
  /** Makes what the request needs, once per target (as the ecology branch, through the API). */
  prepare?: (x: Target) => Promise<Record<string, string>>;
  rest?: (x: Target) => Promise<RestRequest> | RestRequest;
  graphql?: {
    field: string;
    query: string;
    variables: (x: Target) => Promise<object> | object;
    /** JSON arguments keep REST's values (no enum names). */
    json?: true;
  };
  ok: number;
  /** Writes a new record: outside the jurisdiction there is nothing to hide, so 403, not 404. */
  creates?: boolean;
  /** Responsible entities have no outfall category: the sector half of the gate does not apply. */
  sector?: false;
  /** Row paths: refusals are row errors (a batch answers 400 listing them; an import's job lists them). */
  rows?: 'batch' | 'import';
  /** Imports: the column a jurisdiction / sector refusal is reported on. */
  columns?: { jurisdiction: string; sector?: string };
  /** The permission the service checks per action, on a route guarded by a read permission only. */
  permission?: Permission;
}

interface Actor {
  name: string;
  headers: Record<string, string>;
  principal: Principal;
}

type Expected =
  { ok: true } | { status: number; code: string; row?: RegExp } | { importRow: RegExp; field: string };

/** GraphQL and REST spell enum values alike (docs/graphql.md): the same variables. */
function asGraphql(value: unknown): unknown {
  return value;
}

/** The documented rule (docs/access.md), not the code under test: who is held to outfall categories. */
const sectorLimited = (p: Principal) => p.role === Role.SectorDepartment || p.sectorCategories.length > 0;

const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1]);
const JURISDICTION_ROW = /辖区/;
const SECTOR_ROW = /只负责/;

describe('the write gate: role × write route × path, generated from the route table', () => {
  let t: TestApp;
  let routes: Route[];
  let eco: Record<string, string>;
  let liugong: Division;
  let sangong: Division;
  let liugongUnit: Unit;
  let waterId: string;
  let waterCode: string;
  const actors: Record<string, Actor> = {};
  let serial = 0;
  const next = () => ++serial;
  const uniqueTime = () => new Date(Date.UTC(2024, 0, 1, 0, 0, next())).toISOString();

  /** Outfalls inserted directly (fixtures, not the system under test): one statement for a batch. */
  async function outfalls(specs: { division: Division; category: 'agricultural' | 'industrial' }[]) {
    const rows = specs.map((spec) => {
      const n = next();
      return {
        ...spec,
        n,
        localCode: `GATE-${String(n).padStart(5, '0')}`,
        longitude: Math.round((87.5 + (n % 300) * 0.001) * 1e6) / 1e6,
        latitude: Math.round((44.5 + Math.floor(n / 300) * 0.01) * 1e6) / 1e6,
        subType: spec.category === 'agricultural' ? 'livestock_farm' : 'industrial_enterprise',
      };
    });
    const values: unknown[] = [];
    const tuples = rows.map((row, i) => {
      values.push(
        row.localCode,
        `闸门测试排口${row.n}`,
        row.category,
        row.subType,
        row.longitude,
        row.latitude,
        waterId,
        row.division.id,
      );
      const p = i * 8;
      return `($${p + 1}, $${p + 2}, $${p + 3}, $${p + 4}, $${p + 5}, $${p + 6}, ST_SetSRID(ST_MakePoint($${p + 5}, $${p + 6}), 4326), $${p + 7}, $${p + 8}, '2023-09-01', 1)`;
    });
    const inserted = await t.dataSource.query<{ id: string; local_code: string }[]>(
      `INSERT INTO outfall (local_code, name, category, sub_type, longitude, latitude, location, water_body_id, division_id, discovered_on, version)
       VALUES ${tuples.join(', ')} RETURNING id, local_code`,
      values,
    );
    await t.dataSource.query(
      `INSERT INTO outfall_event (outfall_id, type, effective_on, source)
       SELECT unnest($1::uuid[]), 'registered', '2023-09-01', 'manual'`,
      [inserted.map((r) => r.id)],
    );
    const idOf = new Map(inserted.map((r) => [r.local_code, r.id]));
    return rows.map((row) => ({ ...row, id: idOf.get(row.localCode) as string }));
  }

  async function entity(division: Division): Promise<{ id: string; creditCode: string }> {
    const creditCode = withCreditCodeCheck(`91652301MA9${String(next()).padStart(6, '0')}`);
    const [row] = await t.dataSource.query<{ id: string }[]>(
      `INSERT INTO responsible_entity (name, kind, credit_code, division_id, version)
       VALUES ($1, 'enterprise', $2, $3, 1) RETURNING id`,
      [`闸门测试企业${creditCode.slice(-6)}`, creditCode, division.id],
    );
    return { id: row.id, creditCode };
  }

  /** The targets a case runs on: another township's outfall, one outside the sector, fresh own ones. */
  async function targets(c: WriteCase, kinds: TargetKind[]): Promise<Target[]> {
    const specs = kinds.map((kind) => ({
      kind,
      division: kind === 'foreign' ? sangong : liugong,
      category: (kind === 'outOfSector' ? 'industrial' : 'agricultural') as 'agricultural' | 'industrial',
    }));
    const made = await outfalls(specs);
    const result: Target[] = [];
    for (const [i, spec] of specs.entries()) {
      // entities only for the entity cases; the others fingerprint a shared one
      const owner = c.on === 'entity' ? await entity(spec.division) : { id: ownEntityId, creditCode: '' };
      const target: Target = {
        kind: spec.kind,
        outfallId: made[i].id,
        localCode: made[i].localCode,
        longitude: made[i].longitude,
        latitude: made[i].latitude,
        category: spec.category,
        subType: made[i].subType,
        divisionId: spec.division.id,
        divisionName: spec.division.name,
        entityId: owner.id,
        creditCode: owner.creditCode,
        ids: {},
      };
      target.ids = (await c.prepare?.(target)) ?? {};
      result.push(target);
    }
    return result;
  }

  /** Everything a refused write could have touched: the targets' rows in every table that hangs off an
   * outfall, the targets' entities, and the row counts of the directory and the audit trail. */
  let outfallTables: string[] = [];
  async function fingerprint(x: Target): Promise<string> {
    const parts = outfallTables.map(
      (table) =>
        `(SELECT md5(COALESCE(string_agg(r::text, '|' ORDER BY r::text), '')) FROM "${table}" r WHERE r.outfall_id = $1)`,
    );
    const [row] = await t.dataSource.query<{ print: string }[]>(
      `SELECT concat_ws(',',
          (SELECT md5(r::text) FROM outfall r WHERE r.id = $1),
          (SELECT md5(r::text) FROM responsible_entity r WHERE r.id = $2),
          (SELECT count(*) FROM outfall), (SELECT count(*) FROM responsible_entity),
          (SELECT count(*) FROM sample), (SELECT count(*) FROM audit_log),
          ${parts.join(', ')}) AS print`,
      [x.outfallId, x.entityId],
    );
    return row.print;
  }

  const eco$ = (method: 'post' | 'put', path: string, body: object) =>
    t.http[method](`/api/v1${path}`).set(eco).send(body);

  async function ok(res: Promise<Response> | Response, status = 201): Promise<Response> {
    const done = await res;
    expect({ status: done.status, body: done.status === status ? null : done.body }).toEqual({
      status,
      body: null,
    });
    return done;
  }

  const version = async (table: string, id: string) =>
    (await t.dataSource.query<{ version: number }[]>(`SELECT version FROM ${table} WHERE id = $1`, [id]))[0]
      .version;

  const decide = (x: Target) =>
    ok(
      eco$('put', `/outfalls/${x.outfallId}/disposition`, {
        disposition: 'standardise',
        decidedOn: '2024-02-01',
        reason: '测试',
      }),
      200,
    );
  const planFields = () => ({
    problems: ['no_signage'],
    measures: '设置标识牌',
    targetState: 'compliant_discharge',
    responsibleUnitId: liugongUnit.id,
    responsiblePerson: '张三',
    responsiblePhone: '13800000000',
    deadline: '2024-12-31',
  });
  const plan = async (x: Target) => {
    await decide(x);
    const created = await ok(eco$('post', '/remediation/plans', { outfallId: x.outfallId, ...planFields() }));
    return { planId: created.body.id as string };
  };
  const enforcementCase = async (x: Target) => {
    const created = await ok(eco$('post', '/enforcement/cases', enforcementFields(x.outfallId)));
    return { caseId: created.body.id as string };
  };
  const enforcementFields = (outfallId: string) => ({
    outfallId,
    kind: 'illegal_outfall',
    source: 'inspection',
    description: '写入门禁测试',
    registeredOn: '2024-05-01',
  });
  const enforcementGql = (outfallId: string) => ({
    ...enforcementFields(outfallId),
    kind: 'illegal_outfall',
    source: 'inspection',
  });
  const tracing = async (x: Target) => {
    const res = await ok(
      eco$('post', `/outfalls/${x.outfallId}/tracing`, { tracedOn: '2023-10-01', method: 'site_survey' }),
    );
    return { tracingId: res.body.id as string };
  };
  const signBody = () => ({
    outfallName: '闸门测试标识牌',
    entityName: '闸门测试企业',
    receivingWater: '闸门测试河',
    supervisingDepartment: '州生态环境局昌吉市分局',
    supervisingPhone: '0994-2300000',
    installed: false,
  });
  const outfallBody = (x: Target) => ({
    name: `闸门新建排口${next()}`,
    category: x.category,
    subType: x.subType,
    waterBodyId: waterId,
    divisionId: x.divisionId,
    longitude: x.longitude,
    latitude: x.latitude + 0.005,
    discoveredOn: '2023-09-01',
  });
  const csv = (header: string[], row: (string | number)[]) =>
    Buffer.from(`${header.join(',')}\n${row.join(',')}\n`, 'utf8');

  const patrolBody = (x: Target) => ({
    outfallId: x.outfallId,
    patrolledAt: '2025-06-01T10:00:00+08:00',
    patrollerNames: '巡查员',
    longitude: x.longitude,
    latitude: x.latitude,
    signIntact: true,
    discharging: false,
    colourAbnormal: false,
    odourAbnormal: false,
    flowEstimate: 'none',
    newPipesNearby: false,
    findings: [{ kind: 'sign_missing', description: '标识牌缺失' }],
  });
  const patrolOf = async (x: Target) => {
    const res = await ok(eco$('post', '/patrols', patrolBody(x)));
    return { patrolId: res.body.id as string, findingId: res.body.findings[0].id as string };
  };
  const patrolEdit = async (x: Target) => {
    // eslint-disable-next-line @typescript-eslint/no-unused-vars -- an edit carries no outfall or findings
    const { outfallId, findings, ...fields } = patrolBody(x);
    return { ...fields, notes: `复查${next()}`, version: await version('patrol', x.ids.patrolId) };
  };

  const monitorBody = (x: Target) => ({
    mn: `GATE${String(next()).padStart(6, '0')}`,
    outfallId: x.outfallId,
    name: '闸门在线监测仪',
    password: '123456',
  });
  const monitorOf = async (x: Target) => {
    const res = await ok(eco$('post', '/online-monitors', monitorBody(x)));
    return { monitorId: res.body.id as string };
  };

  const scheduleBody = (x: Target) => ({
    outfallId: x.outfallId,
    unitId: liugongUnit.id,
    frequency: 'monthly',
    startOn: '2025-01-01',
  });
  /** A holder with a credit code, linked to the target outfall (fixtures, inserted directly). */
  const permitHolder = async (x: Target) => {
    const holder = await entity(x.divisionId === liugong.id ? liugong : sangong);
    await t.dataSource.query(
      `INSERT INTO outfall_entity (outfall_id, entity_id, is_main) VALUES ($1, $2, false)`,
      [x.outfallId, holder.id],
    );
    return { holderId: holder.id, holderCode: holder.creditCode };
  };
  const permitBody = (x: Target, frequency = 'quarterly') => ({
    permitNumber: `${x.ids.holderCode}001P`,
    entityId: x.ids.holderId,
    issuingAuthority: '昌吉州生态环境局',
    validFrom: '2024-01-01',
    validTo: '2028-12-31',
    outlets: [{ code: 'DW001', outfallId: x.outfallId, duties: [{ indicatorCode: 'cod', frequency }] }],
  });

  /** Every write route and mutation that touches an outfall (or what hangs off it), keyed as in the route table. */
  const CASES: Record<string, WriteCase> = {
    'POST /outfalls': {
      creates: true,
      ok: 201,
      rest: (x) => ({ path: '/outfalls', body: outfallBody(x) }),
      graphql: {
        field: 'createOutfall',
        query: 'mutation($i: CreateOutfallInput!) { createOutfall(input: $i) { id } }',
        variables: (x) => ({ i: outfallBody(x) }),
      },
    },
    'PATCH /outfalls/:id': {
      ok: 200,
      rest: async (x) => ({
        path: `/outfalls/${x.outfallId}`,
        body: { version: await version('outfall', x.outfallId), name: `改名${next()}` },
      }),
      graphql: {
        field: 'updateOutfall',
        query: 'mutation($id: ID!, $i: UpdateOutfallInput!) { updateOutfall(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.outfallId,
          i: { version: await version('outfall', x.outfallId), name: `改名${next()}` },
        }),
      },
    },
    'PUT /outfalls/:id/milestones/:type': {
      ok: 200,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/milestones/investigated`,
        body: { effectiveOn: '2023-10-01' },
      }),
      graphql: {
        field: 'setOutfallMilestone',
        query:
          'mutation($id: ID!, $i: MilestoneInput!) { setOutfallMilestone(outfallId: $id, type: investigated, input: $i) { id } }',
        variables: (x) => ({ id: x.outfallId, i: { effectiveOn: '2023-10-01' } }),
      },
    },
    'DELETE /outfalls/:id/milestones/:type': {
      ok: 204,
      prepare: async (x) => {
        await t.dataSource.query(
          `INSERT INTO outfall_event (outfall_id, type, effective_on, source) VALUES ($1, 'investigated', '2023-10-01', 'manual')`,
          [x.outfallId],
        );
        return {};
      },
      rest: (x) => ({ path: `/outfalls/${x.outfallId}/milestones/investigated` }),
    },
    'POST /outfalls/:id/back-entry': {
      ok: 200,
      prepare: async (x) => {
        await decide(x);
        return {};
      },
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/back-entry`,
        body: { completedOn: '2024-03-01', reason: '平台上线前已整治', documentRef: '昌环发〔2024〕3号' },
      }),
    },
    'POST /remediation/back-entries/imports': {
      ok: 202,
      rows: 'import',
      columns: { jurisdiction: '排污口编码', sector: '排污口编码' },
      rest: (x) => ({
        path: '/remediation/back-entries/imports',
        file: {
          name: 'back-entries.csv',
          content: csv(
            ['排污口编码', '整治完成日期', '补录原因', '依据文件', '整治方式', '认定日期'],
            [x.localCode, '2024-03-01', '平台上线前已整治', '昌环发〔2024〕3号', '规范整治', '2024-02-01'],
          ),
        },
      }),
    },
    'POST /outfalls/:id/milestones/:type/confirm': {
      ok: 200,
      prepare: async (x) => {
        await t.dataSource.query(
          `INSERT INTO outfall_event (outfall_id, type, effective_on, source, review_state)
           VALUES ($1, 'traced', '2023-10-01', 'manual', 'manual_unconfirmed')`,
          [x.outfallId],
        );
        return {};
      },
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/milestones/traced/confirm`,
        body: { reason: '纸质溯源报告', documentRef: '溯源报告2023-01' },
      }),
    },
    'POST /outfalls/:id/milestones/:type/revert': {
      ok: 200,
      prepare: async (x) => {
        await t.dataSource.query(
          `INSERT INTO outfall_event (outfall_id, type, effective_on, source, review_state)
           VALUES ($1, 'traced', '2023-10-01', 'manual', 'manual_unconfirmed')`,
          [x.outfallId],
        );
        return {};
      },
      rest: (x) => ({ path: `/outfalls/${x.outfallId}/milestones/traced/revert` }),
    },
    'PUT /outfalls/:id/entities': {
      ok: 200,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/entities`,
        body: { links: [{ entityId: ownEntityId, isMain: true }] },
      }),
      graphql: {
        field: 'setOutfallEntities',
        query:
          'mutation($id: ID!, $l: [OutfallEntityLinkInput!]!) { setOutfallEntities(outfallId: $id, links: $l) { entityId } }',
        variables: (x) => ({ id: x.outfallId, l: [{ entityId: ownEntityId, isMain: true }] }),
      },
    },
    'POST /outfalls/:id/merge': {
      ok: 200,
      prepare: async () => {
        const [into] = await outfalls([{ division: liugong, category: 'agricultural' }]);
        return { intoId: into.id };
      },
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/merge`,
        body: { intoId: x.ids.intoId, reason: '重复登记' },
      }),
      graphql: {
        field: 'mergeOutfall',
        query: 'mutation($id: ID!, $i: MergeOutfallInput!) { mergeOutfall(id: $id, input: $i) { id } }',
        variables: (x) => ({ id: x.outfallId, i: { intoId: x.ids.intoId, reason: '重复登记' } }),
      },
    },
    'POST /outfalls/:id/attachments': {
      ok: 201,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/attachments`,
        fields: { kind: 'photo' },
        file: { name: 'photo.jpg', content: JPEG },
      }),
    },
    'DELETE /outfalls/:id/attachments/:attachmentId': {
      ok: 204,
      prepare: async (x) => {
        const res = await t.http
          .post(`/api/v1/outfalls/${x.outfallId}/attachments`)
          .set(eco)
          .field('kind', 'photo')
          .attach('file', JPEG, 'photo.jpg');
        expect(res.status).toBe(201);
        return { attachmentId: res.body.id as string };
      },
      rest: (x) => ({ path: `/outfalls/${x.outfallId}/attachments/${x.ids.attachmentId}` }),
    },
    'PUT /outfalls/:id/standard-setting': {
      ok: 200,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/standard-setting`,
        body: { overrideStandardId: 'GB3838-2002:III', overrideReason: '测试' },
      }),
      graphql: {
        field: 'setOutfallStandardSetting',
        query:
          'mutation($id: ID!, $i: OutfallStandardSettingInput!) { setOutfallStandardSetting(outfallId: $id, input: $i) { outfallId } }',
        variables: (x) => ({
          id: x.outfallId,
          i: { overrideStandardId: 'GB3838-2002:III', overrideReason: '测试' },
        }),
      },
    },
    'POST /online-monitors': {
      ok: 201,
      rest: (x) => ({ path: '/online-monitors', body: monitorBody(x) }),
      graphql: {
        field: 'createOnlineMonitor',
        query: 'mutation($i: OnlineMonitorInput!) { createOnlineMonitor(input: $i) { id } }',
        variables: (x) => ({ i: monitorBody(x) }),
      },
    },
    'PATCH /online-monitors/:id': {
      ok: 200,
      prepare: monitorOf,
      rest: async (x) => ({
        path: `/online-monitors/${x.ids.monitorId}`,
        body: { name: `改名${next()}`, version: await version('online_monitor', x.ids.monitorId) },
      }),
      graphql: {
        field: 'updateOnlineMonitor',
        query:
          'mutation($id: ID!, $i: OnlineMonitorUpdate!) { updateOnlineMonitor(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.monitorId,
          i: { name: `改名${next()}`, version: await version('online_monitor', x.ids.monitorId) },
        }),
      },
    },
    'DELETE /online-monitors/:id': {
      ok: 204,
      prepare: monitorOf,
      rest: (x) => ({ path: `/online-monitors/${x.ids.monitorId}` }),
      graphql: {
        field: 'removeOnlineMonitor',
        query: 'mutation($id: ID!) { removeOnlineMonitor(id: $id) }',
        variables: (x) => ({ id: x.ids.monitorId }),
      },
    },
    'POST /samples': {
      ok: 201,
      rest: (x) => ({
        path: '/samples',
        body: {
          outfallId: x.outfallId,
          sampledAt: uniqueTime(),
          source: 'manual',
          values: [{ indicator: 'cod', value: 20 }],
        },
      }),
      graphql: {
        field: 'createSample',
        query: 'mutation($i: CreateSampleInput!) { createSample(input: $i) { id } }',
        variables: (x) => ({
          i: {
            outfallId: x.outfallId,
            sampledAt: uniqueTime(),
            source: 'manual',
            values: [{ indicator: 'cod', value: 20 }],
          },
        }),
      },
    },
    'POST /samples/batch': {
      ok: 201,
      rows: 'batch',
      rest: (x) => ({
        path: '/samples/batch',
        body: {
          rows: [
            {
              outfallId: x.outfallId,
              sampledAt: uniqueTime(),
              source: 'manual',
              indicator: 'cod',
              value: 20,
            },
          ],
        },
      }),
      graphql: {
        field: 'ingestSamples',
        json: true,
        query: 'mutation($r: [JSON!]!) { ingestSamples(rows: $r) { rows } }',
        variables: (x) => ({
          r: [
            {
              outfallId: x.outfallId,
              sampledAt: uniqueTime(),
              source: 'manual',
              indicator: 'cod',
              value: 20,
            },
          ],
        }),
      },
    },
    'POST /samples/imports': {
      ok: 202,
      rows: 'import',
      columns: { jurisdiction: '排污口编码', sector: '排污口编码' },
      rest: (x) => ({
        path: '/samples/imports',
        file: {
          name: 'samples.csv',
          content: csv(
            ['排污口编码', '采样时间', '数据来源', '化学需氧量（mg/L）'],
            [x.localCode, `2024-03-01 10:${String(next() % 60).padStart(2, '0')}`, '人工采样', 20],
          ),
        },
      }),
    },
    'DELETE /samples/:id': {
      ok: 204,
      prepare: async (x) => {
        const res = await ok(
          eco$('post', '/samples', {
            outfallId: x.outfallId,
            sampledAt: uniqueTime(),
            source: 'manual',
            values: [{ indicator: 'cod', value: 20 }],
          }),
        );
        return { sampleId: res.body.id as string };
      },
      rest: (x) => ({ path: `/samples/${x.ids.sampleId}` }),
    },
    'POST /outfalls/:id/tracing': {
      ok: 201,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/tracing`,
        body: { tracedOn: '2023-10-01', method: 'site_survey' },
      }),
      graphql: {
        field: 'createTracingRecord',
        query:
          'mutation($id: ID!, $i: TracingInput!) { createTracingRecord(outfallId: $id, input: $i) { id } }',
        variables: (x) => ({ id: x.outfallId, i: { tracedOn: '2023-10-01', method: 'site_survey' } }),
      },
    },
    'PUT /tracing/:id': {
      ok: 200,
      prepare: tracing,
      rest: async (x) => ({
        path: `/tracing/${x.ids.tracingId}`,
        body: {
          tracedOn: '2023-10-02',
          method: 'pipe_inspection',
          version: await version('tracing_record', x.ids.tracingId),
        },
      }),
      graphql: {
        field: 'updateTracingRecord',
        query:
          'mutation($id: ID!, $i: UpdateTracingInput!) { updateTracingRecord(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.tracingId,
          i: {
            tracedOn: '2023-10-02',
            method: 'pipe_inspection',
            version: await version('tracing_record', x.ids.tracingId),
          },
        }),
      },
    },
    'DELETE /tracing/:id': {
      ok: 204,
      prepare: tracing,
      rest: (x) => ({ path: `/tracing/${x.ids.tracingId}` }),
    },
    'PUT /outfalls/:id/sign': {
      ok: 200,
      rest: (x) => ({ path: `/outfalls/${x.outfallId}/sign`, body: signBody() }),
      graphql: {
        field: 'saveOutfallSign',
        query:
          'mutation($id: ID!, $i: OutfallSignInput!) { saveOutfallSign(outfallId: $id, input: $i) { id } }',
        variables: (x) => ({ id: x.outfallId, i: signBody() }),
      },
    },
    'DELETE /outfalls/:id/sign': {
      ok: 204,
      prepare: async (x) => {
        await ok(eco$('put', `/outfalls/${x.outfallId}/sign`, signBody()), 200);
        return {};
      },
      rest: (x) => ({ path: `/outfalls/${x.outfallId}/sign` }),
      graphql: {
        field: 'removeOutfallSign',
        query: 'mutation($id: ID!) { removeOutfallSign(outfallId: $id) }',
        variables: (x) => ({ id: x.outfallId }),
      },
    },
    'PUT /outfalls/:id/disposition': {
      ok: 200,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/disposition`,
        body: { disposition: 'standardise', decidedOn: '2024-02-01', reason: '测试' },
      }),
      graphql: {
        field: 'decideDisposition',
        query:
          'mutation($id: ID!, $i: DecideDispositionInput!) { decideDisposition(outfallId: $id, input: $i) { outfallId } }',
        variables: (x) => ({
          id: x.outfallId,
          i: { disposition: 'standardise', decidedOn: '2024-02-01', reason: '测试' },
        }),
      },
    },
    'POST /remediation/plans': {
      ok: 201,
      prepare: async (x) => {
        await decide(x);
        return {};
      },
      rest: (x) => ({ path: '/remediation/plans', body: { outfallId: x.outfallId, ...planFields() } }),
      graphql: {
        field: 'createRemediationPlan',
        query: 'mutation($i: CreatePlanInput!) { createRemediationPlan(input: $i) { id } }',
        variables: (x) => ({ i: { outfallId: x.outfallId, ...planFields() } }),
      },
    },
    'PATCH /remediation/plans/:id': {
      ok: 200,
      prepare: plan,
      rest: async (x) => ({
        path: `/remediation/plans/${x.ids.planId}`,
        body: { version: await version('remediation_plan', x.ids.planId), progressNote: '进展顺利' },
      }),
      graphql: {
        field: 'updateRemediationPlan',
        query:
          'mutation($id: ID!, $i: UpdatePlanInput!) { updateRemediationPlan(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.planId,
          i: { version: await version('remediation_plan', x.ids.planId), progressNote: '进展顺利' },
        }),
      },
    },
    'POST /remediation/plans/:id/transitions': {
      ok: 200,
      permission: Permission.RemediationWrite,
      prepare: plan,
      rest: async (x) => ({
        path: `/remediation/plans/${x.ids.planId}/transitions`,
        body: { action: 'submit', version: await version('remediation_plan', x.ids.planId) },
      }),
      graphql: {
        field: 'transitionRemediationPlan',
        query:
          'mutation($id: ID!, $i: PlanTransitionInput!) { transitionRemediationPlan(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.planId,
          i: { action: 'submit', version: await version('remediation_plan', x.ids.planId) },
        }),
      },
    },
    'POST /enforcement/cases': {
      ok: 201,
      rest: (x) => ({ path: '/enforcement/cases', body: enforcementFields(x.outfallId) }),
      graphql: {
        field: 'openEnforcementCase',
        query: 'mutation($i: OpenEnforcementCaseInput!) { openEnforcementCase(input: $i) { id } }',
        variables: (x) => ({ i: enforcementGql(x.outfallId) }),
      },
    },
    'PATCH /enforcement/cases/:id': {
      ok: 200,
      prepare: enforcementCase,
      rest: async (x) => ({
        path: `/enforcement/cases/${x.ids.caseId}`,
        body: {
          version: await version('enforcement_case', x.ids.caseId),
          kind: 'no_signage',
          description: '未树标立牌',
        },
      }),
      graphql: {
        field: 'updateEnforcementCase',
        query:
          'mutation($id: ID!, $i: UpdateEnforcementCaseInput!) { updateEnforcementCase(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.caseId,
          i: {
            version: await version('enforcement_case', x.ids.caseId),
            kind: 'no_signage',
            description: '未树标立牌',
          },
        }),
      },
    },
    'POST /enforcement/cases/:id/transitions': {
      ok: 200,
      prepare: enforcementCase,
      rest: async (x) => ({
        path: `/enforcement/cases/${x.ids.caseId}/transitions`,
        body: { action: 'investigate', version: await version('enforcement_case', x.ids.caseId) },
      }),
      graphql: {
        field: 'transitionEnforcementCase',
        query:
          'mutation($id: ID!, $i: EnforcementTransitionInput!) { transitionEnforcementCase(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.caseId,
          i: { action: 'investigate', version: await version('enforcement_case', x.ids.caseId) },
        }),
      },
    },
    'POST /enforcement/cases/:id/evidence': {
      ok: 201,
      prepare: enforcementCase,
      rest: (x) => ({
        path: `/enforcement/cases/${x.ids.caseId}/evidence`,
        fields: { note: '现场照片' },
        file: { name: 'photo.jpg', content: JPEG },
      }),
    },
    'POST /outfalls/imports': {
      ok: 202,
      rows: 'import',
      columns: { jurisdiction: '排污口编码', sector: '排污口类别' },
      rest: (x) => ({
        path: '/outfalls/imports',
        file: {
          name: 'outfalls.csv',
          content: csv(
            ['排污口编码', '排污口名称', '排污口类别', '排污口类型', '受纳水体', '经度', '纬度', '发现日期'],
            [
              x.localCode,
              `导入改名${next()}`,
              x.category,
              x.subType,
              waterCode,
              x.longitude,
              x.latitude,
              '2023-09-01',
            ],
          ),
        },
      }),
    },
    'POST /responsible-entities/imports': {
      on: 'entity',
      sector: false,
      ok: 202,
      rows: 'import',
      columns: { jurisdiction: '统一社会信用代码' },
      rest: (x) => ({
        path: '/responsible-entities/imports',
        file: {
          name: 'entities.csv',
          content: csv(
            ['责任主体名称', '类型', '统一社会信用代码', '乡镇（街道）'],
            // the importer's own township: an import that matches another township's entity would move it
            [`导入企业${next()}`, 'enterprise', x.creditCode, liugong.name],
          ),
        },
      }),
    },
    'POST /responsible-entities': {
      on: 'entity',
      sector: false,
      creates: true,
      ok: 201,
      rest: (x) => ({
        path: '/responsible-entities',
        body: { name: `新建企业${next()}`, kind: 'enterprise', divisionId: x.divisionId },
      }),
      graphql: {
        field: 'createResponsibleEntity',
        query: 'mutation($i: CreateResponsibleEntityInput!) { createResponsibleEntity(input: $i) { id } }',
        variables: (x) => ({
          i: { name: `新建企业${next()}`, kind: 'enterprise', divisionId: x.divisionId },
        }),
      },
    },
    'PATCH /responsible-entities/:id': {
      on: 'entity',
      sector: false,
      ok: 200,
      rest: async (x) => ({
        path: `/responsible-entities/${x.entityId}`,
        body: { version: await version('responsible_entity', x.entityId), contactName: `联系人${next()}` },
      }),
      graphql: {
        field: 'updateResponsibleEntity',
        query:
          'mutation($id: ID!, $i: UpdateResponsibleEntityInput!) { updateResponsibleEntity(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.entityId,
          i: { version: await version('responsible_entity', x.entityId), contactName: `联系人${next()}` },
        }),
      },
    },
    'POST /setup-review/applications': {
      ok: 201,
      rest: (x) => ({
        path: '/setup-review/applications',
        body: { applicantId: x.entityId, kind: 'change', outfallId: x.outfallId, pollutants: ['化学需氧量'] },
      }),
      graphql: {
        field: 'createSetupApplication',
        query: 'mutation($i: CreateSetupApplicationInput!) { createSetupApplication(input: $i) { id } }',
        variables: (x) => ({ i: { applicantId: x.entityId, kind: 'change', outfallId: x.outfallId } }),
      },
    },
    'POST /patrols': {
      ok: 201,
      rest: (x) => ({ path: '/patrols', body: patrolBody(x) }),
      graphql: {
        field: 'createPatrol',
        query: 'mutation($i: CreatePatrolInput!) { createPatrol(input: $i) { id } }',
        variables: (x) => ({
          i: {
            ...patrolBody(x),
            flowEstimate: 'none',
            findings: [{ kind: 'sign_missing', description: '缺失' }],
          },
        }),
      },
    },
    'PATCH /patrols/:id': {
      ok: 200,
      prepare: patrolOf,
      rest: async (x) => ({ path: `/patrols/${x.ids.patrolId}`, body: await patrolEdit(x) }),
      graphql: {
        field: 'updatePatrol',
        query: 'mutation($id: ID!, $i: UpdatePatrolInput!) { updatePatrol(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.patrolId,
          i: { ...(await patrolEdit(x)), flowEstimate: 'none' },
        }),
      },
    },
    'DELETE /patrols/:id': {
      ok: 204,
      prepare: patrolOf,
      rest: (x) => ({ path: `/patrols/${x.ids.patrolId}` }),
    },
    'POST /patrols/:id/findings': {
      ok: 201,
      prepare: patrolOf,
      rest: (x) => ({
        path: `/patrols/${x.ids.patrolId}/findings`,
        body: { kind: 'new_pipe', description: '新增管道' },
      }),
    },
    'POST /patrols/:id/photos': {
      ok: 201,
      prepare: patrolOf,
      rest: (x) => ({
        path: `/patrols/${x.ids.patrolId}/photos`,
        file: { name: 'photo.jpg', content: JPEG },
      }),
    },
    'DELETE /patrols/:id/photos/:photoId': {
      ok: 204,
      prepare: async (x) => {
        const ids = await patrolOf(x);
        const res = await t.http
          .post(`/api/v1/patrols/${ids.patrolId}/photos`)
          .set(eco)
          .attach('file', JPEG, 'photo.jpg');
        expect(res.status).toBe(201);
        return { ...ids, photoId: res.body.id as string };
      },
      rest: (x) => ({ path: `/patrols/${x.ids.patrolId}/photos/${x.ids.photoId}` }),
    },
    'POST /patrols/findings/:findingId/remediation-plan': {
      ok: 201,
      prepare: async (x) => {
        await decide(x);
        return patrolOf(x);
      },
      rest: (x) => ({
        path: `/patrols/findings/${x.ids.findingId}/remediation-plan`,
        body: planFields(),
      }),
      graphql: {
        field: 'openPlanFromPatrolFinding',
        query:
          'mutation($id: ID!, $i: PlanInput!) { openPlanFromPatrolFinding(findingId: $id, input: $i) { id } }',
        variables: (x) => ({ id: x.ids.findingId, i: planFields() }),
      },
    },
    'POST /patrols/findings/:findingId/enforcement-case': {
      ok: 201,
      prepare: patrolOf,
      rest: (x) => ({
        path: `/patrols/findings/${x.ids.findingId}/enforcement-case`,
        body: enforcementFields(x.outfallId),
      }),
      graphql: {
        field: 'openCaseFromPatrolFinding',
        query:
          'mutation($id: ID!, $i: OpenEnforcementCaseInput!) { openCaseFromPatrolFinding(findingId: $id, input: $i) { id enforcementCaseId } }',
        variables: (x) => ({ id: x.ids.findingId, i: enforcementGql(x.outfallId) }),
      },
    },
    'PUT /outfalls/:id/patrol-schedule': {
      ok: 200,
      rest: (x) => ({
        path: `/outfalls/${x.outfallId}/patrol-schedule`,
        body: { intervalDays: 7, reason: '投诉较多' },
      }),
      graphql: {
        field: 'setPatrolScheduleOverride',
        query:
          'mutation($id: ID!, $i: PatrolScheduleOverrideInput!) { setPatrolScheduleOverride(outfallId: $id, input: $i) { outfallId } }',
        variables: (x) => ({ id: x.outfallId, i: { intervalDays: 7, reason: '投诉较多' } }),
      },
    },
    'DELETE /outfalls/:id/patrol-schedule': {
      ok: 200,
      prepare: async (x) => {
        await ok(
          eco$('put', `/outfalls/${x.outfallId}/patrol-schedule`, { intervalDays: 7, reason: '测试' }),
          200,
        );
        return {};
      },
      rest: (x) => ({ path: `/outfalls/${x.outfallId}/patrol-schedule` }),
    },
    'POST /monitoring-schedules': {
      ok: 201,
      rest: (x) => ({ path: '/monitoring-schedules', body: scheduleBody(x) }),
      graphql: {
        field: 'createMonitoringSchedule',
        query: 'mutation($i: MonitoringScheduleInput!) { createMonitoringSchedule(input: $i) { id } }',
        variables: (x) => ({ i: { ...scheduleBody(x), frequency: 'monthly' } }),
      },
    },
    'PATCH /monitoring-schedules/:id': {
      ok: 200,
      prepare: async (x) => {
        const res = await ok(eco$('post', '/monitoring-schedules', scheduleBody(x)));
        return { scheduleId: res.body.id as string };
      },
      rest: async (x) => ({
        path: `/monitoring-schedules/${x.ids.scheduleId}`,
        body: {
          ...scheduleBody(x),
          endOn: '2025-12-31',
          version: await version('monitoring_schedule', x.ids.scheduleId),
        },
      }),
      graphql: {
        field: 'updateMonitoringSchedule',
        query:
          'mutation($id: ID!, $i: UpdateMonitoringScheduleInput!) { updateMonitoringSchedule(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.scheduleId,
          i: {
            ...scheduleBody(x),
            frequency: 'monthly',
            endOn: '2025-12-31',
            version: await version('monitoring_schedule', x.ids.scheduleId),
          },
        }),
      },
    },
    'POST /permits': {
      ok: 201,
      prepare: permitHolder,
      rest: (x) => ({ path: '/permits', body: permitBody(x) }),
      graphql: {
        field: 'createDischargePermit',
        query: 'mutation($i: PermitInput!) { createDischargePermit(input: $i) { id } }',
        variables: (x) => ({ i: permitBody(x, 'quarterly') }),
      },
    },
    'PATCH /permits/:id': {
      ok: 200,
      prepare: async (x) => {
        const ids = await permitHolder(x);
        const res = await ok(eco$('post', '/permits', permitBody({ ...x, ids })));
        return { ...ids, permitId: res.body.id as string };
      },
      rest: async (x) => ({
        path: `/permits/${x.ids.permitId}`,
        body: {
          ...permitBody(x),
          validTo: '2029-12-31',
          version: await version('discharge_permit', x.ids.permitId),
        },
      }),
      graphql: {
        field: 'updateDischargePermit',
        query:
          'mutation($id: ID!, $i: UpdatePermitInput!) { updateDischargePermit(id: $id, input: $i) { id } }',
        variables: async (x) => ({
          id: x.ids.permitId,
          i: {
            ...permitBody(x, 'quarterly'),
            validTo: '2029-12-31',
            version: await version('discharge_permit', x.ids.permitId),
          },
        }),
      },
    },
  };

  /** Writes that are not on an outfall, each with why the gate does not apply. */
  const EXEMPT: Record<string, string> = {
    'POST /auth/login': 'public sign-in',
    'POST /public-reports/:id/assign': 'report triage: assignment to a unit, writes no outfall',
    'POST /public-reports/:id/reply': 'report triage: a public reply, writes no outfall',
    'POST /public-reports/:id/outcome':
      'report outcome: links an outfall it can see (read); a case it opens goes through POST /enforcement/cases',
    'POST /auth/password': 'own password',
    'POST /auth/refresh': 'own session: a renewed access token',
    'POST /auth/logout-all': 'own sessions: all tokens end',
    'POST /users': 'accounts (user:manage)',
    'PATCH /users/:id': 'accounts (user:manage)',
    'POST /api-keys': 'credentials (api-key:manage)',
    'DELETE /api-keys/:id': 'credentials (api-key:manage)',
    'PATCH /api-keys/:id': 'credentials: name, scopes, rate limit (api-key:manage)',
    'POST /api-keys/:id/rotate': 'credentials: a new secret (api-key:manage)',
    'POST /api-keys/:id/revoke-previous': 'credentials (api-key:manage)',
    'POST /webhooks/subscriptions':
      'integration: a key subscribes for itself (webhooks.e2e-spec), no outfall',
    'PATCH /webhooks/subscriptions/:id': 'integration: own subscription (webhooks.e2e-spec), no outfall',
    'DELETE /webhooks/subscriptions/:id': 'integration: own subscription (webhooks.e2e-spec), no outfall',
    'POST /webhooks/deliveries/:id/replay': 'integration: re-sends an own delivery, no outfall',
    'POST /divisions': 'reference data: divisions (org:write, administrators)',
    'PATCH /divisions/:id': 'reference data: divisions (org:write, administrators)',
    'DELETE /divisions/:id': 'reference data: divisions (org:write, administrators)',
    'POST /units': 'units (org:write, administrators)',
    'PATCH /units/:id': 'units (org:write, administrators)',
    'DELETE /units/:id': 'units (org:write, administrators)',
    'PUT /units/:id/liaison': 'own unit only (OrgService; access.e2e-spec)',
    'DELETE /units/:id/liaison': 'own unit only (OrgService; access.e2e-spec)',
    'POST /audit-logs/exports': 'an export writes nothing (a read)',
    'POST /outfalls/exports': 'an export writes nothing (a read, scoped to the jurisdiction in the job)',
    'POST /responsible-entities/exports': 'an export writes nothing (a read, scoped in the job)',
    'POST /monitoring/ledgers': 'an export writes nothing (a read, scoped in the job)',
    'POST /remediation/ledgers': 'an export writes nothing (a read, scoped in the job)',
    'POST /permits/ledgers': 'an export writes nothing (a read, scoped in the job)',
    'POST /tasks': 'city-wide task of the plan (task:manage), no outfall',
    'PATCH /tasks/:id': 'city-wide task of the plan (task:manage), no outfall',
    'DELETE /tasks/:id': 'city-wide task of the plan (task:manage), no outfall',
    'POST /tasks/ledger': 'an export writes nothing (a read)',
    'POST /river-sections': 'city-wide river section (river-chief:write), no outfall',
    'PATCH /river-sections/:id': 'city-wide river section (river-chief:write); relinks outfall_section only',
    'DELETE /river-sections/:id': 'city-wide river section (river-chief:write), no outfall',
    'POST /river-sections/relink': 'derived outfall-to-section links (river-chief:write), no outfall field',
    'POST /river-chiefs': 'river chief of a section (river-chief:write), no outfall',
    'PATCH /river-chiefs/:id': 'river chief of a section (river-chief:write), no outfall',
    'DELETE /river-chiefs/:id': 'river chief of a section (river-chief:write), no outfall',
    'POST /accountability/files':
      'accountability attachment of the caller’s own unit, no outfall (submissions.e2e-spec)',
    'POST /accountability/notices':
      'supervision notice to a unit (accountability:manage, eco branch), writes no outfall',
    'POST /accountability/notices/:id/response': 'own unit’s notice only (submissions.e2e-spec), no outfall',
    'POST /accountability/notices/:id/review': 'notice review (accountability:manage), no outfall',
    'POST /accountability/submissions': 'own unit’s quarterly submission (submissions.e2e-spec), no outfall',
    'POST /accountability/submissions/:id/review': 'submission review (accountability:manage), no outfall',
    'PUT /accountability/config': 'city-wide assessment configuration (accountability:manage), no outfall',
    'POST /accountability/archive-completeness/export':
      'an export writes nothing (a read, scoped in the job)',
    'POST /accountability/packages': 'city-wide upward package (accountability:manage), writes no outfall',
    'PUT /accountability/packages/:id/receipt':
      'receipt of an upward package (accountability:manage), no outfall',
    'POST /enforcement/ledger': 'an export writes nothing (a read, scoped in the job)',
    'POST /progress/snapshots/:id/report': 'an export writes nothing (a read)',
    'POST /signs/ledger': 'an export writes nothing (a read, scoped in the job)',
    'POST /required-indicator-rules': 'catalogue of requirement rules (standards:manage), no outfall',
    'PUT /required-indicator-rules/:id': 'catalogue of requirement rules (standards:manage), no outfall',
    'DELETE /required-indicator-rules/:id': 'catalogue of requirement rules (standards:manage), no outfall',
    'POST /indicators': 'catalogue (standards:manage), no outfall',
    'PATCH /indicators/:code': 'catalogue (standards:manage), no outfall',
    'DELETE /indicators/:code': 'catalogue (standards:manage), no outfall',
    'POST /standards': 'catalogue (standards:manage), no outfall',
    'PATCH /standards/:id': 'catalogue (standards:manage), no outfall',
    'DELETE /standards/:id': 'catalogue (standards:manage), no outfall',
    'POST /water-bodies': 'city-wide reference layer (layer:write), belongs to no township',
    'PATCH /water-bodies/:id': 'city-wide reference layer (layer:write)',
    'POST /function-zones': 'city-wide reference layer (layer:write)',
    'POST /protected-areas': 'city-wide reference layer (layer:write)',
    'PATCH /protected-areas/:id': 'city-wide reference layer (layer:write)',
    'DELETE /protected-areas/:id': 'city-wide reference layer (layer:write)',
    'POST /layers/imports':
      'city-wide reference layers (layer:write; division boundaries org:write, boundaries.e2e-spec)',
    'POST /sewer-coverage-areas': 'city-wide reference layer (layer:write)',
    'DELETE /sewer-coverage-areas/:id': 'city-wide reference layer (layer:write)',
    'POST /progress/targets': 'city-wide targets (progress:manage)',
    'PUT /progress/targets/:id': 'city-wide targets (progress:manage)',
    'DELETE /progress/targets/:id': 'city-wide targets (progress:manage)',
    'POST /progress/snapshots/catch-up': 'city-wide snapshots (progress:manage)',
    'POST /progress/snapshots/recompute': 'city-wide snapshots (progress:manage)',
    'POST /progress/quarters/:quarter/close': 'city-wide quarter close (approve, city-wide only), no outfall',
    'PUT /progress/snapshots/:id/dispatch-report':
      'the city-wide dispatch report (report:issue, city-wide only), no outfall (dispatch-report.e2e-spec)',
    'POST /progress/snapshots/:id/dispatch-report/submit':
      'the city-wide dispatch report only (report:issue)',
    'POST /progress/snapshots/:id/dispatch-report/return':
      'the city-wide dispatch report only (report:issue)',
    'POST /progress/snapshots/:id/dispatch-report/issue': 'the city-wide dispatch report only (report:issue)',
    'PATCH /setup-review/applications/:id':
      'a draft application (jurisdiction + sector of the application: SetupReviewService; setup-review.e2e-spec)',
    'POST /setup-review/applications/:id/submit': 'the application only (same gate; setup-review.e2e-spec)',
    'POST /setup-review/applications/:id/documents':
      'the application’s documents (same gate; setup-review.e2e-spec)',
    'POST /setup-review/applications/:id/consultation':
      'eco branch only (setup-review:decide, city-wide); the application only',
    'POST /setup-review/applications/:id/decision':
      'eco branch only (setup-review:decide, city-wide); the outfall write inside passes OutfallsService.createIn / recordSetupResult (assertWritable)',
    'POST /setup-review/applications/:id/filing':
      'eco branch only (setup-review:decide, city-wide); the outfall write inside passes OutfallsService.createIn / recordSetupResult (assertWritable)',
    'POST /setup-review/ledgers': 'an export writes nothing (a read, scoped in the job)',
    'POST /setup-review/notifications':
      'a notification of a responsible entity (jurisdiction via ResponsibleEntitiesService.get), no outfall',
    'POST /source-lists/items':
      'department base list (source-list:write), no outfall; owner unit gate in source-lists.e2e-spec',
    'PATCH /source-lists/items/:id': 'department base list, own list only (source-lists.e2e-spec)',
    'DELETE /source-lists/items/:id': 'department base list, own list only (source-lists.e2e-spec)',
    'POST /source-lists/rematch':
      "re-matches the caller's own list items to entities by credit code, no outfall",
    'POST /source-lists/imports': 'department base list import, own list only (source-lists.e2e-spec)',
    'POST /source-lists/exports': 'an export writes nothing',
    'PUT /water-bodies/:id/basin-data': 'city-wide reference layer (layer:write)',
    'POST /water-bodies/basin-data/imports': 'city-wide reference layer (layer:write)',
    'POST /patrols/rules': 'city-wide patrol frequency rules (supervision:configure), no outfall',
    'PUT /patrols/rules/:id': 'city-wide patrol frequency rules (supervision:configure), no outfall',
    'DELETE /patrols/rules/:id': 'city-wide patrol frequency rules (supervision:configure), no outfall',
    'PUT /patrols/config': 'city-wide patrol distance setting (supervision:configure), no outfall',
    'POST /patrols/ledger': 'an export writes nothing (a read, scoped in the job)',
    'PUT /publication/draft': 'city-wide publication configuration (publication:manage), no outfall',
    'POST /publication/draft/submit': 'city-wide publication configuration (publication:manage), no outfall',
    'POST /publication/draft/approve': 'the eco branch reviews the publication configuration, no outfall',
    'POST /publication/draft/reject': 'the eco branch reviews the publication configuration, no outfall',
  };
  const EXEMPT_MUTATIONS: Record<string, string> = {
    savePublicationDraft: 'city-wide publication configuration (publication:manage), no outfall',
    submitPublicationDraft: 'city-wide publication configuration (publication:manage), no outfall',
    approvePublicationDraft: 'the eco branch reviews the publication configuration, no outfall',
    rejectPublicationDraft: 'the eco branch reviews the publication configuration, no outfall',
    createUser: 'accounts',
    assignPublicReport: 'report triage: assignment to a unit, writes no outfall',
    replyPublicReport: 'report triage: a public reply, writes no outfall',
    recordPublicReportOutcome:
      'report outcome: links an outfall (read); a case it opens is gated as openEnforcementCase',
    updateUser: 'accounts',
    createApiKey: 'credentials',
    revokeApiKey: 'credentials',
    updateApiKey: 'credentials',
    rotateApiKey: 'credentials',
    revokePreviousApiKeySecret: 'credentials',
    createWebhookSubscription: 'integration: own subscription, no outfall',
    updateWebhookSubscription: 'integration: own subscription, no outfall',
    deleteWebhookSubscription: 'integration: own subscription, no outfall',
    replayWebhookDelivery: 'integration: re-sends an own delivery, no outfall',
    setUnitLiaison: 'own unit only (access.e2e-spec)',
    exportAuditLogs: 'an export writes nothing',
    createRequiredIndicatorRule: 'catalogue of requirement rules (standards:manage), no outfall',
    updateRequiredIndicatorRule: 'catalogue of requirement rules (standards:manage), no outfall',
    removeRequiredIndicatorRule: 'catalogue of requirement rules (standards:manage), no outfall',
    closeProgressQuarter: 'city-wide quarter close (approve, city-wide only), no outfall',
    updateDispatchReport: 'the city-wide dispatch report (report:issue), no outfall',
    submitDispatchReport: 'the city-wide dispatch report (report:issue), no outfall',
    returnDispatchReport: 'the city-wide dispatch report (report:issue), no outfall',
    issueDispatchReport: 'the city-wide dispatch report (report:issue), no outfall',
    createTask: 'city-wide task of the plan (task:manage), no outfall',
    updateTask: 'city-wide task of the plan (task:manage), no outfall',
    deleteTask: 'city-wide task of the plan (task:manage), no outfall',
    createRiverSection: 'city-wide river section (river-chief:write), no outfall',
    updateRiverSection: 'city-wide river section (river-chief:write), no outfall',
    deleteRiverSection: 'city-wide river section (river-chief:write), no outfall',
    relinkRiverSections: 'derived outfall-to-section links (river-chief:write), no outfall field',
    createRiverChief: 'river chief of a section (river-chief:write), no outfall',
    updateRiverChief: 'river chief of a section (river-chief:write), no outfall',
    deleteRiverChief: 'river chief of a section (river-chief:write), no outfall',
    sendSupervisionNotice: 'supervision notice to a unit (accountability:manage), writes no outfall',
    respondSupervisionNotice: 'own unit’s notice only (submissions.e2e-spec), no outfall',
    reviewSupervisionNotice: 'notice review (accountability:manage), no outfall',
    submitQuarterly: 'own unit’s quarterly submission (submissions.e2e-spec), no outfall',
    reviewQuarterlySubmission: 'submission review (accountability:manage), no outfall',
    saveAccountabilityConfig: 'city-wide assessment configuration (accountability:manage), no outfall',
    generateUpwardPackage: 'city-wide upward package (accountability:manage), writes no outfall',
    recordUpwardPackageReceipt: 'receipt of an upward package (accountability:manage), no outfall',
    updateSetupApplication: 'a draft application (setup-review.e2e-spec)',
    submitSetupApplication: 'the application only (setup-review.e2e-spec)',
    recordSetupConsultation: 'eco branch only (setup-review:decide, city-wide)',
    decideSetupApplication: 'eco branch only; the outfall write inside passes the directory gate',
    fileSetupRegistration: 'eco branch only; the outfall write inside passes the directory gate',
    recordSetupNotification: 'a notification of a responsible entity, no outfall',
    createSourceListItem: 'department base list, no outfall (source-lists.e2e-spec)',
    updateSourceListItem: 'department base list, own list only (source-lists.e2e-spec)',
    deleteSourceListItem: 'department base list, own list only (source-lists.e2e-spec)',
    setWaterBodyBasinData: 'city-wide reference layer (layer:write)',
    createPatrolRule: 'city-wide patrol frequency rules (supervision:configure), no outfall',
    updatePatrolRule: 'city-wide patrol frequency rules (supervision:configure), no outfall',
    setPatrolConfig: 'city-wide patrol distance setting (supervision:configure), no outfall',
  };

  let ownEntityId: string;

  beforeAll(async () => {
    t = await TestApp.create();
    ({ routes } = routeTable(t.app));
    eco = await t.auth('eco_officer');
    const divisions = t.dataSource.getRepository(Division);
    liugong = await divisions.findOneByOrFail({ name: '六工镇' });
    sangong = await divisions.findOneByOrFail({ name: '三工镇' });
    liugongUnit = await t.dataSource
      .getRepository(Unit)
      .findOneByOrFail({ divisionId: liugong.id, kind: 'township' as never });
    const [water] = await t.dataSource.query<{ id: string; code: string }[]>(
      `SELECT id, code FROM water_body WHERE code = 'TTH'`,
    );
    waterId = water.id;
    waterCode = water.code;
    ownEntityId = (await entity(liugong)).id;
    outfallTables = (
      await t.dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.columns
          WHERE table_schema = 'public' AND column_name = 'outfall_id' ORDER BY table_name`,
      )
    ).map((r) => r.table_name);
    const admin = await t.auth('admin');
    const key = async (body: object) => {
      const res = await t.http.post('/api/v1/api-keys').set(admin).send(body);
      expect(res.status).toBe(201);
      return res.body.key as string;
    };
    const auth = t.app.get(AuthService);
    const users: [string, string][] = [
      ['township', 'township_liugong'],
      ['sector', 'agri_officer'],
      ['eco', 'eco_officer'],
    ];
    for (const [name, username] of users) {
      const headers = await t.auth(username);
      actors[name] = {
        name: username,
        headers,
        principal: await auth.authenticate(headers.Authorization, undefined),
      };
    }
    for (const [name, body] of [
      ['readKey', { name: '只读密钥', scope: 'read' }],
      ['divisionKey', { name: '六工镇读写密钥', scope: 'read_write', divisionId: liugong.id }],
    ] as const) {
      const secret = await key(body);
      actors[name] = {
        name,
        headers: { 'X-API-Key': secret },
        principal: await auth.authenticate(undefined, secret),
      };
    }
    // the first spec of a run also applies the migrations (PostGIS): slow on a busy machine
  }, 180_000);
  afterAll(() => t.close());

  const routeOf = (key: string) => {
    const route = routes.find((r) => r.key === key);
    if (!route) throw new Error(`no route ${key}`);
    return route;
  };

  /** What the gate (and before it the guard) must answer this actor on this target. */
  function expected(
    c: WriteCase,
    permissions: readonly Permission[],
    actor: Actor,
    kind: TargetKind,
  ): Expected {
    const has = (p: Permission) => actor.principal.permissions.includes(p);
    if (!permissions.every(has)) return { status: 403, code: 'AUTH_PERMISSION_DENIED' };
    if (c.permission && !has(c.permission)) return { status: 403, code: 'FORBIDDEN' };
    const refusal =
      kind === 'foreign' && !actor.principal.jurisdiction.cityWide
        ? 'jurisdiction'
        : kind === 'outOfSector' && c.sector !== false && sectorLimited(actor.principal)
          ? 'sector'
          : null;
    if (!refusal) return { ok: true };
    const row = refusal === 'jurisdiction' ? JURISDICTION_ROW : SECTOR_ROW;
    if (c.rows === 'import') {
      const columns = c.columns as NonNullable<WriteCase['columns']>;
      return { importRow: row, field: (refusal === 'sector' ? columns.sector : columns.jurisdiction) ?? '' };
    }
    if (c.rows === 'batch') return { status: 400, code: 'MONITORING_BATCH_REJECTED', row };
    if (refusal === 'jurisdiction')
      return c.creates
        ? { status: 403, code: 'OUTFALL_OUTSIDE_JURISDICTION' }
        : { status: 404, code: 'NOT_FOUND' };
    return { status: 403, code: 'OUTFALL_CATEGORY_NOT_IN_SECTOR' };
  }

  async function sendRest(key: string, c: WriteCase, actor: Actor, x: Target): Promise<Response> {
    const route = routeOf(key);
    const request = await (c.rest as NonNullable<WriteCase['rest']>)(x);
    const req = t.http[route.method as 'post'](`/api/v1${request.path}`).set(actor.headers);
    if (request.file) {
      for (const [name, value] of Object.entries(request.fields ?? {})) void req.field(name, value);
      return req.attach('file', request.file.content, request.file.name);
    }
    return request.body ? req.send(request.body) : req;
  }

  async function sendGraphql(c: WriteCase, actor: Actor, x: Target) {
    const gql = c.graphql as NonNullable<WriteCase['graphql']>;
    const res = await t.http
      .post('/graphql')
      .set(actor.headers)
      .send({
        query: gql.query,
        variables: gql.json ? await gql.variables(x) : asGraphql(await gql.variables(x)),
      });
    const error = res.body.errors?.[0] as
      | { message: string; extensions: { code: string; status: number; details: { message: string }[] } }
      | undefined;
    return { res, error };
  }

  /** Checks one REST answer against the expectation (and the import job's outcome). */
  async function checkRest(label: string, c: WriteCase, res: Response, want: Expected): Promise<void> {
    if ('ok' in want) {
      expect({ label, status: res.status, body: res.status === c.ok ? null : res.body }).toEqual({
        label,
        status: c.ok,
        body: null,
      });
      if (c.rows === 'import') {
        const job = await t.waitForJob(res.body.id as string);
        expect({ label, result: job.result }).toEqual({
          label,
          result: expect.objectContaining({ committed: true, rejected: 0, errors: [] }),
        });
      }
      return;
    }
    if ('importRow' in want) {
      expect({ label, status: res.status }).toEqual({ label, status: 202 });
      const job = await t.waitForJob(res.body.id as string);
      const result = job.result as {
        committed: boolean;
        errors: { row: number; field: string; message: string }[];
      };
      expect({ label, committed: result.committed, errors: result.errors }).toEqual({
        label,
        committed: false,
        errors: [{ row: 2, field: want.field, message: expect.stringMatching(want.importRow) }],
      });
      return;
    }
    expect({ label, status: res.status, code: res.body.code }).toEqual({
      label,
      status: want.status,
      code: want.code,
    });
    if (want.row)
      expect(res.body.details).toEqual([
        { field: expect.stringMatching(/^rows\[0\]\.outfall/), message: expect.stringMatching(want.row) },
      ]);
  }

  function checkGraphql(
    label: string,
    result: Awaited<ReturnType<typeof sendGraphql>>,
    want: Expected,
    field: string,
  ): void {
    if ('ok' in want) {
      expect({ label, error: result.error ?? null }).toEqual({ label, error: null });
      expect(result.res.body.data[field]).toBeTruthy();
      return;
    }
    if ('importRow' in want) throw new Error('no GraphQL import');
    expect({ label, code: result.error?.extensions.code, status: result.error?.extensions.status }).toEqual({
      label,
      code: want.code,
      status: want.status,
    });
    if (want.row)
      expect(result.error?.extensions.details.map((d) => d.message)).toEqual([
        expect.stringMatching(want.row),
      ]);
  }

  const refusals: [string, TargetKind][] = [
    ['township', 'foreign'],
    ['divisionKey', 'foreign'],
    ['sector', 'outOfSector'],
    ['readKey', 'foreign'],
  ];

  describe('the route table is classified', () => {
    it('every REST write route is a gate case or exempt with a reason, and no case is stale', () => {
      const writes = routes.filter((r) => r.method !== 'get' && !r.isPublic).map((r) => r.key);
      const unclassified = writes.filter((key) => !CASES[key] && !EXEMPT[key]);
      expect({ unclassified }).toEqual({ unclassified: [] });
      const stale = [...Object.keys(CASES), ...Object.keys(EXEMPT)].filter(
        (key) => key !== 'POST /auth/login' && !writes.includes(key),
      );
      expect({ stale }).toEqual({ stale: [] });
      expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(24);
    });

    it('every GraphQL mutation is a gate case or exempt with a reason', () => {
      const schema = t.app.get(GraphQLSchemaHost).schema;
      const mutations = Object.keys(schema.getMutationType()?.getFields() ?? {});
      const covered = new Set(Object.values(CASES).flatMap((c) => (c.graphql ? [c.graphql.field] : [])));
      const unclassified = mutations.filter((m) => !covered.has(m) && !EXEMPT_MUTATIONS[m]);
      expect({ unclassified }).toEqual({ unclassified: [] });
      expect([...covered, ...Object.keys(EXEMPT_MUTATIONS)].filter((m) => !mutations.includes(m))).toEqual(
        [],
      );
      expect(covered.size).toBeGreaterThanOrEqual(16);
    });
  });

  describe.each(Object.keys(CASES))('%s', (key) => {
    const c = CASES[key];

    it('REST and API keys: refused outside the jurisdiction (404) and the sector (403), nothing changed', async () => {
      const route = routeOf(key);
      const [foreign, outOfSector] = await targets(c, ['foreign', 'outOfSector']);
      for (const [actorName, kind] of refusals) {
        if (kind === 'outOfSector' && c.sector === false) continue;
        const actor = actors[actorName];
        const x = kind === 'foreign' ? foreign : outOfSector;
        const want = expected(c, route.permissions, actor, kind);
        expect({ actorName, kind, want }).not.toEqual({ actorName, kind, want: { ok: true } });
        const before = await fingerprint(x);
        await checkRest(`${actor.name} on ${kind}`, c, await sendRest(key, c, actor, x), want);
        expect({ actorName, kind, unchanged: await fingerprint(x) }).toEqual({
          actorName,
          kind,
          unchanged: before,
        });
        if (c.graphql) {
          const gql = await sendGraphql(c, actor, x);
          checkGraphql(`GraphQL ${actor.name} on ${kind}`, gql, want, c.graphql.field);
          expect({ actorName, kind, gqlUnchanged: await fingerprint(x) }).toEqual({
            actorName,
            kind,
            gqlUnchanged: before,
          });
        }
      }
    });

    it('REST and API keys: the roles allowed to write do, on their own outfalls', async () => {
      const route = routeOf(key);
      const candidates = ['township', 'sector', 'divisionKey'].filter(
        (name) => 'ok' in expected(c, route.permissions, actors[name], 'own'),
      );
      const writers = candidates.length ? candidates : ['eco'];
      const fresh = await targets(
        c,
        writers.map(() => 'own'),
      );
      for (const [i, name] of writers.entries()) {
        const x = fresh[i];
        expect('ok' in expected(c, route.permissions, actors[name], 'own')).toBe(true);
        const before = await fingerprint(x);
        await checkRest(`${actors[name].name} on own`, c, await sendRest(key, c, actors[name], x), {
          ok: true,
        });
        expect(await fingerprint(x)).not.toEqual(before);
      }
    });

    if (c.graphql) {
      it('GraphQL: the role allowed to write does', async () => {
        const route = routeOf(key);
        const gql = c.graphql as NonNullable<WriteCase['graphql']>;
        const name =
          ['sector', 'township', 'eco'].find(
            (candidate) => 'ok' in expected(c, route.permissions, actors[candidate], 'own'),
          ) ?? 'eco';
        const [x] = await targets(c, ['own']);
        const before = await fingerprint(x);
        checkGraphql(
          `GraphQL ${actors[name].name} on own`,
          await sendGraphql(c, actors[name], x),
          { ok: true },
          gql.field,
        );
        expect(await fingerprint(x)).not.toEqual(before);
      });
    }
  });
});
