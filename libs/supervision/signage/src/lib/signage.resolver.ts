import { Args, ID, Mutation, Query, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, ListQueryDto, Paginated, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { SignFilterDto, SignInputDto, SignProposalDto, SignViewDto } from './dto/signage.dto';
import { SignageService } from './signage.service';

const SignPage = Paginated(SignViewDto, 'OutfallSignView');

/** GraphQL for signs (树标立牌); the same service as REST. */
@Resolver(() => SignViewDto)
export class SignageResolver {
  constructor(private readonly signage: SignageService) {}

  @Query(() => SignPage, { description: 'Signs (树标立牌) with the outdated flag' })
  @RequirePermissions(Permission.DirectoryRead)
  outfallSigns(
    @CurrentPrincipal() principal: Principal,
    @Args('filter', { type: () => SignFilterDto, nullable: true }) filter?: SignFilterDto,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.signage.list(principal, { ...filter, ...page });
  }

  @Query(() => SignViewDto, { nullable: true, description: 'The outfall’s sign; null when it has none' })
  @RequirePermissions(Permission.DirectoryRead)
  async outfallSign(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ): Promise<SignViewDto | null> {
    const proposal = await this.signage.propose(principal, outfallId); // 404 outside the caller's reach
    return this.signage.get(principal, proposal.outfallId).catch(() => null);
  }

  @Query(() => SignProposalDto, { description: 'Sign content proposed from the outfall’s current data' })
  @RequirePermissions(Permission.DirectoryRead)
  outfallSignProposal(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    return this.signage.propose(principal, outfallId);
  }

  @Mutation(() => SignViewDto, { description: 'Creates or replaces the outfall’s sign' })
  @RequirePermissions(Permission.DirectoryWrite)
  saveOutfallSign(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
    @Args('input', { type: () => SignInputDto }) input: SignInputDto,
  ) {
    return this.signage.save(principal, outfallId, input);
  }

  @Mutation(() => Boolean)
  @RequirePermissions(Permission.DirectoryWrite)
  async removeOutfallSign(
    @CurrentPrincipal() principal: Principal,
    @Args('outfallId', { type: () => ID }) outfallId: string,
  ) {
    await this.signage.remove(principal, outfallId);
    return true;
  }
}
