export * from './lib/backup.format';
export * from './lib/backup.service';
export * from './lib/control-channel';
export * from './lib/backup.module';
export * from './lib/backup.command';
export * from './lib/backup-control.controller';
