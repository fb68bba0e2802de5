export * from './lib/setup-review.module';
export * from './lib/setup-application.entity';
export * from './lib/setup-review.service';
export * from './lib/setup-notifications.service';
export * from './lib/setup-rules';
export * from './lib/setup-review.exception';
export * from './lib/dto/setup-review.dto';
export * from './lib/ledgers/setup-review-ledger.job';
