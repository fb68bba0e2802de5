export * from './lib/label';
export * from './lib/audit-labels';
export * from './lib/role';
export * from './lib/org';
export * from './lib/api';
export * from './lib/directory';
export * from './lib/monitoring';
export * from './lib/remediation';
export * from './lib/progress';
export * from './lib/setup-review';
export * from './lib/source-lists';
export * from './lib/signage';
export * from './lib/enforcement';
export * from './lib/patrols';
export * from './lib/permits';
export * from './lib/submissions';
export * from './lib/tasks';
export * from './lib/dispatch-report';
export * from './lib/webhooks';
// the REST contract's types, generated from apps/api/openapi.json (`npm run openapi`), for openapi-fetch clients
export type {
  paths as ApiPaths,
  components as ApiComponents,
  operations as ApiOperations,
} from './lib/api-schema.gen';
