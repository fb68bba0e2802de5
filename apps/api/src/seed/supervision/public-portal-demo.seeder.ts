import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the public-portal domain; runs after the supervision demo. */
@Injectable()
export class PublicPortalDemoSeeder {
  async run(): Promise<void> {
    // filled in by the public-portal domain
  }
}
