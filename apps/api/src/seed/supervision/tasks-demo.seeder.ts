import { Injectable } from '@nestjs/common';

/** Synthetic demo data for the tasks domain; runs after the supervision demo. */
@Injectable()
export class TasksDemoSeeder {
  async run(): Promise<void> {
    // filled in by the tasks domain
  }
}
