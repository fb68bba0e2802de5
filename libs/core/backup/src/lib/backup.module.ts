import { Module } from '@nestjs/common';
import { BackupControlController, ControlToken } from './backup-control.controller';
import { BackupService } from './backup.service';

/** Backup and restore (see BackupService); the control endpoint lets `cli backup` reach a running server. */
@Module({
  controllers: [BackupControlController],
  providers: [BackupService, ControlToken],
  exports: [BackupService, ControlToken],
})
export class BackupModule {}
