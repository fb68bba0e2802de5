import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Post,
  Put,
  Query,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { plainFilter } from '@outfall/directory';
import { JobDto, QueueService, toJobDto } from '@outfall/queue';
import { Permission } from '@outfall/shared-types';
import {
  SignInputDto,
  SignLedgerDto,
  SignPageDto,
  SignProposalDto,
  SignQueryDto,
  SignViewDto,
} from './dto/signage.dto';
import { SIGNAGE_LEDGER_JOB } from './ledger/signage-ledger.job';
import { SignageService } from './signage.service';

/** 树标立牌: the content of each outfall's sign, its installation, and the 标识牌台账. */
@ApiTags('signage')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class SignageController {
  constructor(
    private readonly signage: SignageService,
    private readonly queue: QueueService,
  ) {}

  /** Signs, filtered (`installed`, `outdated`, `divisionId`, `waterBodyId`, `q`), sorted, paginated. */
  @Get('signs')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SignPageDto })
  list(@CurrentPrincipal() principal: Principal, @Query() query: SignQueryDto) {
    return this.signage.list(principal, query);
  }

  /** Queues the 标识牌台账 (XLSX) for the same filters. */
  @Post('signs/ledger')
  @HttpCode(HttpStatus.ACCEPTED)
  @RequirePermissions(Permission.DirectoryRead)
  @ApiAcceptedResponse({ type: JobDto })
  async ledger(@Body() input: SignLedgerDto): Promise<JobDto> {
    return toJobDto(await this.queue.enqueue(SIGNAGE_LEDGER_JOB, { filter: plainFilter(input) }));
  }

  /** The outfall's sign with the outdated flag; 404 when it has none. */
  @Get('outfalls/:id/sign')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SignViewDto })
  get(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.signage.get(principal, id);
  }

  /** The content proposed from the outfall's current data, to prefill the form. */
  @Get('outfalls/:id/sign/proposal')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: SignProposalDto })
  proposal(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.signage.propose(principal, id);
  }

  /** Creates or replaces the sign (send `version` to replace one); the code and QR payload follow the outfall. */
  @Put('outfalls/:id/sign')
  @RequirePermissions(Permission.DirectoryWrite)
  @ApiOkResponse({ type: SignViewDto })
  save(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() input: SignInputDto,
  ) {
    return this.signage.save(principal, id, input);
  }

  /** Deletes an outfall's sign record. */
  @Delete('outfalls/:id/sign')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.DirectoryWrite)
  @ApiNoContentResponse()
  remove(@CurrentPrincipal() principal: Principal, @Param('id', ParseUUIDPipe) id: string) {
    return this.signage.remove(principal, id);
  }
}
