export * from './lib/embedded-postgres';
export * from './lib/snake-naming.strategy';
export * from './lib/data-source-options';
export * from './lib/database.module';
export * from './lib/database-logger';
export * from './lib/select-bytes';
