export * from './lib/label';
export * from './lib/role';
export * from './lib/org';
export * from './lib/api';
export * from './lib/directory';
export * from './lib/monitoring';
export * from './lib/remediation';
export * from './lib/progress';
