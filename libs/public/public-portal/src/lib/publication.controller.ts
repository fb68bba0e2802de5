import { Body, Controller, Get, Header, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags, ApiCreatedResponse } from '@nestjs/swagger';
import { ApiFileResponse, CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { PublicationConfig } from './publication-config.entity';
import {
  PublicationConfigPageDto,
  PublicationDraftDto,
  PublicationHistoryQueryDto,
  PublicationReviewDto,
  PublicationStateDto,
  PublicationSubmitDto,
  SignSheetQueryDto,
} from './publication.dto';
import { PublicationService } from './publication.service';
import { SignSheetService } from './sign-sheet.service';

/** 信息公开配置 (what is published, edited as a draft and reviewed by the eco branch) and sign sheets. */
@ApiTags('publication')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller()
export class PublicationController {
  constructor(
    private readonly publication: PublicationService,
    private readonly sheets: SignSheetService,
  ) {}

  /** The effective revision, the open draft or submission, and the field catalogue. */
  @Get('publication')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: PublicationStateDto })
  state() {
    return this.publication.state();
  }

  /** Every revision, newest first (the history). */
  @Get('publication/revisions')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiOkResponse({ type: PublicationConfigPageDto })
  history(@Query() query: PublicationHistoryQueryDto) {
    return this.publication.history(query);
  }

  /** Creates the draft or changes it (send `version`); it takes effect only once approved. */
  @Put('publication/draft')
  @RequirePermissions(Permission.PublicationManage)
  @ApiOkResponse({ type: PublicationConfig })
  saveDraft(@CurrentPrincipal() principal: Principal, @Body() input: PublicationDraftDto) {
    return this.publication.saveDraft(principal, input);
  }

  /** Submits the publication draft for approval. */
  @Post('publication/draft/submit')
  @RequirePermissions(Permission.PublicationManage)
  @ApiCreatedResponse({ type: PublicationConfig })
  submit(@CurrentPrincipal() principal: Principal, @Body() input: PublicationSubmitDto) {
    return this.publication.submit(principal, input);
  }

  /** The eco branch's approval: the revision becomes effective and drives the public side. */
  @Post('publication/draft/approve')
  @RequirePermissions(Permission.PublicationManage, Permission.Approve)
  @ApiCreatedResponse({ type: PublicationConfig })
  approve(@CurrentPrincipal() principal: Principal, @Body() input: PublicationReviewDto) {
    return this.publication.approve(principal, input);
  }

  /** Rejects the pending publication draft (it goes back to editing). */
  @Post('publication/draft/reject')
  @RequirePermissions(Permission.PublicationManage, Permission.Approve)
  @ApiCreatedResponse({ type: PublicationConfig })
  reject(@CurrentPrincipal() principal: Principal, @Body() input: PublicationReviewDto) {
    return this.publication.reject(principal, input);
  }

  /** Printable A4 sign sheets (HTML, one page per sign, QR code as SVG): by outfall ids or a township. */
  @Get('publication/sign-sheets')
  @RequirePermissions(Permission.DirectoryRead)
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiFileResponse('HTML with @page A4 print CSS', 'text/html')
  signSheets(@CurrentPrincipal() principal: Principal, @Query() query: SignSheetQueryDto) {
    return this.sheets.html(principal, query);
  }
}
