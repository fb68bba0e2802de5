import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the permits domain; runs after the directory, monitoring and remediation demo. */
@Injectable()
export class PermitsDemoSeeder {
  async run(): Promise<void> {
    // filled in by the permits domain
  }
}
