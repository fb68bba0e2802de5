import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { Division } from './division.entity';
import { DivisionFilterDto, LiaisonDto, UnitFilterDto } from './dto/org.dto';
import { OrgService } from './org.service';
import { Unit } from './unit.entity';

const DivisionPage = Paginated(Division, 'Division');
const UnitPage = Paginated(Unit, 'Unit');

@Resolver()
export class OrgResolver {
  constructor(private readonly org: OrgService) {}

  @Query(() => DivisionPage)
  @RequirePermissions(Permission.OrgRead)
  divisions(
    @Args('filter', { type: () => DivisionFilterDto, nullable: true }) filter?: DivisionFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.org.listDivisions({ ...(filter ?? {}), ...(page ?? {}) });
  }

  @Query(() => UnitPage, { description: 'Units inside the caller’s jurisdiction' })
  @RequirePermissions(Permission.OrgRead)
  units(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => UnitFilterDto, nullable: true }) filter?: UnitFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.org.listUnits(principal, { ...(filter ?? {}), ...(page ?? {}) });
  }

  @Query(() => Unit)
  @RequirePermissions(Permission.OrgRead)
  unit(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string): Promise<Unit> {
    return this.org.getUnit(principal, id);
  }

  @Mutation(() => Unit, { description: 'Set a unit’s liaison (联络员)' })
  @RequirePermissions(Permission.UnitLiaisonWrite)
  setUnitLiaison(
    @CurrentPrincipal() principal: Principal,
    @Args('unitId', { type: () => ID }) unitId: string,
    @Args('liaison', { type: () => LiaisonDto }) liaison: LiaisonDto,
  ): Promise<Unit> {
    return this.org.setLiaison(principal, unitId, liaison);
  }
}
