import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { Public } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { QueueService } from '@outfall/queue';
import type { Response } from 'express';
import { DataSource } from 'typeorm';

export const APP_VERSION = '0.1.0';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: QueueService,
    private readonly config: AppConfig,
  ) {}

  /** Liveness and readiness: the database answers a query and the queue driver is reachable. */
  @Public()
  @Get('health')
  async health(@Res({ passthrough: true }) res: Response) {
    const database = await this.dataSource
      .query('SELECT 1')
      .then(() => 'up' as const)
      .catch(() => 'down' as const);
    const queue = (await this.queue.ping().catch(() => false)) ? ('up' as const) : ('down' as const);
    const ok = database === 'up' && queue === 'up';
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    return {
      status: ok ? 'ok' : 'error',
      database: { status: database, mode: this.config.embedded ? 'embedded' : 'postgres' },
      queue: { status: queue, driver: this.queue.driverName },
      version: APP_VERSION,
    };
  }

  /** Public facts the login page and the explanations on records need (thresholds the rules use). */
  @Public()
  @Get('api/v1/meta')
  meta() {
    return {
      demo: this.config.demoData,
      version: APP_VERSION,
      rules: {
        keyAreaDistanceM: this.config.KEY_AREA_DISTANCE_M,
        duplicateDistanceM: this.config.DUPLICATE_DISTANCE_M,
        aquacultureClusterDistanceM: this.config.AQUACULTURE_CLUSTER_DISTANCE_M,
        chronicExceedance: {
          count: this.config.CHRONIC_EXCEEDANCE_COUNT,
          window: this.config.CHRONIC_EXCEEDANCE_WINDOW,
        },
      },
    };
  }
}
