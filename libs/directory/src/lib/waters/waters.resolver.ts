import { Args, ID, Query, Resolver } from '@nestjs/graphql';
import { ListQueryDto, Paginated, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { FunctionZone } from './function-zone.entity';
import { ProtectedArea } from './protected-area.entity';
import { WaterBody } from './water-body.entity';
import { WatersService } from './waters.service';

const WaterBodyPage = Paginated(WaterBody, 'WaterBody');
const FunctionZonePage = Paginated(FunctionZone, 'FunctionZone');
const ProtectedAreaPage = Paginated(ProtectedArea, 'ProtectedArea');

/** The reference layers over GraphQL (geometry: use the REST GeoJSON endpoints). */
@Resolver()
export class WatersResolver {
  constructor(private readonly waters: WatersService) {}

  @Query(() => WaterBodyPage, { description: 'Rivers, lakes, reservoirs and canals' })
  @RequirePermissions(Permission.DirectoryRead)
  waterBodies(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.waters.listWaterBodies(page ?? {});
  }

  @Query(() => WaterBody, { description: 'One water body (REST GET /water-bodies/:id)' })
  @RequirePermissions(Permission.DirectoryRead)
  waterBody(@Args('id', { type: () => ID }) id: string) {
    return this.waters.getWaterBody(id);
  }

  @Query(() => FunctionZonePage, { description: 'Water-function zones with their GB 3838 target class' })
  @RequirePermissions(Permission.DirectoryRead)
  functionZones(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.waters.listFunctionZones(page ?? {});
  }

  @Query(() => ProtectedAreaPage, { description: 'Red line, drinking-water source zones, nature reserves' })
  @RequirePermissions(Permission.DirectoryRead)
  protectedAreas(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.waters.listProtectedAreas(page ?? {});
  }
}
