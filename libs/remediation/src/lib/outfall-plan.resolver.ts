import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { CurrentPrincipal, loaderFor, Principal } from '@outfall/common';
import { Outfall } from '@outfall/directory';
import { PlansService } from './plans/plans.service';
import { RemediationPlan } from './plans/remediation-plan.entity';

/**
 * `Outfall.plan`: the outfall's one-outfall-one-policy plan (一口一策). One statement per request for a whole
 * page of outfalls (a DataLoader on the request context), through the same jurisdiction-scoped query as
 * the `remediationPlans` list.
 */
@Resolver(() => Outfall)
export class OutfallPlanResolver {
  constructor(private readonly plans: PlansService) {}

  @ResolveField(() => RemediationPlan, {
    nullable: true,
    description: 'The remediation plan (一口一策), null when none has been drafted',
  })
  plan(
    @Parent() outfall: Outfall,
    @CurrentPrincipal() principal: Principal,
    @Context() context: object,
  ): Promise<RemediationPlan | null> {
    return loaderFor(context, 'outfallPlan', async (ids: readonly string[]) => {
      const rows = await this.plans
        .filtered(principal, {})
        .andWhere('plan.outfall_id IN (:...planOf)', { planOf: [...ids] })
        .getMany();
      return new Map(rows.map((row) => [row.outfallId, row]));
    }).load(outfall.id);
  }
}
