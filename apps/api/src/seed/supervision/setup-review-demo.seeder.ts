import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the setup-review domain; runs after the directory, monitoring and remediation demo. */
@Injectable()
export class SetupReviewDemoSeeder {
  async run(): Promise<void> {
    // filled in by the setup-review domain
  }
}
