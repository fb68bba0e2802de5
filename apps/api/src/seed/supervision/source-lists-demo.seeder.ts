import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the source-lists domain; runs after the directory, monitoring and remediation demo. */
@Injectable()
export class SourceListsDemoSeeder {
  async run(): Promise<void> {
    // filled in by the source-lists domain
  }
}
