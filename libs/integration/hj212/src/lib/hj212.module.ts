import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { IamModule } from '@outfall/iam';
import { MonitoringModule } from '@outfall/monitoring';
import { Hj212Controller } from './hj212.controller';
import { Hj212IngestService } from './hj212-ingest.service';
import { Hj212Resolver } from './hj212.resolver';
import { Hj212Server } from './hj212.server';
import { Hj212PacketRecord, OnlineMonitor } from './online-monitor.entity';
import { OnlineMonitorsService } from './online-monitors.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const HJ212_ENTITIES: (new (...args: never[]) => object)[] = [OnlineMonitor, Hj212PacketRecord];

/** HJ 212-2017 online-monitoring ingest: the station registry and the TCP listener. */
@Module({
  imports: [DirectoryModule, MonitoringModule, IamModule, TypeOrmModule.forFeature(HJ212_ENTITIES)],
  controllers: [Hj212Controller],
  providers: [OnlineMonitorsService, Hj212IngestService, Hj212Server, Hj212Resolver],
  exports: [OnlineMonitorsService, Hj212Server, Hj212IngestService],
})
export class Hj212Module {}
