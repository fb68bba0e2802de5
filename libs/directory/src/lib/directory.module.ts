import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { OrgModule } from '@outfall/org';
import { DirectoryExportJob } from './exports/directory-export.job';
import { EntityImportJob } from './imports/entity-import.job';
import { OutfallImportJob } from './imports/outfall-import.job';
import { OutfallImportService } from './imports/outfall-import.service';
import { LayerImportService } from './imports/layer-import.service';
import { OutfallAttachment } from './outfalls/outfall-attachment.entity';
import { OutfallAttachmentsController } from './outfalls/outfall-attachments.controller';
import { OutfallAttachmentsService } from './outfalls/outfall-attachments.service';
import { OutfallEntityLink } from './entities/outfall-entity-link.entity';
import { ResponsibleEntitiesController } from './entities/responsible-entities.controller';
import { ResponsibleEntitiesService } from './entities/responsible-entities.service';
import { ResponsibleEntity } from './entities/responsible-entity.entity';
import { OutfallCountCache } from './outfalls/outfall-count-cache';
import { OutfallDerivationService } from './outfalls/outfall-derivation.service';
import { OutfallDuplicate } from './outfalls/outfall-duplicate.entity';
import { OutfallEvent } from './outfalls/outfall-event.entity';
import { Outfall } from './outfalls/outfall.entity';
import { OutfallsController } from './outfalls/outfalls.controller';
import { OutfallAttachmentFieldsResolver, OutfallsResolver } from './outfalls/outfalls.resolver';
import { OutfallsService } from './outfalls/outfalls.service';
import { FunctionZone } from './waters/function-zone.entity';
import { ProtectedArea } from './waters/protected-area.entity';
import { WaterBody } from './waters/water-body.entity';
import { WatersController } from './waters/waters.controller';
import { WatersResolver } from './waters/waters.resolver';
import { WatersService } from './waters/waters.service';
import { ResponsibleEntitiesResolver } from './entities/responsible-entities.resolver';

/** The outfall directory (排污口名录), its reference layers and the responsible-entity list. */
@Module({
  imports: [
    OrgModule,
    TypeOrmModule.forFeature([
      WaterBody,
      FunctionZone,
      ProtectedArea,
      Outfall,
      OutfallEvent,
      OutfallDuplicate,
      ResponsibleEntity,
      OutfallEntityLink,
      OutfallAttachment,
    ]),
  ],
  controllers: [
    OutfallAttachmentsController,
    OutfallsController,
    ResponsibleEntitiesController,
    WatersController,
  ],
  providers: [
    OutfallCountCache,
    OutfallsService,
    OutfallDerivationService,
    ResponsibleEntitiesService,
    WatersService,
    OutfallsResolver,
    OutfallAttachmentFieldsResolver,
    WatersResolver,
    ResponsibleEntitiesResolver,
    DirectoryExportJob,
    OutfallImportJob,
    EntityImportJob,
    OutfallImportService,
    OutfallAttachmentsService,
    LayerImportService,
  ],
  exports: [OutfallsService, OutfallDerivationService, ResponsibleEntitiesService, WatersService],
})
export class DirectoryModule {}
