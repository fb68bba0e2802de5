import { INestApplication, RequestMethod, Type } from '@nestjs/common';
import { GUARDS_METADATA, HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants';
import { ModulesContainer } from '@nestjs/core';
import { ApiProperty, DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type {
  OperationObject,
  ResponseObject,
  SchemaObject,
} from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { CommonErrorCode, IS_PUBLIC_KEY } from '@outfall/common';
import { DirectoryErrorCode } from '@outfall/directory';
import { EnforcementErrorCode } from '@outfall/enforcement';
import { IamErrorCode } from '@outfall/iam';
import { MonitoringErrorCode } from '@outfall/monitoring';
import { OrgErrorCode } from '@outfall/org';
import { PatrolErrorCode } from '@outfall/patrols';
import { PermitsErrorCode } from '@outfall/permits';
import { DispatchReportErrorCode } from '@outfall/progress';
import { PublicReportErrorCode } from '@outfall/public-reports';
import { RemediationErrorCode } from '@outfall/remediation';
import { SetupReviewErrorCode } from '@outfall/setup-review';
import { SourceListErrorCode } from '@outfall/source-lists';
import { SubmissionsErrorCode } from '@outfall/submissions';
import { TasksErrorCode } from '@outfall/tasks';
import metadata from '../openapi-metadata';
import { preferPluginTypesOverUnionObjects } from './openapi-union-types';
import { APP_VERSION } from './system.service';

/** Every error code the API answers with: the common ones and each domain module's own. */
export const ERROR_CODES: string[] = [
  ...new Set(
    [
      CommonErrorCode,
      DirectoryErrorCode,
      DispatchReportErrorCode,
      EnforcementErrorCode,
      IamErrorCode,
      MonitoringErrorCode,
      OrgErrorCode,
      PatrolErrorCode,
      PermitsErrorCode,
      PublicReportErrorCode,
      RemediationErrorCode,
      SetupReviewErrorCode,
      SourceListErrorCode,
      SubmissionsErrorCode,
      TasksErrorCode,
    ].flatMap((codes) => Object.values(codes) as string[]),
  ),
].sort();

/** One rejected input field. */
export class FieldErrorDto {
  @ApiProperty({ example: 'phone' }) field: string;
  @ApiProperty({ example: 'phone must be a mainland mobile or landline number' }) message: string;
}

/** The one error body of every REST answer ≥ 400 (written by `AllExceptionsFilter`). */
export class ApiErrorDto {
  @ApiProperty({ enum: ERROR_CODES, enumName: 'ErrorCode', example: CommonErrorCode.ValidationFailed })
  code: string;

  @ApiProperty({ example: 'Validation failed' }) message: string;

  @ApiProperty({ type: [FieldErrorDto], description: 'Field-level messages (empty when none apply)' })
  details: FieldErrorDto[];

  @ApiProperty({ example: '0b8e0f5e-3c1a-4d52-9c1e-8f0a6c2b7d41', description: 'Also sent as X-Request-Id' })
  requestId: string;
}

/** What one operation is, read from its handler: the facts the error responses depend on. */
export interface RouteFacts {
  isPublic: boolean;
  rateLimited: boolean;
  /** The status the route really answers on success (@HttpCode, else 201 for POST and 200 otherwise). */
  status: number;
}

/** `${Controller}_${method}` (Swagger's default operation id) → facts, for every route handler. */
export function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const wrapper of module.controllers.values()) {
      const controller = wrapper.metatype as Type | null;
      if (!controller?.prototype) continue;
      const classPublic = Reflect.getMetadata(IS_PUBLIC_KEY, controller) === true;
      const classGuards = (Reflect.getMetadata(GUARDS_METADATA, controller) ?? []) as Type[];
      for (const name of Object.getOwnPropertyNames(controller.prototype)) {
        const handler = controller.prototype[name] as unknown;
        if (typeof handler !== 'function' || name === 'constructor') continue;
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
        if (method === undefined) continue;
        const guards = [...classGuards, ...((Reflect.getMetadata(GUARDS_METADATA, handler) ?? []) as Type[])];
        facts.set(`${controller.name}_${name}`, {
          isPublic: classPublic || Reflect.getMetadata(IS_PUBLIC_KEY, handler) === true,
          rateLimited: guards.some((guard) => /Throttler|RateLimit/.test(guard?.name ?? '')),
          status:
            (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (method === RequestMethod.POST ? 201 : 200),
        });
      }
    }
  }
  return facts;
}

