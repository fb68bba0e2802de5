import { Injectable } from '@nestjs/common';
import { AppConfig } from '@outfall/config';
import { MetaResponse } from './system.dto';

export const APP_VERSION = '0.1.0';

/** Build and version facts, answered by REST (GET /api/v1/meta) and GraphQL (`meta`) alike. */
@Injectable()
export class SystemService {
  constructor(private readonly config: AppConfig) {}

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
