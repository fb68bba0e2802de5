export * from './lib/enforcement.module';
export * from './lib/enforcement-case.entity';
export * from './lib/enforcement.dto';
export * from './lib/enforcement.exception';
export * from './lib/enforcement.service';
export * from './lib/case-workflow';
export * from './lib/enforcement-ledger.job';
