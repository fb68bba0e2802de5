import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  CurrentPrincipal,
  ListQueryDto,
  loaderFor,
  Paginated,
  Principal,
  RequirePermissions,
} from '@outfall/common';
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

  @Query(() => Division, { description: 'One division (REST GET /divisions/:id)' })
  @RequirePermissions(Permission.OrgRead)
  division(@Args('id', { type: () => ID }) id: string): Promise<Division> {
    return this.org.getDivision(id);
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

@Resolver(() => Unit)
export class UnitFieldsResolver {
  constructor(private readonly org: OrgService) {}

  @ResolveField(() => Division)
  async division(@Parent() unit: Unit, @Context() context: object): Promise<Division> {
    if (unit.division) return unit.division;
    const division = await loaderFor(context, 'division', (ids: readonly string[]) =>
      this.org.divisionsByIds(ids),
    ).load(unit.divisionId);
    if (!division) throw new Error(`unit ${unit.id} has no division`);
    return division;
  }
}

@Resolver(() => Division)
export class DivisionFieldsResolver {
  constructor(private readonly org: OrgService) {}

  @ResolveField(() => Division, { nullable: true, description: 'The division one level up' })
  parent(@Parent() division: Division, @Context() context: object): Promise<Division | null> {
    if (!division.parentId) return Promise.resolve(null);
    return loaderFor(context, 'division', (ids: readonly string[]) => this.org.divisionsByIds(ids)).load(
      division.parentId,
    );
  }
}
