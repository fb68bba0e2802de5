import { Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { CurrentPrincipal, loaderFor, Principal } from '@outfall/common';
import { Outfall } from '@outfall/directory';
import { DataSource } from 'typeorm';
import { StandardResolutionType } from './monitoring.resolver';
import { Sample } from './samples/sample.entity';
import { SamplesService } from './samples/samples.service';
import { DischargeStandard } from './standards/discharge-standard.entity';
import { StandardsService } from './standards/standards.service';

/**
 * Monitoring fields on `Outfall`: its latest sample and the discharge standard that applies. Each is one
 * statement per request however many outfalls a page holds (a DataLoader on the request context), and
 * reads only what the caller's jurisdiction covers.
 */
@Resolver(() => Outfall)
export class OutfallMonitoringFieldsResolver {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly samples: SamplesService,
    private readonly standards: StandardsService,
  ) {}

  @ResolveField(() => Sample, {
    nullable: true,
    description: 'The most recent monitoring record (any source); null when never sampled',
  })
  latestSample(
    @Parent() outfall: Outfall,
    @CurrentPrincipal() principal: Principal,
    @Context() context: object,
  ): Promise<Sample | null> {
    return loaderFor(context, 'outfallLatestSample', async (ids: readonly string[]) => {
      const rows = await this.samples
        .filtered(principal, {})
        .andWhere('s.outfall_id IN (:...latestOf)', { latestOf: [...ids] })
        .distinctOn(['s.outfall_id'])
        .orderBy('s.outfall_id')
        .addOrderBy('s.sampled_at', 'DESC')
        .addOrderBy('s.created_at', 'DESC')
        .getMany();
      return new Map(rows.map((row) => [row.outfallId, row]));
    }).load(outfall.id);
  }

  @ResolveField(() => StandardResolutionType, {
    nullable: true,
    description: 'The discharge standard that applies to the outfall, and why (as the outfallStandard query)',
  })
  async standard(
    @Parent() outfall: Outfall,
    @Context() context: object,
  ): Promise<StandardResolutionType | null> {
    // a parent Outfall only ever comes from a jurisdiction-scoped read; the facts are of those ids only
    const resolved = await loaderFor(context, 'outfallStandard', (ids: readonly string[]) =>
      this.standards.resolveFor(this.dataSource.manager, [...ids]),
    ).load(outfall.id);
    if (!resolved) return null;
    return {
      outfallId: outfall.id,
      standard: resolved.standard as DischargeStandard,
      explanationZh: resolved.explanation.zh,
      explanationEn: resolved.explanation.en,
      zone: resolved.zone,
      facts: resolved.facts,
    };
  }
}
