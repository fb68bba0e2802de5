export * from './lib/progress.entities';
export * from './lib/progress.service';
export * from './lib/snapshots.service';
export * from './lib/dispatch-report.job';
export * from './lib/dispatch-report-sections';
export * from './lib/quarter.util';
export * from './lib/targets.defaults';
export * from './lib/progress.module';
