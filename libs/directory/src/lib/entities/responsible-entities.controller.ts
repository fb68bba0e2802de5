import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { CreateEntityDto, EntityQueryDto, UpdateEntityDto } from '../dto/entity.dto';
import { ResponsibleEntitiesService } from './responsible-entities.service';

/** 责任主体清单: the responsible-entity list. */
@ApiTags('responsible-entities')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('responsible-entities')
export class ResponsibleEntitiesController {
  constructor(private readonly entities: ResponsibleEntitiesService) {}

  @Get()
  @RequirePermissions(Permission.DirectoryRead)
  list(@CurrentPrincipal() principal: Principal, @Query() query: EntityQueryDto) {
    return this.entities.list(principal, query);
  }

  @Get(':id')
  @RequirePermissions(Permission.DirectoryRead)
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.entities.get(principal, id);
  }

  @Post()
  @RequirePermissions(Permission.DirectoryWrite)
  create(@CurrentPrincipal() principal: Principal, @Body() input: CreateEntityDto) {
    return this.entities.create(principal, input);
  }

  @Patch(':id')
  @RequirePermissions(Permission.DirectoryWrite)
  update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: UpdateEntityDto,
  ) {
    return this.entities.update(principal, id, input);
  }
}
