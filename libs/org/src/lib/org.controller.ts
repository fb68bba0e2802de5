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
} from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { Division } from './division.entity';
import {
  CreateDivisionDto,
  CreateUnitDto,
  DivisionBoundaryCollection,
  DivisionPage,
  DivisionQueryDto,
  LiaisonDto,
  UnitDto,
  UnitPage,
  UnitQueryDto,
  UpdateDivisionDto,
  UpdateUnitDto,
} from './dto/org.dto';
import { OrgService } from './org.service';
import { toUnitDto } from './unit.mapper';

@ApiTags('divisions')
@ApiBearerAuth()
@Controller('divisions')
export class DivisionsController {
  constructor(private readonly org: OrgService) {}

  /** Administrative divisions, filtered, one page. */
  @Get()
  @RequirePermissions(Permission.OrgRead)
  list(@Query() query: DivisionQueryDto): Promise<DivisionPage> {
    return this.org.listDivisions(query);
  }

  /**
   * Township and sub-district boundaries as GeoJSON (loaded with `POST /layers/imports`, layer `divisions`);
   * `boundarySource` says where each comes from (demo boundaries are 合成 / synthetic).
   */
  @Get('boundaries')
  @RequirePermissions(Permission.OrgRead)
  boundaries(): Promise<DivisionBoundaryCollection> {
    return this.org.boundaries();
  }

  /** One administrative division. */
  @Get(':id')
  @RequirePermissions(Permission.OrgRead)
  get(@Param('id', ParseUUIDPipe) id: string): Promise<Division> {
    return this.org.getDivision(id);
  }

  /** Creates an administrative division. */
  @Post()
  @RequirePermissions(Permission.OrgWrite)
  create(@Body() input: CreateDivisionDto): Promise<Division> {
    return this.org.createDivision(input);
  }

  /** Updates an administrative division. */
  @Patch(':id')
  @RequirePermissions(Permission.OrgWrite)
  update(@Param('id', ParseUUIDPipe) id: string, @Body() input: UpdateDivisionDto): Promise<Division> {
    return this.org.updateDivision(id, input);
  }

  /** Deletes an administrative division. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.OrgWrite)
  remove(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.org.deleteDivision(id);
  }
}

@ApiTags('units')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly org: OrgService) {}

  /** Units (departments and bodies), filtered, one page. */
  @Get()
  @RequirePermissions(Permission.OrgRead)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: UnitQueryDto): Promise<UnitPage> {
    const page = await this.org.listUnits(principal, query);
    return { ...page, items: page.items.map(toUnitDto) };
  }

  /** One unit. */
  @Get(':id')
  @RequirePermissions(Permission.OrgRead)
  @ApiOkResponse({ type: UnitDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<UnitDto> {
    return toUnitDto(await this.org.getUnit(principal, id));
  }

  /** Creates a unit. */
  @Post()
  @RequirePermissions(Permission.OrgWrite)
  @ApiCreatedResponse({ type: UnitDto })
  async create(@Body() input: CreateUnitDto): Promise<UnitDto> {
    return toUnitDto(await this.org.createUnit(input));
  }

  /** Updates a unit. */
  @Patch(':id')
  @RequirePermissions(Permission.OrgWrite)
  @ApiOkResponse({ type: UnitDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateUnitDto,
  ): Promise<UnitDto> {
    return toUnitDto(await this.org.updateUnit(principal, id, input));
  }

  /** Deletes a unit. */
  @Delete(':id')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.OrgWrite)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    return this.org.deleteUnit(principal, id);
  }

  /** Sets the unit's liaison (联络员); a unit has at most one. */
  @Put(':id/liaison')
  @RequirePermissions(Permission.UnitLiaisonWrite)
  @ApiOkResponse({ type: UnitDto })
  async setLiaison(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: LiaisonDto,
  ): Promise<UnitDto> {
    return toUnitDto(await this.org.setLiaison(principal, id, input));
  }

  /** Clears a unit's liaison. */
  @Delete(':id/liaison')
  @RequirePermissions(Permission.UnitLiaisonWrite)
  @ApiOkResponse({ type: UnitDto })
  async clearLiaison(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<UnitDto> {
    return toUnitDto(await this.org.setLiaison(principal, id, null));
  }
}
