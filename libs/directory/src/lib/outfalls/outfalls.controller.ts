import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Param,
  ParseEnumPipe,
  ParseUUIDPipe,
  Patch,
  Post,
  Put,
  Query,
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ImportRequestDto } from '../dto/import.dto';
import { ImportMode } from '../imports/import-run';
import {
  MAX_IMPORT_BYTES,
  OutfallImportService,
  UploadedSpreadsheet,
} from '../imports/outfall-import.service';
import {
  ApiFileResponse,
  CurrentPrincipal,
  DomainException,
  GeoJsonFeatureCollectionDto,
  JsonText,
  PageResult,
  Principal,
  RequirePermissions,
  XLSX_MEDIA_TYPE,
} from '@outfall/common';
import { MilestoneType, Permission } from '@outfall/shared-types';
import { SetEntityLinksDto } from '../dto/entity.dto';
import {
  CreateOutfallDto,
  MergeOutfallDto,
  MilestoneDto,
  OutfallFilterDto,
  OutfallGeojsonQueryDto,
  OutfallPageDto,
  OutfallQueryDto,
  UpdateOutfallDto,
} from '../dto/outfall.dto';
import { DIRECTORY_EXPORT_JOB, plainFilter } from '../exports/directory-export.job';
import { OutfallDetailDto, OutfallView, OutfallViewDto, toOutfallView } from './outfall.dto';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { OutfallsService } from './outfalls.service';

/** Declared as `string` on the handler: an enum-typed param would be treated as a class by the global ValidationPipe. */
const MILESTONE_TYPE = new ParseEnumPipe(MilestoneType, {
  exceptionFactory: () =>
    DomainException.invalid('type', `type must be one of: ${Object.values(MilestoneType).join(', ')}`),
});

@ApiTags('outfalls')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('outfalls')
export class OutfallsController {
  constructor(
    private readonly outfalls: OutfallsService,
    private readonly queue: QueueService,
    private readonly imports: OutfallImportService,
  ) {}

  /** The directory (排污口名录), filtered, sorted and paginated. */
  @Get()
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: OutfallPageDto })
  list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: OutfallQueryDto,
  ): Promise<JsonText<PageResult<OutfallView>>> {
    // the page (`PageResult<OutfallView>`) comes as JSON text from PostgreSQL
    return this.outfalls.listPage(principal, query);
  }

  /** The same filters as a GeoJSON FeatureCollection of points (`limit`, default 5 000, at most 100 000), for maps. */
  @Get('geojson')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    description:
      'GeoJSON FeatureCollection of Point features (properties: id, localCode, name, category, area, banCandidate, duplicateCount, stage (furthest milestone or null), overdue (remediation plan past its deadline), exceeding (latest sample exceeds))',
    type: GeoJsonFeatureCollectionDto,
  })
  geojson(
    @CurrentPrincipal() principal: Principal,
    @Query() { limit, ...filter }: OutfallGeojsonQueryDto,
  ): Promise<JsonText<GeoJsonFeatureCollectionDto>> {
    // the JSON text comes ready from PostgreSQL
    return this.outfalls.geojson(principal, filter, limit);
  }

  /** Queues an XLSX export of the directory (排污口名录) with the list's filters; poll `GET /jobs/:id`. */
  @Post('exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  async export(@Body() filter: OutfallFilterDto): Promise<JobDto> {
    return toJobDto(
      await this.queue.enqueue(DIRECTORY_EXPORT_JOB, { kind: 'outfalls', filter: plainFilter(filter) }),
    );
  }

  /** The XLSX import template (Chinese headers, notes, allowed values). */
  @Get('import-template')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('XLSX template', XLSX_MEDIA_TYPE)
  async template(): Promise<StreamableFile> {
    return new StreamableFile(await this.imports.template(), {
      type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent('排污口名录导入模板.xlsx')}`,
    });
  }

  /**
   * Imports outfalls from an XLSX or CSV (UTF-8 or GBK/GB18030) as a queued job. `mode`: all_or_nothing
   * (default) writes nothing when any row is bad; valid_only writes the good rows. The job result lists
   * every bad row with its reason.
   */
  @Post('imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryWrite)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async import(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: ImportRequestDto,
  ): Promise<JobDto> {
    return toJobDto(await this.imports.start(file, body.mode ?? ImportMode.AllOrNothing));
  }

  /** One outfall with its details. */
  @Get(':id')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({ type: OutfallDetailDto })
  get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<JsonText<OutfallDetailDto>> {
    // the card comes as JSON text from PostgreSQL (`card`)
    return this.outfalls.card(principal, id);
  }

  /** Registers an outfall. */
  @Post()
  @RequirePermissions(Permission.DirectoryWrite)
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() input: CreateOutfallDto,
  ): Promise<OutfallViewDto> {
    return toOutfallView(await this.outfalls.create(principal, input));
  }

  /** Updates an outfall. */
  @Patch(':id')
  @RequirePermissions(Permission.DirectoryWrite)
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateOutfallDto,
  ): Promise<OutfallViewDto> {
    return toOutfallView(await this.outfalls.update(principal, id, input));
  }

  /** Enters or corrects a dated milestone (historical dates allowed, never in the future). */
  @Put(':id/milestones/:type')
  @RequirePermissions(Permission.DirectoryWrite)
  setMilestone(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('type', MILESTONE_TYPE) type: string,
    @Body() input: MilestoneDto,
  ) {
    return this.outfalls.setMilestone(principal, id, type as MilestoneType, input);
  }

  /** Deletes a back-entered milestone of an outfall. */
  @Delete(':id/milestones/:type')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.DirectoryWrite)
  deleteMilestone(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('type', MILESTONE_TYPE) type: string,
  ) {
    return this.outfalls.deleteMilestone(principal, id, type as MilestoneType);
  }

  /** Replaces the outfall's responsible entities (exactly one main; none → township fallback). */
  @Put(':id/entities')
  @RequirePermissions(Permission.DirectoryWrite)
  setEntities(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: SetEntityLinksDto,
  ) {
    return this.outfalls.setEntities(principal, id, input.links);
  }

  /** Merges this (duplicate) outfall into another: everything attached moves, this one is closed. */
  @Post(':id/merge')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.DirectoryWrite)
  async merge(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: MergeOutfallDto,
  ): Promise<OutfallViewDto> {
    return toOutfallView(await this.outfalls.merge(principal, id, input));
  }
}
