import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import type {
  OperationObject,
  ReferenceObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { createOpenApiDocument, expectedErrors, routeFacts } from '../src/app/openapi';
import { TestApp } from './support/test-app';

const OPENAPI_FILE = join(__dirname, '..', 'openapi.json');
const METADATA_FILE = join(__dirname, '..', 'src', 'openapi-metadata.ts');
const GENERATOR = join(__dirname, '..', '..', '..', 'tools', 'openapi-metadata.js');
const CLIENT_GENERATOR = join(__dirname, '..', '..', '..', 'tools', 'openapi-client.js');
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const JOB_REF = '#/components/schemas/JobDto';
const ERROR_REF = '#/components/schemas/ApiErrorDto';

type Schema = SchemaObject | ReferenceObject;

/** Whether a success schema says what the body is: a named schema, a list of one, or a described object. */
function meaningful(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if ('$ref' in schema) return true;
  if (schema.allOf || schema.oneOf || schema.anyOf) return true;
  if (schema.type === 'array') return meaningful(schema.items);
  if (schema.type === 'object') return Boolean(schema.properties && Object.keys(schema.properties).length);
  return Boolean(schema.type);
}

/** Whether `schema` is JobDto itself, or a nullable JobDto (`allOf: [JobDto]`, `nullable`). */
function isJob(schema: Schema | undefined): boolean {
  if (!schema) return false;
  if ('$ref' in schema) return schema.$ref === JOB_REF;
  const only = schema.allOf?.length === 1 ? schema.allOf[0] : undefined;
  return Boolean(only && '$ref' in only && only.$ref === JOB_REF);
}

/**
 * Whether a 202 body is the queued job: JobDto, JobDto[], or a named schema with a `job` JobDto property
 * (nullable when the action stands without its job, e.g. a quarter closed while the queue is down).
 */
function answersJob(document: OpenAPIObject, schema: Schema | undefined): boolean {
  if (!schema) return false;
  if ('$ref' in schema) {
    if (schema.$ref === JOB_REF) return true;
    const named = document.components?.schemas?.[schema.$ref.split('/').pop() ?? ''] as
      SchemaObject | undefined;
    return isJob(named?.properties?.['job'] as Schema | undefined);
  }
  return (
    schema.type === 'array' &&
    Boolean(schema.items && '$ref' in schema.items && schema.items.$ref === JOB_REF)
  );
}

/** Paths (inside `node`) of enums that are not a named component schema. */
function inlineEnums(node: unknown, where: string, out: string[]): string[] {
  if (Array.isArray(node)) node.forEach((item, i) => inlineEnums(item, `${where}[${i}]`, out));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (Array.isArray(record['enum'])) out.push(where || '(root)');
    for (const [key, value] of Object.entries(record)) {
      if (key !== 'enum' && key !== 'example' && key !== 'examples')
        inlineEnums(value, `${where}.${key}`, out);
    }
  }
  return out;
}

