import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the signage domain; runs after the directory, monitoring and remediation demo. */
@Injectable()
export class SignageDemoSeeder {
  async run(): Promise<void> {
    // filled in by the signage domain
  }
}
