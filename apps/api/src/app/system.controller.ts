import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@outfall/common';
import { AppConfig } from '@outfall/config';
import { MetaResponse } from './system.dto';

export const APP_VERSION = '0.1.0';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(private readonly config: AppConfig) {}

  /** Public facts the login page and the explanations on records need (thresholds the rules use). */
  @Public()
  @Get('api/v1/meta')
  meta(): MetaResponse {
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
