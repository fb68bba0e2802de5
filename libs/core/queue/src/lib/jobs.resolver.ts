import { Args, ID, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import {
  CurrentPrincipal,
  GraphQLJSON,
  ListQueryDto,
  Paginated,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { publicJobResult } from './job.dto';
import { JobRecord } from './job-record.entity';
import { QueueService } from './queue.service';

const JobPage = Paginated(JobRecord, 'Job');

@Resolver(() => JobRecord)
export class JobsResolver {
  constructor(private readonly queue: QueueService) {}

  @Query(() => JobRecord, {
    description: 'A background job queued by the caller: state, progress, result, error',
  })
  @RequirePermissions(Permission.JobRead)
  job(
    @CurrentPrincipal() principal: Principal,
    @Args('id', { type: () => ID }) id: string,
  ): Promise<JobRecord> {
    return this.queue.get(principal, id);
  }

  @Query(() => JobPage)
  @RequirePermissions(Permission.JobRead)
  jobs(
    @CurrentPrincipal() principal: Principal,
    @Args('page', { type: () => ListQueryDto, nullable: true }) page?: ListQueryDto,
  ) {
    return this.queue.list(principal, page ?? {});
  }

  /** The result without storage keys (see publicJobResult). */
  @ResolveField('result', () => GraphQLJSON, { nullable: true })
  result(@Parent() job: JobRecord): Record<string, unknown> | null {
    return publicJobResult(job);
  }
}
