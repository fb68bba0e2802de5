import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Public } from '@outfall/common';
import type { Response } from 'express';
import { APP_VERSION } from '../system.service';
import { HealthResponse, ReadinessResponse } from './health.dto';
import { HealthService } from './health.service';

const PROCESS_STARTED = Date.now();

/**
 * Health endpoints (public, outside /api/v1), answered within about a second whatever is down:
 * `/health/live` (liveness: 200 while the process runs), `/health/ready` (readiness: 503 when the database,
 * or in BullMQ mode Redis, is down) and `/health` (readiness, with the fields earlier clients read).
 */
@ApiTags('system')
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  @Public()
  @Get('live')
  @ApiOperation({ summary: 'Liveness: 200 while the process runs (no dependency is checked)' })
  live(): HealthResponse {
    const details = {
      process: {
        status: 'up',
        pid: process.pid,
        uptimeSeconds: Math.round((Date.now() - PROCESS_STARTED) / 1000),
      },
    };
    return { status: 'ok', info: details, error: {}, details, version: APP_VERSION };
  }

  @Public()
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when the database and the queue answer, else 503 with each component',
  })
  @ApiOkResponse({ type: ReadinessResponse, description: 'Every component is up' })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse, description: 'A component is down' })
  ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    return this.readiness(res);
  }

  /** Readiness, plus `database` and `queue` as the first clients of `/health` read them. */
  @Public()
  @Get()
  @ApiOperation({ summary: 'Readiness (as /health/ready), with the database and queue summaries' })
  @ApiOkResponse({ type: ReadinessResponse, description: 'Every component is up' })
  @ApiServiceUnavailableResponse({ type: ReadinessResponse, description: 'A component is down' })
  legacy(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    return this.readiness(res);
  }

  private async readiness(res: Response): Promise<ReadinessResponse> {
    const { ok, result } = await this.health.readiness();
    res.status(ok ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    res.setHeader('Cache-Control', 'no-store');
    const { database, queue } = result.details as Record<
      string,
      Record<string, string | undefined> | undefined
    >;
    return {
      ...result,
      database: { status: database?.['status'] ?? 'down', mode: database?.['mode'] },
      queue: { status: queue?.['status'] ?? 'down', driver: queue?.['driver'] },
      version: APP_VERSION,
    };
  }
}
