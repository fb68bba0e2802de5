import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@outfall/common';
import { MetaResponse } from './system.dto';
import { SystemService } from './system.service';

@ApiTags('system')
@Controller()
export class SystemController {
  constructor(private readonly system: SystemService) {}

  /** Public facts the login page and the explanations on records need (thresholds the rules use). */
  @Public()
  @Get('api/v1/meta')
  meta(): MetaResponse {
    return this.system.meta();
  }
}