const WRITE_METHODS = new Set(['post', 'put', 'patch', 'delete']);
const HTTP_METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** The error statuses an operation can answer, with what each means (the contract test checks these). */
export function expectedErrors(
  method: string,
  path: string,
  operation: OperationObject,
  facts: RouteFacts,
): Record<number, string> {
  const errors: Record<number, string> = {
    400: 'Invalid input: `VALIDATION_FAILED` with field messages in `details`, `MALFORMED_JSON`, `INPUT_TOO_DEEP`, `BAD_REQUEST`',
    503: 'The database or the job queue is unavailable or busy (`DATABASE_UNAVAILABLE`, `DATABASE_BUSY`, `QUEUE_UNAVAILABLE`, `OPERATION_TIMEOUT`); retry after `Retry-After`',
  };
  if (!facts.isPublic) {
    errors[401] =
      'No or invalid credentials (`UNAUTHENTICATED`, `AUTH_TOKEN_MISSING`, `AUTH_TOKEN_INVALID`, `AUTH_TOKEN_EXPIRED`, `AUTH_ACCOUNT_DISABLED`, `AUTH_API_KEY_INVALID`, `AUTH_API_KEY_REVOKED`, `AUTH_API_KEY_EXPIRED`)';
    errors[403] =
      'The caller lacks the permission or the key its scope (`AUTH_PERMISSION_DENIED`), or the record is outside its jurisdiction or sector (`FORBIDDEN`, `OUTFALL_OUTSIDE_JURISDICTION`, `OUTFALL_CATEGORY_NOT_IN_SECTOR`)';
  }
  if (!facts.isPublic || facts.rateLimited) {
    errors[429] = 'Over the rate limit (`TOO_MANY_REQUESTS`); retry after `Retry-After`';
  }
  if (path.includes('{')) errors[404] = 'A record named in the path does not exist (`NOT_FOUND`)';
  if (WRITE_METHODS.has(method) && !facts.isPublic) {
    errors[409] =
      'The change conflicts with the current state: a unique value taken, a stale version (`VERSION_CONFLICT`), a referenced record (`CONFLICT`, domain codes)';
    if (method !== 'delete')
      errors[422] =
        'A business rule refuses the change (domain codes, e.g. required photos or samples missing)';
  }
  const body =
    operation.requestBody && 'content' in operation.requestBody ? operation.requestBody.content : {};
  if (Object.keys(body).length)
    errors[413] = 'The request body or an uploaded file is too large (`PAYLOAD_TOO_LARGE`)';
  if (body['multipart/form-data'])
    errors[415] = 'An uploaded file is not of an accepted type (`UNSUPPORTED_MEDIA_TYPE`)';
  return errors;
}

const REQUEST_ID = '0b8e0f5e-3c1a-4d52-9c1e-8f0a6c2b7d41';
const errorExample = (code: string, message: string, details: { field: string; message: string }[] = []) => ({
  code,
  message,
  details,
  requestId: REQUEST_ID,
});

