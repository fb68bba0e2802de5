import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { WaterBody } from '@outfall/directory';
import { Permission } from '@outfall/shared-types';
import {
  CandidateQueryDto,
  CreateSourceListItemDto,
  SourceListFilterDto,
  UpdateSourceListItemDto,
  WaterBodyBasinDto,
} from './dto/source-lists.dto';
import { SourceListItem } from './items/source-list-item.entity';
import { SourceListsService } from './items/source-lists.service';
import { WaterBasinService } from './water-basin/water-basin.service';

const SourceListItemPage = Paginated(SourceListItem, 'SourceListItem');

/** The departments' base lists over GraphQL: the same service, rules and answers as REST. */
@Resolver()
export class SourceListsResolver {
  constructor(
    private readonly lists: SourceListsService,
    private readonly basins: WaterBasinService,
  ) {}

  @Query(() => SourceListItemPage, {
    description: '部门基础清单: enterprises and farms kept by the departments',
  })
  @RequirePermissions(Permission.DirectoryRead)
  sourceListItems(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => SourceListFilterDto, nullable: true }) filter?: SourceListFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.lists.list(principal, { ...(filter ?? {}), ...(page ?? {}) });
  }

  @Query(() => SourceListItem)
  @RequirePermissions(Permission.DirectoryRead)
  sourceListItem(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.lists.get(principal, id);
  }

  @Query(() => [SourceListItem], { description: 'List items near an outfall, nearest first (distanceM set)' })
  @RequirePermissions(Permission.DirectoryRead)
  async candidateSources(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('query', { type: () => CandidateQueryDto, nullable: true }) query?: CandidateQueryDto,
  ) {
    return (await this.lists.candidates(principal, outfallId, query ?? {})).items;
  }

  @Mutation(() => SourceListItem)
  @RequirePermissions(Permission.SourceListWrite)
  createSourceListItem(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateSourceListItemDto }) input: CreateSourceListItemDto,
  ) {
    return this.lists.create(principal, input);
  }

  @Mutation(() => SourceListItem)
  @RequirePermissions(Permission.SourceListWrite)
  updateSourceListItem(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateSourceListItemDto }) input: UpdateSourceListItemDto,
  ) {
    return this.lists.update(principal, id, input);
  }

  @Mutation(() => Boolean)
  @RequirePermissions(Permission.SourceListWrite)
  async deleteSourceListItem(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ) {
    await this.lists.remove(principal, id);
    return true;
  }

  @Mutation(() => WaterBody, { description: "The water bureau's basin area (km²) and river length (km)" })
  @RequirePermissions(Permission.LayerWrite)
  setWaterBodyBasinData(
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => WaterBodyBasinDto }) input: WaterBodyBasinDto,
  ) {
    return this.basins.set(id, input);
  }
}
