import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the public-reports domain; runs after the supervision demo. */
@Injectable()
export class PublicReportsDemoSeeder {
  async run(): Promise<void> {
    // filled in by the public-reports domain
  }
}
