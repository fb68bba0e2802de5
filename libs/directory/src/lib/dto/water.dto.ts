import { ProtectedArea } from '../waters/protected-area.entity';
import { FunctionZone } from '../waters/function-zone.entity';
import { WaterBody } from '../waters/water-body.entity';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { CalendarDay, ListQueryDto, PageOf } from '@outfall/common';
import { ProtectedAreaKind, WaterClass, WaterKind, WaterLevel } from '@outfall/shared-types';
import { Transform } from 'class-transformer';
import {
  IsBoolean,
  IsEnum,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  Min,
} from 'class-validator';

const enumMessage = (name: string, values: object) =>
  `${name} must be one of: ${Object.values(values).join(', ')}`;
const toBool = ({ value }: { value: unknown }) =>
  value === 'true' ? true : value === 'false' ? false : value;

export class WaterQueryDto extends ListQueryDto {
  @IsOptional()
  @IsEnum(WaterKind, { message: enumMessage('kind', WaterKind) })
  kind?: WaterKind;
  @IsOptional()
  @Transform(toBool)
  @IsBoolean({ message: 'isKey must be true or false' })
  isKey?: boolean;
  @IsOptional() @IsString() @MaxLength(64) q?: string;
}

/** A map layer's query: only features meeting a bounding box (served by the layer's GiST index). */
/** A map basemap: an XYZ tile URL template (or several, separated by `|`) and its attribution. */
export class MapBasemapDto {
  /** e.g. a 天地图 WMTS template with {x}, {y}, {z} */
  url: string;
  attribution: string | null;
}

/** What the map needs besides its layers. */
export class MapConfigDto {
  /** null: no basemap, the vector layers only (works offline) */
  basemap: MapBasemapDto | null;
  /** The key-area distance the key-river buffer layer shows, in metres. */
  keyAreaDistanceM: number;
}

export class LayerQueryDto {
  @ApiPropertyOptional({ description: 'minLon,minLat,maxLon,maxLat', example: '87.0,43.9,87.5,44.2' })
  @IsOptional()
  @Matches(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, { message: 'bbox must be minLon,minLat,maxLon,maxLat' })
  bbox?: string;
}

export class CreateWaterBodyDto {
  @ApiProperty({ example: 'TTH' })
  @Matches(/^[A-Z][A-Z0-9]{1,15}$/, {
    message: 'code must be 2–16 capital letters or digits, starting with a letter',
  })
  code: string;

  @ApiProperty({ example: '头屯河' }) @IsString() @Length(1, 64) name: string;
  @IsEnum(WaterKind, { message: enumMessage('kind', WaterKind) })
  kind: WaterKind;
  @IsEnum(WaterLevel, { message: enumMessage('level', WaterLevel) })
  level: WaterLevel;
  @IsOptional() @IsBoolean() isKey?: boolean;
  @ApiPropertyOptional({ description: 'GeoJSON LineString or MultiLineString (WGS84)' })
  @IsOptional()
  @IsObject()
  centerline?: Record<string, unknown> | null;
  @ApiPropertyOptional({ description: 'GeoJSON Polygon or MultiPolygon (WGS84)' })
  @IsOptional()
  @IsObject()
  shoreline?: Record<string, unknown> | null;
}

export class UpdateWaterBodyDto {
  @IsOptional() @IsString() @Length(1, 64) name?: string;
  @IsOptional()
  @IsEnum(WaterKind, { message: enumMessage('kind', WaterKind) })
  kind?: WaterKind;
  @IsOptional()
  @IsEnum(WaterLevel, { message: enumMessage('level', WaterLevel) })
  level?: WaterLevel;
  @IsOptional() @IsBoolean() isKey?: boolean;
  @IsOptional() @IsObject() centerline?: Record<string, unknown> | null;
  @IsOptional() @IsObject() shoreline?: Record<string, unknown> | null;
  @IsInt() @Min(1) version: number;
}

export class FunctionZoneQueryDto extends ListQueryDto {
  @IsOptional()
  @IsUUID('all', { message: 'waterBodyId must be a UUID' })
  waterBodyId?: string;
}

export class CreateFunctionZoneDto {
  @IsString() @Length(1, 100) name: string;
  @IsUUID('all', { message: 'waterBodyId must be a UUID' }) waterBodyId: string;
  @IsEnum(WaterClass, { message: enumMessage('targetClass', WaterClass) })
  targetClass: WaterClass;
  @ApiPropertyOptional({
    nullable: true,
    description: 'Whether the zone meets its target class; omitted or null: unknown (needs review)',
  })
  @IsOptional()
  @IsBoolean({ message: 'targetMet must be true, false or null (unknown)' })
  targetMet?: boolean | null;
  @IsOptional() @IsObject() geometry?: Record<string, unknown> | null;
}

export class ProtectedAreaQueryDto extends IntersectionType(ListQueryDto) {
  @IsOptional()
  @IsEnum(ProtectedAreaKind, { message: enumMessage('kind', ProtectedAreaKind) })
  kind?: ProtectedAreaKind;
}

export class CreateProtectedAreaDto {
  @IsEnum(ProtectedAreaKind, { message: enumMessage('kind', ProtectedAreaKind) })
  kind: ProtectedAreaKind;
  @IsString() @Length(1, 100) name: string;
  @ApiPropertyOptional({ example: '2018-06-30' })
  @IsOptional()
  @CalendarDay()
  designatedOn?: string;
  @ApiProperty({ description: 'GeoJSON Polygon or MultiPolygon (WGS84)' })
  @IsObject({ message: 'geometry must be a GeoJSON object' })
  geometry: Record<string, unknown>;
}

export class UpdateProtectedAreaDto {
  @IsOptional() @IsString() @Length(1, 100) name?: string;
  @IsOptional()
  @CalendarDay()
  designatedOn?: string;
  @IsOptional() @IsObject() geometry?: Record<string, unknown>;
  @IsInt() @Min(1) version: number;
}

/** A page of WaterBody: `{ items, total, limit, offset }`. */
export class WaterBodyPage extends PageOf(WaterBody) {}

/** A page of FunctionZone: `{ items, total, limit, offset }`. */
export class FunctionZonePage extends PageOf(FunctionZone) {}

/** A page of ProtectedArea: `{ items, total, limit, offset }`. */
export class ProtectedAreaPage extends PageOf(ProtectedArea) {}
