import { Module } from '@nestjs/common';
import { SyncController } from './sync.controller';
import { SyncResolver } from './sync.resolver';
import { SyncService } from './sync.service';

/**
 * Incremental sync (docs/sync.md): the change log is written by database triggers (migration
 * 1769100000000), so this module only reads it. No entity of its own.
 */
@Module({
  controllers: [SyncController],
  providers: [SyncService, SyncResolver],
})
export class SyncModule {}