/** Every way an operation falls short of the contract, each with what to add. */
function contractGaps(document: OpenAPIObject, facts: ReturnType<typeof routeFacts>): string[] {
  const gaps: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as OperationObject | undefined;
      if (!operation) continue;
      const name = `${method.toUpperCase()} ${path}`;
      const gap = (text: string) => gaps.push(`${name}: ${text}`);
      if (!operation.summary?.trim())
        gap('no summary: add a JSDoc comment on the handler (first sentence), then `npm run openapi`');
      const routeFact = facts.get(operation.operationId ?? '');
      if (!routeFact) gap(`operation id ${operation.operationId} names no route handler`);
      const success = Object.entries(operation.responses).filter(([status]) => /^2\d\d$/.test(status));
      if (!success.length) gap('no 2xx response');
      const documented = success.map(([status]) => Number(status));
      if (routeFact && (documented.length !== 1 || documented[0] !== routeFact.status))
        gap(
          `documents ${documented.join('/') || 'no'} success status but the route answers ${routeFact.status}: ` +
            `use the matching @Api…Response decorator (or @HttpCode)`,
        );
      for (const [status, response] of success) {
        const content = (response as ResponseObject).content ?? {};
        const types = Object.keys(content);
        if (status === '204') {
          if (types.length) gap('204 with a body');
          continue;
        }
        if (!types.length) {
          gap(
            `${status} without a body schema: return a class (DTO/entity or a small response DTO) from the handler, ` +
              'or declare the file content type with @ApiProduces/@ApiOkResponse for downloads',
          );
          continue;
        }
        const json = content['application/json'];
        if (json && !meaningful(json.schema))
          gap(
            `${status} application/json schema is not a named class: type the handler's return value with a class`,
          );
        if (status === '202' && !answersJob(document, json?.schema))
          gap('202 must answer the job resource: JobDto, a list of them, or a resource with a `job: JobDto`');
      }
      const errorFacts = routeFact ?? { isPublic: false, rateLimited: false, status: 200 };
      for (const status of Object.keys(expectedErrors(method, path, operation, errorFacts))) {
        const response = operation.responses[status] as ResponseObject | undefined;
        const ref = (response?.content?.['application/json']?.schema as ReferenceObject | undefined)?.$ref;
        // ApiErrorDto, or a body of the route's own it declared for that status (readiness 503: the health report)
        if (!ref) gap(`missing error response ${status} with the ApiErrorDto schema`);
        else if (ref === ERROR_REF) {
          const example = response?.content?.['application/json']?.examples?.[`error${status}`];
          const named = example && '$ref' in example ? example.$ref.split('/').pop() : undefined;
          if (!named || !document.components?.examples?.[named])
            gap(`error response ${status} has no example body (ERROR_EXAMPLES in openapi.ts)`);
        }
      }
      const enums = inlineEnums(
        {
          parameters: operation.parameters,
          requestBody: operation.requestBody,
          responses: operation.responses,
        },
        '',
        [],
      );
      for (const where of enums)
        gap(
          `inline enum at ${where}: give it a name (enumName, or the plugin's autoFillEnumName on a TS enum)`,
        );
    }
  }
  for (const [schemaName, schema] of Object.entries(document.components?.schemas ?? {})) {
    for (const where of inlineEnums({ ...schema, enum: undefined }, '', []))
      gaps.push(`schema ${schemaName}: inline enum at ${where}: give it a name (enumName)`);
  }
  return gaps.sort();
}

describe('OpenAPI contract', () => {
  let t: TestApp;
  let document: OpenAPIObject;

  beforeAll(async () => {
    t = await TestApp.create();
    document = (await t.http.get('/api/docs-json')).body as OpenAPIObject;
  });
  afterAll(() => t.close());

  it('every operation has a summary, a typed success answer, the shared errors and named enums', () => {
    // no baseline: every operation meets the contract, and a gap names the operation and what to add
    expect(contractGaps(document, routeFacts(t.app))).toEqual([]);
  });

  it('describes the shared error body with its named code enum', () => {
    const schemas = document.components?.schemas ?? {};
    expect(schemas['ApiErrorDto']).toMatchObject({
      required: expect.arrayContaining(['code', 'message', 'details', 'requestId']),
    });
    expect(schemas['ErrorCode']).toMatchObject({
      enum: expect.arrayContaining([
        'VALIDATION_FAILED',
        'NOT_FOUND',
        'VERSION_CONFLICT',
        'QUEUE_UNAVAILABLE',
      ]),
    });
  });

  it('names no stored secret: hashes and signing secrets are never answers', () => {
    // a secret is in an answer schema only where it is shown once (a created key, subscription or report)
    const stored = Object.entries(document.components?.schemas ?? {}).flatMap(([name, schema]) =>
      Object.keys((schema as SchemaObject).properties ?? {})
        .filter(
          (property) => /hash$/i.test(property) || (property === 'secret' && !name.startsWith('Created')),
        )
        .map((property) => `${name}.${property}`),
    );
    expect(stored).toEqual([]);
  });

  it('the committed apps/api/openapi.json is the live document (`npm run openapi` rewrites it)', async () => {
    const live = JSON.stringify(await createOpenApiDocument(t.app), null, 2) + '\n';
    expect(JSON.parse(live)).toEqual(document);
    if (process.env['WRITE_OPENAPI'] === '1') writeFileSync(OPENAPI_FILE, live);
    expect(existsSync(OPENAPI_FILE)).toBe(true);
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toEqual(live);
  });

  it('the committed openapi-metadata.ts is what the swagger plugin derives now (`npm run openapi`)', async () => {
    // the generator runs in its own process (prettier loads itself with a dynamic import Jest's VM refuses)
    const fresh = execFileSync(process.execPath, [GENERATOR, '--print'], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    expect(readFileSync(METADATA_FILE, 'utf8')).toEqual(fresh);
  });

  it('the committed client types (libs/shared/types api-schema.gen.ts) are generated from that document', () => {
    // openapi-typescript over apps/api/openapi.json, in its own process like the metadata generator
    const args = [CLIENT_GENERATOR, ...(process.env['WRITE_OPENAPI'] === '1' ? [] : ['--check'])];
    expect(() => execFileSync(process.execPath, args, { encoding: 'utf8', stdio: 'pipe' })).not.toThrow();
  });
});
