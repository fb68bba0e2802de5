import { Args, Query, Resolver } from '@nestjs/graphql';
import { beijingToday, CurrentPrincipal, GraphQLJSON, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { DashboardQueryDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@Resolver()
export class DashboardResolver {
  constructor(private readonly service: DashboardService) {}

  @Query(() => GraphQLJSON, {
    description:
      'The 工作台 of the caller’s role as of a Beijing day (default today); the same as GET /dashboard',
  })
  @RequirePermissions(Permission.DirectoryRead)
  dashboard(@CurrentPrincipal() principal: Principal, @Args() args: DashboardQueryDto) {
    return this.service.get(principal, args.asOf ?? beijingToday());
  }
}
