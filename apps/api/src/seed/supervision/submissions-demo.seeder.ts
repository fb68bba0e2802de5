import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the submissions domain; runs after the supervision demo. */
@Injectable()
export class SubmissionsDemoSeeder {
  async run(): Promise<void> {
    // filled in by the submissions domain
  }
}
