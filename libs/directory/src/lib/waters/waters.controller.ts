import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
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
import { ApiBearerAuth, ApiConsumes, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { FileInterceptor } from '@nestjs/platform-express';
import { ImportMode } from '../imports/import-run';
import { LayerImportService } from '../imports/layer-import.service';
import type { UploadedSpreadsheet } from '../imports/outfall-import.service';
import { LayerImportDto, LayerImportResult } from '../dto/import.dto';
import {
  CurrentPrincipal,
  GeoJsonFeatureCollectionDto,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { Permission } from '@outfall/shared-types';
import {
  CreateFunctionZoneDto,
  CreateProtectedAreaDto,
  CreateWaterBodyDto,
  FunctionZonePage,
  FunctionZoneQueryDto,
  LayerQueryDto,
  MapConfigDto,
  ProtectedAreaPage,
  ProtectedAreaQueryDto,
  UpdateProtectedAreaDto,
  UpdateWaterBodyDto,
  WaterBodyPage,
  WaterQueryDto,
} from '../dto/water.dto';
import { mapConfigOf, WatersService } from './waters.service';
import { WaterBody } from './water-body.entity';

/** Reference layers: everyone with directory access reads them; the ecology branch, the water bureau and admins maintain them. */
@ApiTags('waters')
@ApiBearerAuth()
@Controller()
export class WatersController {
  constructor(
    private readonly waters: WatersService,
    private readonly layers: LayerImportService,
    private readonly config: AppConfig,
  ) {}

  /**
   * What the map needs besides its layers: the basemap (an XYZ URL template from MAP_BASEMAP_URL, null = vector
   * layers only, offline) and the key-area distance its buffer layer shows. Signed-in users only (a 天地图 key
   * stays off the public meta).
   */
  @Get('map/config')
  @RequirePermissions(Permission.DirectoryRead)
  mapConfig(): MapConfigDto {
    return mapConfigOf(this.config);
  }

  /** Water bodies (rivers, lakes, reservoirs), one page. */
  @Get('water-bodies')
  @RequirePermissions(Permission.DirectoryRead)
  listWaterBodies(@Query() query: WaterQueryDto): Promise<WaterBodyPage> {
    return this.waters.listWaterBodies(query);
  }

  /** Water bodies as GeoJSON (shoreline where known, else centre line), for maps; `bbox` optional. */
  @Get('water-bodies/geojson')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    type: GeoJsonFeatureCollectionDto,
    description: 'GeoJSON FeatureCollection (properties: code, name, kind, isKey)',
  })
  waterBodiesGeojson(@Query() query: LayerQueryDto): Promise<string> {
    return this.waters.layerGeojson('water_body', query.bbox);
  }

  /** The key rivers' key area: KEY_AREA_DISTANCE_M (1 km) around shoreline and centre line, as GeoJSON polygons. */
  @Get('water-bodies/key-buffer/geojson')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    type: GeoJsonFeatureCollectionDto,
    description: 'GeoJSON FeatureCollection of MultiPolygons (properties: code, name, distanceM)',
  })
  keyBufferGeojson(@Query() query: LayerQueryDto): Promise<string> {
    return this.waters.layerGeojson('key_buffer', query.bbox);
  }

  /** One water body. */
  @Get('water-bodies/:id')
  @RequirePermissions(Permission.DirectoryRead)
  getWaterBody(@Param('id', ParseUUIDPipe) id: string): Promise<WaterBody> {
    return this.waters.getWaterBody(id);
  }

  /** Creates a water body. */
  @Post('water-bodies')
  @RequirePermissions(Permission.LayerWrite)
  createWaterBody(@Body() input: CreateWaterBodyDto): Promise<WaterBody> {
    return this.waters.createWaterBody(input);
  }

  /** Updates a water body. */
  @Patch('water-bodies/:id')
  @RequirePermissions(Permission.LayerWrite)
  updateWaterBody(
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateWaterBodyDto,
  ): Promise<WaterBody> {
    return this.waters.updateWaterBody(id, input);
  }

  /** Water function zones, one page. */
  @Get('function-zones')
  @RequirePermissions(Permission.DirectoryRead)
  listFunctionZones(@Query() query: FunctionZoneQueryDto): Promise<FunctionZonePage> {
    return this.waters.listFunctionZones(query);
  }

  /** Water-function zones with a geometry as GeoJSON, for maps; `bbox` optional. */
  @Get('function-zones/geojson')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    type: GeoJsonFeatureCollectionDto,
    description:
      'GeoJSON FeatureCollection (properties: name, waterBodyId, waterBody, targetClass, targetMet)',
  })
  functionZonesGeojson(@Query() query: LayerQueryDto): Promise<string> {
    return this.waters.layerGeojson('function_zone', query.bbox);
  }

  /** Creates a water function zone. */
  @Post('function-zones')
  @RequirePermissions(Permission.LayerWrite)
  createFunctionZone(@Body() input: CreateFunctionZoneDto) {
    return this.waters.createFunctionZone(input);
  }

  /** Drinking-water protected areas, one page. */
  @Get('protected-areas')
  @RequirePermissions(Permission.DirectoryRead)
  listProtectedAreas(@Query() query: ProtectedAreaQueryDto): Promise<ProtectedAreaPage> {
    return this.waters.listProtectedAreas(query);
  }

  /** Protected areas as GeoJSON polygons, for maps; `bbox` optional. */
  @Get('protected-areas/geojson')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'application/json; charset=utf-8')
  @ApiOkResponse({
    type: GeoJsonFeatureCollectionDto,
    description: 'GeoJSON FeatureCollection (properties: name, kind, designatedOn)',
  })
  protectedAreasGeojson(@Query() query: LayerQueryDto): Promise<string> {
    return this.waters.layerGeojson('protected_area', query.bbox);
  }

  /** Creates a protected area. */
  @Post('protected-areas')
  @RequirePermissions(Permission.LayerWrite)
  createProtectedArea(@Body() input: CreateProtectedAreaDto) {
    return this.waters.createProtectedArea(input);
  }

  /** Updates a protected area. */
  @Patch('protected-areas/:id')
  @RequirePermissions(Permission.LayerWrite)
  updateProtectedArea(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateProtectedAreaDto) {
    return this.waters.updateProtectedArea(id, input);
  }

  /** Deletes a protected area. */
  @Delete('protected-areas/:id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.LayerWrite)
  deleteProtectedArea(@Param('id', ParseUUIDPipe) id: string) {
    return this.waters.deleteProtectedArea(id);
  }

  /**
   * Imports a layer from a GeoJSON FeatureCollection or an XLSX sheet (geometry column: GeoJSON or WKT).
   * Keys: water-body code, zone name on its water, protected-area name, division code (layer `divisions`:
   * township boundaries, system administrators only; outfalls' townships are derived again). Properties by
   * English or Chinese name (编码, 名称, 类型, 级别, 重点河流, 水体, 水质目标, 划定日期, 区划代码, 来源, 几何).
   */
  @Post('layers/imports')
  @RequirePermissions(Permission.LayerWrite)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: 50 * 1024 * 1024, files: 1 } }))
  importLayer(
    @CurrentPrincipal() principal: Principal,
    @UploadedFile() file: UploadedSpreadsheet | undefined,
    @Body() body: LayerImportDto,
  ): Promise<LayerImportResult> {
    return this.layers.import(principal, body.layer, file, body.mode ?? ImportMode.AllOrNothing);
  }
}
