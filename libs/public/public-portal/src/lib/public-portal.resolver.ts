import { UseGuards } from '@nestjs/common';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Principal, Public, RequirePermissions } from '@outfall/common';
import { PublishedSetupPageDto } from '@outfall/setup-review';
import { Permission } from '@outfall/shared-types';
import { PublicRateLimitGuard } from './public-rate-limit.guard';
import { PublicOutfallsService } from './public-outfalls.service';
import { PublicationConfig } from './publication-config.entity';
import {
  PublicationConfigPageDto,
  PublicationDraftDto,
  PublicationReviewDto,
  PublicationStateDto,
  PublicationSubmitDto,
  PublicFiltersDto,
  PublicOutfallDto,
  PublicOutfallFilterDto,
  PublicOutfallPageDto,
} from './publication.dto';
import { PublicationService } from './publication.service';

/** GraphQL of the public portal: the publication configuration (signed in) and the public queries (no login). */
@Resolver(() => PublicationConfig)
export class PublicPortalResolver {
  constructor(
    private readonly publication: PublicationService,
    private readonly outfalls: PublicOutfallsService,
  ) {}

  @Query(() => PublicationStateDto, {
    description: 'Effective and open publication revisions, the catalogue',
  })
  @RequirePermissions(Permission.DirectoryRead)
  publicationState() {
    return this.publication.state();
  }

  @Query(() => PublicationConfigPageDto, { description: 'Every publication revision, newest first' })
  @RequirePermissions(Permission.DirectoryRead)
  publicationRevisions(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.publication.history(page ?? {});
  }

  @Mutation(() => PublicationConfig, { description: 'Creates or changes the publication draft' })
  @RequirePermissions(Permission.PublicationManage)
  savePublicationDraft(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => PublicationDraftDto }) input: PublicationDraftDto,
  ) {
    return this.publication.saveDraft(principal, input);
  }

  @Mutation(() => PublicationConfig)
  @RequirePermissions(Permission.PublicationManage)
  submitPublicationDraft(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => PublicationSubmitDto }) input: PublicationSubmitDto,
  ) {
    return this.publication.submit(principal, input);
  }

  @Mutation(() => PublicationConfig, { description: 'Approves the submitted revision: it takes effect' })
  @RequirePermissions(Permission.PublicationManage, Permission.Approve)
  approvePublicationDraft(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => PublicationReviewDto }) input: PublicationReviewDto,
  ) {
    return this.publication.approve(principal, input);
  }

  @Mutation(() => PublicationConfig)
  @RequirePermissions(Permission.PublicationManage, Permission.Approve)
  rejectPublicationDraft(
    @CurrentPrincipal() principal: Principal,
    @Args('input', { type: () => PublicationReviewDto }) input: PublicationReviewDto,
  ) {
    return this.publication.reject(principal, input);
  }

  // ---- public (no login, rate-limited) ----

  @Query(() => PublicOutfallPageDto, {
    description: 'Published outfalls (public, no login); unpublished fields are null',
  })
  @Public()
  @UseGuards(PublicRateLimitGuard)
  publicOutfalls(
    @Args('filter', { type: () => PublicOutfallFilterDto, nullable: true }) filter?: PublicOutfallFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.outfalls.list({ ...filter, limit: page?.limit, offset: page?.offset });
  }

  @Query(() => PublicOutfallDto, { description: 'One published outfall by code (public, no login)' })
  @Public()
  @UseGuards(PublicRateLimitGuard)
  publicOutfall(@Args('code') code: string) {
    return this.outfalls.get(code);
  }

  @Query(() => PublicFiltersDto, { description: 'Filter choices of the public list (public, no login)' })
  @Public()
  @UseGuards(PublicRateLimitGuard)
  publicOutfallFilters() {
    return this.outfalls.filters();
  }

  @Query(() => PublishedSetupPageDto, { description: 'Published setup approvals (public, no login)' })
  @Public()
  @UseGuards(PublicRateLimitGuard)
  publicApprovals(@Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto) {
    return this.outfalls.approvals(page ?? {});
  }
}