/** One example body for each shared error status: what an integrator's error handling meets most often. */
const ERROR_EXAMPLES: Record<number, ReturnType<typeof errorExample>> = {
  400: errorExample('VALIDATION_FAILED', 'Invalid input: limit must not be greater than 200', [
    { field: 'limit', message: 'limit must not be greater than 200' },
  ]),
  401: errorExample('AUTH_TOKEN_EXPIRED', 'The access token has expired; sign in again'),
  403: errorExample('AUTH_PERMISSION_DENIED', 'You do not have permission to do this'),
  404: errorExample('NOT_FOUND', 'Outfall 5d2c9a1e-7b1f-4c1a-9d0e-2f6b8a4c3e10 was not found'),
  409: errorExample(
    'VERSION_CONFLICT',
    'The record was changed by someone else: reload it and apply the change again',
  ),
  413: errorExample('PAYLOAD_TOO_LARGE', 'The request body is too large'),
  415: errorExample('UNSUPPORTED_MEDIA_TYPE', 'Only JPEG, PNG, PDF and XLSX files are accepted'),
  422: errorExample(
    'REMEDIATION_EVIDENCE_PHOTOS_MISSING',
    'attach at least one photo after the work (afterPhotoIds) before claiming completion',
    [
      {
        field: 'afterPhotoIds',
        message: 'attach at least one photo after the work (afterPhotoIds) before claiming completion',
      },
    ],
  ),
  429: errorExample('TOO_MANY_REQUESTS', 'Too many requests: retry after the Retry-After seconds'),
  503: errorExample('QUEUE_UNAVAILABLE', 'The job queue is unavailable: retry after the Retry-After seconds'),
};

/** Adds the shared error responses to every operation (keeping descriptions a handler gave itself). */
function addErrorResponses(document: OpenAPIObject, facts: Map<string, RouteFacts>): void {
  const errorRef = { $ref: '#/components/schemas/ApiErrorDto' };
  document.components = {
    ...document.components,
    examples: Object.fromEntries(
      Object.entries(ERROR_EXAMPLES).map(([status, value]) => [
        `error${status}`,
        { summary: `${value.code} (${status})`, value },
      ]),
    ),
  };
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const routeFact = facts.get(operation.operationId ?? '') ?? {
        isPublic: false,
        rateLimited: false,
        status: 200,
      };
      for (const [status, description] of Object.entries(
        expectedErrors(method, path, operation, routeFact),
      )) {
        const existing = operation.responses[status] as ResponseObject | undefined;
        // a route may answer an error status with its own body (readiness: 503 with the health report)
        if (existing?.content?.['application/json']?.schema) continue;
        operation.responses[status] = {
          description: existing?.description || description,
          content: {
            'application/json': {
              schema: errorRef,
              // named once in components.examples, referenced from every operation
              examples: { [`error${status}`]: { $ref: `#/components/examples/error${status}` } },
            },
          },
        };
      }
    }
  }
}

/** Keys of `paths`, of each operation's `responses` and of `components.schemas` in order, so the file diffs well. */
function sortDocument(document: OpenAPIObject): OpenAPIObject {
  const sorted = <T>(record: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  document.paths = sorted(document.paths);
  for (const item of Object.values(document.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (operation) operation.responses = sorted(operation.responses);
    }
  }
  if (document.components?.schemas)
    document.components.schemas = sorted(document.components.schemas as Record<string, SchemaObject>);
  return document;
}

/**
 * The OpenAPI document: the compiler plugin's metadata (committed `openapi-metadata.ts`, written by
 * `npm run openapi`) loaded first, then the routes, then the shared error responses. Served at
 * /api/docs-json and committed as apps/api/openapi.json.
 */
export async function createOpenApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  // evaluated once (it imports every DTO module): both the plugin loader and the union fix read it
  const loaded = await metadata();
  await SwaggerModule.loadPluginMetadata(async () => loaded);
  await preferPluginTypesOverUnionObjects(loaded);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('River-outfall platform API 入河排污口排查整治平台')
      .setDescription(
        'REST API. Errors: `ApiErrorDto` `{ code, message, details: [{ field, message }], requestId }`. Lists take ' +
          '`limit` (1–200), `offset` and `sort` (comma list, `-` for descending) and answer `{ items, total, limit, offset }`.',
      )
      .setVersion(APP_VERSION)
      .addBearerAuth()
      .addApiKey({ type: 'apiKey', name: 'X-API-Key', in: 'header' }, 'api-key')
      .build(),
    { extraModels: [ApiErrorDto, FieldErrorDto] },
  );
  addErrorResponses(document, routeFacts(app));
  return sortDocument(document);
}
