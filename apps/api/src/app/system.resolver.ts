import { Query, Resolver } from '@nestjs/graphql';
import { Public } from '@outfall/common';
import { MetaResponse } from './system.dto';
import { SystemService } from './system.service';

/** GraphQL for the build and version facts; the same service as REST. */
@Resolver()
export class SystemResolver {
  constructor(private readonly system: SystemService) {}

  @Query(() => MetaResponse, {
    description: 'Build, version and rule thresholds (public, as REST GET /api/v1/meta)',
  })
  @Public()
  meta(): MetaResponse {
    return this.system.meta();
  }
}
