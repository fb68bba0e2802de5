import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
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
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiConsumes,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
  ApiCreatedResponse,
} from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  Principal,
  RequirePermissions,
  XLSX_CONTENT_TYPE,
  XLSX_MEDIA_TYPE,
} from '@outfall/common';
import { ImportMode, MAX_IMPORT_BYTES, plainFilter, UploadedSpreadsheet } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission, SOURCE_LIST_KIND_LABELS } from '@outfall/shared-types';
import {
  BasinImportDto,
  CandidateQueryDto,
  CandidateSourcesResponse,
  CreateSourceListItemDto,
  RematchResponse,
  SourceListFilterDto,
  SourceListGeojsonResponse,
  SourceListImportDto,
  SourceListItemResponse,
  SourceListPageResponse,
  SourceListQueryDto,
  TemplateQueryDto,
  UpdateSourceListItemDto,
  WaterBasinResponse,
  WaterBodyBasinDto,
} from './dto/source-lists.dto';
import { SOURCE_LIST_EXPORT_JOB } from './exports/source-list-export.job';
import { SourceListImportJob } from './imports/source-list-import.job';
import { SourceListsService } from './items/source-lists.service';
import { WaterBasinService } from './water-basin/water-basin.service';

const xlsx = async (buffer: Promise<Buffer>, name: string) =>
  new StreamableFile(await buffer, {
    type: XLSX_CONTENT_TYPE,
    disposition: `attachment; filename*=UTF-8''${encodeURIComponent(name)}`,
  });

/**
 * The departments' base data (部门基础清单, the plan's 四 职责分工 and 三(一)3): industrial-enterprise, livestock
 * and aquaculture lists kept by the sector departments, candidate sources near an outfall, and the water
 * bureau's basin area and river length.
 */
@ApiTags('source-lists')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class SourceListsController {
  constructor(
    private readonly lists: SourceListsService,
    private readonly imports: SourceListImportJob,
    private readonly basins: WaterBasinService,
    private readonly queue: QueueService,
  ) {}

  /** List items filtered by kind, keeping unit, township, industry code, matched and text; sorted, paged. */
  @Get('source-lists/items')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SourceListPageResponse })
  list(@CurrentPrincipal() principal: Principal, @Query() query: SourceListQueryDto) {
    return this.lists.list(principal, query);
  }

  /** The items as GeoJSON points, for the map layer. */
  @Get('source-lists/geojson')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SourceListGeojsonResponse, description: 'GeoJSON FeatureCollection of points' })
  geojson(@CurrentPrincipal() principal: Principal, @Query() filter: SourceListFilterDto) {
    return this.lists.geojson(principal, filter);
  }

  /** One pollution-source list item. */
  @Get('source-lists/items/:id')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SourceListItemResponse })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.lists.get(principal, id);
  }

  /** Adds a pollution-source list item. */
  @Post('source-lists/items')
  @RequirePermissions(Permission.SourceListWrite)
  @ApiCreatedResponse({ type: SourceListItemResponse })
  create(@CurrentPrincipal() principal: Principal, @Body() input: CreateSourceListItemDto) {
    return this.lists.create(principal, input);
  }

  /** Updates a pollution-source list item. */
  @Patch('source-lists/items/:id')
  @RequirePermissions(Permission.SourceListWrite)
  @ApiOkResponse({ type: SourceListItemResponse })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateSourceListItemDto,
  ) {
    return this.lists.update(principal, id, input);
  }

  /** Deletes a pollution-source list item. */
  @Delete('source-lists/items/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.SourceListWrite)
  @ApiNoContentResponse()
  async remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    await this.lists.remove(principal, id);
  }

  /** Matches the caller's items to responsible entities again (entities registered after the import). */
  @Post('source-lists/rematch')
  @HttpCode(HttpStatus.OK)
  @RequirePermissions(Permission.SourceListWrite)
  @ApiOkResponse({ type: RematchResponse })
  rematch(@CurrentPrincipal() principal: Principal) {
    return this.lists.rematch(principal);
  }

  /** Downloads the XLSX template for importing pollution-source list items. */
  @Get('source-lists/template')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('XLSX template of the list', XLSX_MEDIA_TYPE)
  template(@Query() query: TemplateQueryDto): Promise<StreamableFile> {
    return xlsx(this.imports.template(query.kind), `${SOURCE_LIST_KIND_LABELS[query.kind].zh}清单模板.xlsx`);
  }

  /** Imports a department's list (XLSX/CSV) as a queued job; the result lists every bad row's problems. */
  @Post('source-lists/imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.SourceListWrite)
  @ApiConsumes('multipart/form-data')
  @ApiAcceptedResponse({ type: JobDto })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async import(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: SourceListImportDto,
  ): Promise<JobDto> {
    return toJobDto(
      await this.imports.start(
        principal,
        file,
        body.kind,
        body.mode ?? ImportMode.AllOrNothing,
        body.replace ?? false,
        body.ownerUnitId,
      ),
    );
  }

  /** Queues the XLSX export of the lists (one sheet per kind) for the filters, within the caller's jurisdiction. */
  @Post('source-lists/exports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto })
  async export(@Body() filter: SourceListFilterDto): Promise<JobDto> {
    return toJobDto(await this.queue.enqueue(SOURCE_LIST_EXPORT_JOB, { filter: plainFilter(filter) }));
  }

  /** List items near the outfall (default SOURCE_CANDIDATE_DISTANCE_M), nearest first, for tracing. */
  @Get('outfalls/:id/candidate-sources')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: CandidateSourcesResponse })
  candidates(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CandidateQueryDto,
  ) {
    return this.lists.candidates(principal, id, query);
  }

  /** The water bureau's basin area (km²) and river length (km) of a water body. */
  @Put('water-bodies/:id/basin-data')
  @RequirePermissions(Permission.LayerWrite)
  @ApiOkResponse({
    type: WaterBasinResponse,
    description: 'The water body with its basin area and river length',
  })
  setBasin(@Param('id', ParseUUIDPipe) id: string, @Body() input: WaterBodyBasinDto) {
    return this.basins.set(id, input);
  }

  /** Downloads the XLSX template for importing basin data. */
  @Get('water-bodies/basin-data/template')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('XLSX template: 水体编码, 水体名称, 流域面积（km²）, 河长（km）', XLSX_MEDIA_TYPE)
  basinTemplate(): Promise<StreamableFile> {
    return xlsx(this.imports.basinTemplate(), '流域面积与河长模板.xlsx');
  }

  /** Queues an import of basin data from an uploaded file; poll the job. */
  @Post('water-bodies/basin-data/imports')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.LayerWrite)
  @ApiConsumes('multipart/form-data')
  @ApiAcceptedResponse({ type: JobDto })
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_IMPORT_BYTES, files: 1 } }))
  async importBasin(
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: BasinImportDto,
  ): Promise<JobDto> {
    return toJobDto(await this.imports.startBasin(file, body.mode ?? ImportMode.AllOrNothing));
  }
}
