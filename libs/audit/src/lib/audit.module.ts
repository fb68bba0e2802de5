import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditController } from './audit.controller';
import { AuditExportService } from './audit-export.service';
import { AuditLog } from './audit-log.entity';
import { AuditResolver } from './audit.resolver';
import { AuditService } from './audit.service';
import { AuditExportJob } from './jobs/audit-export.job';

@Global()
@Module({
  imports: [TypeOrmModule.forFeature([AuditLog])],
  controllers: [AuditController],
  providers: [AuditService, AuditExportService, AuditResolver, AuditExportJob],
  exports: [AuditService],
})
export class AuditModule {}
