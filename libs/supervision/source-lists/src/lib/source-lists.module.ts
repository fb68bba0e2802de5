import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryModule } from '@outfall/directory';
import { SourceListExportJob } from './exports/source-list-export.job';
import { SourceListImportJob } from './imports/source-list-import.job';
import { SourceListItem } from './items/source-list-item.entity';
import { SourceListsService } from './items/source-lists.service';
import { SourceListsController } from './source-lists.controller';
import { SourceListsResolver } from './source-lists.resolver';
import { WaterBasinService } from './water-basin/water-basin.service';

/** The entities of this domain; each one has its table in a committed migration. */
export const SOURCE_LISTS_ENTITIES: (new (...args: never[]) => object)[] = [SourceListItem];

/** 部门基础清单 (the departments' base data: industrial enterprises and farms). */
@Module({
  imports: [DirectoryModule, TypeOrmModule.forFeature(SOURCE_LISTS_ENTITIES)],
  controllers: [SourceListsController],
  providers: [
    SourceListsService,
    WaterBasinService,
    SourceListImportJob,
    SourceListExportJob,
    SourceListsResolver,
  ],
  exports: [SourceListsService, WaterBasinService],
})
export class SourceListsModule {}
