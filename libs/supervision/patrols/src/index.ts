export * from './lib/patrols.module';
export * from './lib/patrol.entity';
export * from './lib/patrols.service';
export * from './lib/patrols.exception';
export * from './lib/schedule.rules';
export * from './lib/dto/patrols.dto';
export * from './lib/dto/patrols.responses';
export * from './lib/ledger/patrol-ledger.job';
