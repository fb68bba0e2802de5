export * from './lib/standards/standard-rule';
export * from './lib/standards/standards.catalogue';
export * from './lib/standards/standard-resolver';
