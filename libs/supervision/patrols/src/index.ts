export * from './lib/patrols.module';
