export * from './lib/audit-log.entity';
export * from './lib/audit.service';
export * from './lib/audit-diff.util';
export * from './lib/dto/audit-query.dto';
export * from './lib/jobs/audit-export.job';
export * from './lib/audit.module';
