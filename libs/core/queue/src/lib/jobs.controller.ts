import { Controller, Get, Param, ParseUUIDPipe, Query, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiFileResponse,
  CurrentPrincipal,
  FileStorage,
  ListQueryDto,
  Principal,
  RequirePermissions,
} from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { QueueService } from './queue.service';
import { JobDto, JobPage, toJobDto } from './job.dto';

@ApiTags('jobs')
@ApiBearerAuth()
@Controller('jobs')
export class JobsController {
  constructor(
    private readonly queue: QueueService,
    private readonly storage: FileStorage,
  ) {}

  /** Background jobs, one page. */
  @Get()
  @RequirePermissions(Permission.JobRead)
  async list(@CurrentPrincipal() principal: Principal, @Query() query: ListQueryDto): Promise<JobPage> {
    const page = await this.queue.list(principal, query);
    return { ...page, items: page.items.map(toJobDto) };
  }

  /** One background job: state, progress, result or error. */
  @Get(':id')
  @RequirePermissions(Permission.JobRead)
  @ApiOkResponse({ type: JobDto })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<JobDto> {
    return toJobDto(await this.queue.get(principal, id));
  }

  /** Downloads the file a finished job produced. */
  @Get(':id/download')
  @RequirePermissions(Permission.JobRead)
  @ApiFileResponse('The file the job produced (XLSX, ZIP or PDF), with its own media type', '*/*')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<StreamableFile> {
    const file = await this.queue.fileOf(principal, id);
    return new StreamableFile(await this.storage.open(file.storageKey), {
      type: file.contentType,
      disposition: `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
    });
  }
}
