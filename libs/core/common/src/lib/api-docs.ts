import { applyDecorators, Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';
import { ApiOkResponse, ApiProduces, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, PageResult } from './pagination';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A handler that answers a file rather than JSON: the media types it may send (`*\/*` for a stored upload
 * answered with its own type) and a binary body. The OpenAPI contract test requires this on downloads.
 */
export function ApiFileResponse(description: string, ...mediaTypes: [string, ...string[]]) {
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } }),
  );
}

const pages = new Map<Type<unknown>, Type<PageResult<unknown>>>();

/**
 * The REST page of `item`: `{ items, total, limit, offset, totalIsEstimate? }`, as `paginate` answers it.
 * Declare one named class per item type and return it from the list handler, so the plugin documents the
 * page: `export class UnitPage extends PageOf(UnitDto) {}` … `list(): Promise<UnitPage>`.
 */
export function PageOf<T>(item: Type<T>): Type<PageResult<T>> {
  const known = pages.get(item);
  if (known) return known as Type<PageResult<T>>;
  abstract class Page implements PageResult<T> {
    @ApiProperty({ type: () => [item] })
    items: T[];

    @ApiProperty({ type: 'integer', minimum: 0, example: 42, description: 'Rows matching the filters' })
    total: number;

    @ApiProperty({ type: 'integer', minimum: 1, maximum: MAX_PAGE_SIZE, example: DEFAULT_PAGE_SIZE })
    limit: number;

    @ApiProperty({ type: 'integer', minimum: 0, example: 0 })
    offset: number;

    @ApiPropertyOptional({
      description:
        'True when `total` came from the short-lived count cache (a few seconds old); absent or false: exact',
    })
    totalIsEstimate?: boolean;
  }
  pages.set(item, Page as Type<PageResult<unknown>>);
  return Page as Type<PageResult<T>>;
}

/** One GeoJSON feature (WGS 84). */
export class GeoJsonFeatureDto {
  @ApiProperty({ enum: ['Feature'], enumName: 'GeoJsonFeatureType' })
  type: 'Feature';

  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    nullable: true,
    description: 'GeoJSON geometry',
  })
  geometry: Record<string, unknown> | null;

  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  properties: Record<string, unknown> | null;
}

/** A GeoJSON FeatureCollection, as the map layers are answered. */
export class GeoJsonFeatureCollectionDto {
  @ApiProperty({ enum: ['FeatureCollection'], enumName: 'GeoJsonFeatureCollectionType' })
  type: 'FeatureCollection';

  @ApiProperty({ type: [GeoJsonFeatureDto] })
  features: GeoJsonFeatureDto[];
}

/** A GeoJSON feature of a stored row: the row id, its geometry and its other columns as `properties`. */
export interface GeoJsonFeatureOf<P> {
  type: 'Feature';
  id: string;
  geometry: object;
  properties: P;
}

/** A GeoJSON FeatureCollection of stored rows. */
export interface GeoJsonCollectionOf<P> {
  type: 'FeatureCollection';
  features: GeoJsonFeatureOf<P>[];
}

/**
 * The FeatureCollection of rows whose properties are `properties`, its feature schema named `featureName`:
 * `export class DivisionBoundaryCollection extends FeatureCollectionOf(DivisionBoundaryProperties,
 * 'DivisionBoundaryFeature') {}`, returned from the handler like a page.
 */
export function FeatureCollectionOf<P>(
  properties: Type<P>,
  featureName: string,
): Type<GeoJsonCollectionOf<P>> {
  class Feature implements GeoJsonFeatureOf<P> {
    @ApiProperty({ enum: ['Feature'], enumName: 'GeoJsonFeatureType' })
    type: 'Feature';

    @ApiProperty({ format: 'uuid' })
    id: string;

    @ApiProperty({ type: 'object', additionalProperties: true, description: 'GeoJSON geometry (WGS 84)' })
    geometry: object;

    @ApiProperty({ type: () => properties })
    properties: P;
  }
  Object.defineProperty(Feature, 'name', { value: featureName });

  abstract class Collection implements GeoJsonCollectionOf<P> {
    @ApiProperty({ enum: ['FeatureCollection'], enumName: 'GeoJsonFeatureCollectionType' })
    type: 'FeatureCollection';

    @ApiProperty({ type: () => [Feature] })
    features: Feature[];
  }
  return Collection as Type<GeoJsonCollectionOf<P>>;
}

/** A sentence in Chinese and in English (a reason, an explanation). */
@ObjectType('BilingualText')
export class BilingualText {
  @ApiProperty() @Field() zh: string;
  @ApiProperty() @Field() en: string;
}
