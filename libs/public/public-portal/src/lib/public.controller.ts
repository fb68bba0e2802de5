import { Controller, Get, Header, Param, Query, Res, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { GeoJsonFeatureCollectionDto, ListQueryDto, Public } from '@outfall/common';
import { PublishedSetupPageDto } from '@outfall/setup-review';
import type { Response } from 'express';
import { PublicCache } from './public-cache';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { PublicOutfallsService } from './public-outfalls.service';
import {
  PublicFiltersDto,
  PublicMapQueryDto,
  PublicOutfallDto,
  PublicOutfallPageDto,
  PublicOutfallQueryDto,
} from './publication.dto';

/**
 * The public read API (no login): published outfalls with the public fields of the effective configuration,
 * their map, and published setup approvals. Rate-limited per address; answers carry Cache-Control and an ETag
 * (a matching If-None-Match gets 304).
 */
@ApiTags('public')
@ApiTooManyRequestsResponse({ description: 'Over PUBLIC_RATE_LIMIT; Retry-After says when to retry' })
@Public()
@UseGuards(PublicRateLimitGuard)
@Controller('public')
export class PublicController {
  constructor(
    private readonly outfalls: PublicOutfallsService,
    private readonly cache: PublicCache,
  ) {}

  private cached(res: Response): void {
    const ttl = this.cache.ttlSeconds;
    res.setHeader('Cache-Control', ttl > 0 ? `public, max-age=${ttl}` : 'no-cache');
  }

  /** Published outfalls (filter by river, township, category when those are public; search code/name). */
  @Get('outfalls')
  @ApiOkResponse({ type: PublicOutfallPageDto })
  async list(@Query() query: PublicOutfallQueryDto, @Res({ passthrough: true }) res: Response) {
    const page = await this.outfalls.list(query);
    this.cached(res);
    return page;
  }

  /** GeoJSON FeatureCollection of the published outfalls (code, and name/category when public) in `bbox`. */
  @Get('outfalls/map')
  @Header('Content-Type', 'application/geo+json; charset=utf-8')
  @ApiProduces('application/geo+json')
  @ApiOkResponse({ type: GeoJsonFeatureCollectionDto, description: 'Published outfalls as Point features' })
  async map(@Query() query: PublicMapQueryDto, @Res({ passthrough: true }) res: Response) {
    const collection = await this.outfalls.map(query.bbox);
    this.cached(res);
    return collection;
  }

  /** The filter choices (waters, townships, categories) for the public dimensions, and the public fields. */
  @Get('outfalls/filters')
  @ApiOkResponse({ type: PublicFiltersDto })
  async filters(@Res({ passthrough: true }) res: Response) {
    const filters = await this.outfalls.filters();
    this.cached(res);
    return filters;
  }

  /** One published outfall by code (the page its sign's QR code opens); 404 for unknown and unpublished alike. */
  @Get('outfalls/:code')
  @ApiOkResponse({ type: PublicOutfallDto })
  async get(@Param('code') code: string, @Res({ passthrough: true }) res: Response) {
    const outfall = await this.outfalls.get(code);
    this.cached(res);
    return outfall;
  }

  /** Published setup approvals and registrations (设置审批与登记), the setup review's publication fields. */
  @Get('approvals')
  @ApiOkResponse({ type: PublishedSetupPageDto })
  async approvals(@Query() query: ListQueryDto, @Res({ passthrough: true }) res: Response) {
    const page = await this.outfalls.approvals(query);
    this.cached(res);
    return page;
  }
}
