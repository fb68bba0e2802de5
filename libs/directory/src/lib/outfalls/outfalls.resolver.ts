import { Args, Context, ID, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  CurrentPrincipal,
  ListQueryDto,
  loaderFor,
  Paginated,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { Division, OrgService } from '@outfall/org';
import { Permission } from '@outfall/shared-types';
import { DataSource, In } from 'typeorm';
import { EntityFilterDto } from '../dto/entity.dto';
import { CreateOutfallDto, MergeOutfallDto, OutfallFilterDto, UpdateOutfallDto } from '../dto/outfall.dto';
import { OutfallEntityLink } from '../entities/outfall-entity-link.entity';
import { ResponsibleEntitiesService } from '../entities/responsible-entities.service';
import { ResponsibleEntity } from '../entities/responsible-entity.entity';
import { WaterBody } from '../waters/water-body.entity';
import { attachmentDownloadUrl, OutfallAttachment } from './outfall-attachment.entity';
import { OutfallAttachmentsService } from './outfall-attachments.service';
import { OutfallEvent } from './outfall-event.entity';
import { Outfall } from './outfall.entity';
import { OutfallsService } from './outfalls.service';

const OutfallPage = Paginated(Outfall, 'Outfall');
const EntityPage = Paginated(ResponsibleEntity, 'ResponsibleEntity');

function groupBy<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) map.set(key(row), [...(map.get(key(row)) ?? []), row]);
  return map;
}

@Resolver(() => Outfall)
export class OutfallsResolver {
  constructor(
    private readonly service: OutfallsService,
    private readonly entities: ResponsibleEntitiesService,
    private readonly org: OrgService,
    private readonly attachmentsService: OutfallAttachmentsService,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  @Query(() => OutfallPage, {
    description: 'The outfall directory (排污口名录) inside the caller’s jurisdiction',
  })
  @RequirePermissions(Permission.DirectoryRead)
  outfalls(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => OutfallFilterDto, nullable: true }) filter?: OutfallFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.service.list(principal, { ...(filter ?? {}), ...(page ?? {}) });
  }

  @Query(() => Outfall)
  @RequirePermissions(Permission.DirectoryRead)
  outfall(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<Outfall> {
    return this.service.get(principal, id);
  }

  @Query(() => EntityPage, { description: 'The responsible-entity list (责任主体清单)' })
  @RequirePermissions(Permission.DirectoryRead)
  responsibleEntities(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => EntityFilterDto, nullable: true }) filter?: EntityFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.entities.list(principal, { ...(filter ?? {}), ...(page ?? {}) });
  }

  @Query(() => ResponsibleEntity, {
    description: 'One responsible entity (REST GET /responsible-entities/:id)',
  })
  @RequirePermissions(Permission.DirectoryRead)
  responsibleEntity(@CurrentPrincipal() principal: Principal, @Args('id', { type: () => ID }) id: string) {
    return this.entities.get(principal, id);
  }

  @Mutation(() => Outfall)
  @RequirePermissions(Permission.DirectoryWrite)
  createOutfall(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => CreateOutfallDto }) input: CreateOutfallDto,
  ) {
    return this.service.create(principal, input);
  }

  @Mutation(() => Outfall)
  @RequirePermissions(Permission.DirectoryWrite)
  updateOutfall(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => UpdateOutfallDto }) input: UpdateOutfallDto,
  ) {
    return this.service.update(principal, id, input);
  }

  @Mutation(() => Outfall, {
    description: 'Merge a duplicate into the surviving outfall; returns the survivor',
  })
  @RequirePermissions(Permission.DirectoryWrite)
  mergeOutfall(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
    @Args('input', { type: () => MergeOutfallDto }) input: MergeOutfallDto,
  ) {
    return this.service.merge(principal, id, input);
  }

  @ResolveField(() => WaterBody)
  async waterBody(@Parent() outfall: Outfall, @Context() context: object): Promise<WaterBody> {
    const water = await loaderFor(context, 'waterBody', async (ids: readonly string[]) => {
      const rows = await this.dataSource.getRepository(WaterBody).findBy({ id: In([...ids]) });
      return new Map(rows.map((row) => [row.id, row]));
    }).load(outfall.waterBodyId);
    if (!water) throw new Error(`outfall ${outfall.id} has no water body`);
    return water;
  }

  @ResolveField(() => Division)
  async division(@Parent() outfall: Outfall, @Context() context: object): Promise<Division> {
    const division = await loaderFor(context, 'division', (ids: readonly string[]) =>
      this.org.divisionsByIds(ids),
    ).load(outfall.divisionId);
    if (!division) throw new Error(`outfall ${outfall.id} has no division`);
    return division;
  }

  @ResolveField('entities', () => [OutfallEntityLink], {
    description: 'Responsible entities, the main one first',
  })
  async entities_(@Parent() outfall: Outfall, @Context() context: object): Promise<OutfallEntityLink[]> {
    const links = await loaderFor(context, 'outfallEntities', async (ids: readonly string[]) =>
      groupBy(await this.entities.linksOf(ids), (link) => link.outfallId),
    ).load(outfall.id);
    return links ?? [];
  }

  @ResolveField(() => [OutfallAttachment], {
    description:
      'Photos and documents (metadata; the bytes stay REST at downloadUrl), oldest first (REST GET /outfalls/:id/attachments)',
  })
  async attachments(@Parent() outfall: Outfall, @Context() context: object): Promise<OutfallAttachment[]> {
    // the parent was read through the caller's jurisdiction (outfall / outfalls), as REST's list checks
    const rows = await loaderFor(context, 'outfallAttachments', (ids: readonly string[]) =>
      this.attachmentsService.ofVisible(ids),
    ).load(outfall.id);
    return rows ?? [];
  }

  @ResolveField(() => [OutfallEvent], { description: 'Dated milestones (the same as `milestones`)' })
  events(@Parent() outfall: Outfall, @Context() context: object): Promise<OutfallEvent[]> {
    return this.milestones(outfall, context);
  }

  @ResolveField(() => [OutfallEvent], {
    description: 'Dated milestones (登记, 排查, 监测, 溯源, 整治 …), oldest first',
  })
  async milestones(@Parent() outfall: Outfall, @Context() context: object): Promise<OutfallEvent[]> {
    const events = await loaderFor(context, 'outfallEvents', async (ids: readonly string[]) =>
      groupBy(
        await this.dataSource
          .getRepository(OutfallEvent)
          .find({ where: { outfallId: In([...ids]) }, order: { effectiveOn: 'ASC' } }),
        (event) => event.outfallId,
      ),
    ).load(outfall.id);
    return events ?? [];
  }
}

/** The download address of an attachment (the file itself stays REST). */
@Resolver(() => OutfallAttachment)
export class OutfallAttachmentFieldsResolver {
  @ResolveField(() => String, { description: 'Where REST serves the file (GET, same credentials)' })
  downloadUrl(@Parent() attachment: OutfallAttachment): string {
    return attachmentDownloadUrl(attachment);
  }
}
