import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, loaderFor, Principal, RequirePermissions } from '@outfall/common';
import { MilestoneType, Permission } from '@outfall/shared-types';
import { CreateEntityDto, EntityLinkDto, UpdateEntityDto } from '../dto/entity.dto';
import { MilestoneDto } from '../dto/outfall.dto';
import { OutfallEvent } from '../outfalls/outfall-event.entity';
import { OutfallsService } from '../outfalls/outfalls.service';
import { OutfallEntityLink } from './outfall-entity-link.entity';
import { ResponsibleEntitiesService } from './responsible-entities.service';
import { ResponsibleEntity } from './responsible-entity.entity';

@Resolver(() => ResponsibleEntity)
export class ResponsibleEntitiesResolver {
  constructor(
    private readonly entities: ResponsibleEntitiesService,
    private readonly outfalls: OutfallsService,
  ) {}

  @ResolveField(() => Int, { description: 'Active outfalls linked to the entity' })
  async outfallCount(@Parent() entity: ResponsibleEntity, @Context() context: object): Promise<number> {
    return (
      (await loaderFor(context, 'entityOutfallCount', (ids: readonly string[]) =>
        this.entities.outfallCounts(ids),
      ).load(entity.id)) ?? 0
    );
  }

  @ResolveField(() => Boolean, {
    description: 'An enterprise outside an industrial park with more than one outfall',
  })
  async multipleOutfallsOutsidePark(
    @Parent() entity: ResponsibleEntity,
    @Context() context: object,
  ): Promise<boolean> {
    const count = await this.outfallCount(entity, context);
    return entity.kind === 'enterprise' && !entity.inIndustrialPark && count > 1;
  }

  @Mutation(() => ResponsibleEntity)
  @RequirePermissions(Permission.DirectoryWrite)
  createResponsibleEntity(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateEntityDto }) input: CreateEntityDto,
  ) {
    return this.entities.create(principal, input);
  }

  @Mutation(() => ResponsibleEntity)
  @RequirePermissions(Permission.DirectoryWrite)
  updateResponsibleEntity(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateEntityDto }) input: UpdateEntityDto,
  ) {
    return this.entities.update(principal, id, input);
  }

  @Mutation(() => [OutfallEntityLink], {
    description: 'Replace an outfall’s responsible entities (exactly one main)',
  })
  @RequirePermissions(Permission.DirectoryWrite)
  setOutfallEntities(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('links', { type: () => [EntityLinkDto] }) links: EntityLinkDto[],
  ) {
    return this.outfalls.setEntities(principal, outfallId, links);
  }

  @Mutation(() => OutfallEvent, { description: 'Enter or correct a dated milestone' })
  @RequirePermissions(Permission.DirectoryWrite)
  setOutfallMilestone(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    // declared `string`: an enum-typed parameter would be validated as a class by the global ValidationPipe
    @Args('type', { type: () => MilestoneType }) type: string,
    @Args('input', { type: () => MilestoneDto }) input: MilestoneDto,
  ) {
    return this.outfalls.setMilestone(principal, outfallId, type as MilestoneType, input);
  }
}
