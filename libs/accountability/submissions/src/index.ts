export * from './lib/submissions.module';
export * from './lib/assessment-inputs';
export * from './lib/assessment.formula';
export * from './lib/assessment.service';
export * from './lib/notices.service';
export * from './lib/submissions.service';
export * from './lib/submissions.entities';
export * from './lib/upward-package.job';
