import { Body, Controller, Headers, HttpCode, HttpStatus, Injectable, Post, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DomainException, Public } from '@outfall/common';
import { IsOptional, IsString, MaxLength } from 'class-validator';
import type { Request } from 'express';
import { BackupError } from './backup.format';
import { BackupService, BackupSummary } from './backup.service';
import { CONTROL_TOKEN_HEADER, ControlFile, tokenMatches } from './control-channel';

/** The token of this server's control file (set by `main.ts` once it listens; none in tests or the CLI). */
@Injectable()
export class ControlToken {
  control: ControlFile | null = null;
}

export class BackupRequestDto {
  /** A folder on the server's machine; default DATA_DIR/backups/<time>. */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  dir?: string;
}

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Operator endpoint for `cli backup` while this server holds the embedded database. Not part of the
 * public API: loopback only, and only with the token from the owner-only control file.
 */
@ApiExcludeController()
@Controller('system/backups')
export class BackupControlController {
  constructor(
    private readonly backups: BackupService,
    private readonly token: ControlToken,
  ) {}

  @Public()
  @Post()
  @HttpCode(HttpStatus.CREATED)
  async create(
    @Req() req: Request,
    @Headers(CONTROL_TOKEN_HEADER) given: string | undefined,
    @Body() body: BackupRequestDto,
  ): Promise<BackupSummary> {
    const control = this.token.control;
    if (!control || !LOOPBACK.has(req.socket.remoteAddress ?? '') || !tokenMatches(control.token, given)) {
      // indistinguishable from a route that does not exist
      throw DomainException.notFound('Route');
    }
    try {
      return await this.backups.backup(body.dir);
    } catch (error) {
      if (error instanceof BackupError)
        throw new DomainException('BACKUP_REFUSED', error.message, HttpStatus.CONFLICT);
      throw error;
    }
  }
}
