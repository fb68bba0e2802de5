import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ImportRequestDto } from '../dto/import.dto';
import { ImportMode } from '../imports/import-run';
import {
  MAX_IMPORT_BYTES,
  OutfallImportService,
  UploadedSpreadsheet,
} from '../imports/outfall-import.service';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import {
  CreateEntityDto,
  EntityFilterDto,
  EntityQueryDto,
  ResponsibleEntityView,
  ResponsibleEntityViewPage,
  UpdateEntityDto,
} from '../dto/entity.dto';
import { DIRECTORY_EXPORT_JOB, plainFilter } from '../exports/directory-export.job';
import { ResponsibleEntitiesService } from './responsible-entities.service';

/** 责任主体清单: the responsible-entity list. */
@ApiTags('responsible-entities')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('responsible-entities')
export class ResponsibleEntitiesController {
  constructor(
    private readonly entities: ResponsibleEntitiesService,
    private readonly queue: QueueService,
    private readonly imports: OutfallImportService,
  ) {}

  /** Responsible entities (enterprises, units), filtered, one page. */
  @Get()
  @RequirePermissions(Permission.DirectoryRead)
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: EntityQueryDto,
  ): Promise<ResponsibleEntityViewPage> {
    return this.entities.list(principal, query);
  }

  /** Queues an XLSX export of the responsible-entity list (责任主体清单) with the list's filters. */
  @Post('exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  async export(@Body() filter: EntityFilterDto): Promise<JobDto> {
    return toJobDto(
      await this.queue.enqueue(DIRECTORY_EXPORT_JOB, { kind: 'entities', filter: plainFilter(filter) }),
    );
  }

  /** Imports the entity list from XLSX or CSV as a queued job (columns as in the export). */
  @Post('imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryWrite)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async import(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: ImportRequestDto,
  ): Promise<JobDto> {
    return toJobDto(await this.imports.start(file, body.mode ?? ImportMode.AllOrNothing, 'entities'));
  }

  /** One responsible entity. */
  @Get(':id')
  @RequirePermissions(Permission.DirectoryRead)
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<ResponsibleEntityView> {
    return this.entities.get(principal, id);
  }

  /** Registers a responsible entity. */
  @Post()
  @RequirePermissions(Permission.DirectoryWrite)
  create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateEntityDto,
  ): Promise<ResponsibleEntityView> {
    return this.entities.create(principal, input);
  }

  /** Updates a responsible entity. */
  @Patch(':id')
  @RequirePermissions(Permission.DirectoryWrite)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateEntityDto,
  ): Promise<ResponsibleEntityView> {
    return this.entities.update(principal, id, input);
  }
}
