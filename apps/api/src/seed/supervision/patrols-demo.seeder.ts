import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the patrols domain; runs after the directory, monitoring and remediation demo. */
@Injectable()
export class PatrolsDemoSeeder {
  async run(): Promise<void> {
    // filled in by the patrols domain
  }
}
