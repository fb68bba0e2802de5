export * from './lib/public-reports.module';
export * from './lib/public-report.entity';
export * from './lib/public-report.types';
export * from './lib/public-reports.service';
export * from './lib/proof-of-work';
export * from './lib/image-metadata';
export * from './lib/public-reports-report.section';
export * from './lib/public-reports.exception';
