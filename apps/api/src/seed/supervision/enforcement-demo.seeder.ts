import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the enforcement domain; runs after the directory, monitoring and remediation demo. */
@Injectable()
export class EnforcementDemoSeeder {
  async run(): Promise<void> {
    // filled in by the enforcement domain
  }
}
