export * from './lib/queue-name.constant';
export * from './lib/job.types';
export * from './lib/job-record.entity';
export * from './lib/job-runner.service';
export * from './lib/queue.service';
export * from './lib/inline.driver';
export * from './lib/job.dto';
export * from './lib/queue.module';
