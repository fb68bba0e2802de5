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
  StreamableFile,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { ApiFileResponse, CurrentPrincipal, Principal, RequirePermissions } from '@outfall/common';
import { Permission } from '@outfall/shared-types';
import { IsEnum } from 'class-validator';
import { ApiProperty } from '@nestjs/swagger';
import { AttachmentKind, toAttachmentView } from './outfall-attachment.entity';
import {
  MAX_ATTACHMENT_BYTES,
  OutfallAttachmentsService,
  UploadedAttachment,
} from './outfall-attachments.service';
import { OutfallAttachmentViewDto } from './outfall.dto';

export class AttachmentUploadDto {
  @ApiProperty({ enum: AttachmentKind, enumName: 'AttachmentKind' })
  @IsEnum(AttachmentKind, { message: `kind must be one of: ${Object.values(AttachmentKind).join(', ')}` })
  kind: AttachmentKind;
}

/** Photos and documents of an outfall (site photos, signage photos, lab reports, approvals). */
@ApiTags('outfalls')
@ApiBearerAuth()
@Controller('outfalls/:id/attachments')
export class OutfallAttachmentsController {
  constructor(private readonly attachments: OutfallAttachmentsService) {}

  /** The attachments of an outfall. */
  @Get()
  @RequirePermissions(Permission.DirectoryRead)
  async list(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
  ): Promise<OutfallAttachmentViewDto[]> {
    return (await this.attachments.list(principal, id)).map(toAttachmentView);
  }

  /** Multipart upload (`file`, `kind`): photos JPEG/PNG/WebP, documents also PDF/XLSX/DOCX; at most 10 MB. */
  @Post()
  @RequirePermissions(Permission.DirectoryWrite)
  @ApiConsumes('multipart/form-data')
  @UseInterceptors(FileInterceptor('file', { limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1 } }))
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @UploadedFile() file: UploadedAttachment | undefined,
    @Body() body: AttachmentUploadDto,
  ): Promise<OutfallAttachmentViewDto> {
    return toAttachmentView(await this.attachments.add(principal, id, body.kind, file));
  }

  /** Downloads one attachment of an outfall. */
  @Get(':attachmentId')
  @RequirePermissions(Permission.DirectoryRead)
  @ApiFileResponse('The stored attachment, with its own media type', '*/*')
  async download(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
  ): Promise<StreamableFile> {
    const { attachment, stream } = await this.attachments.open(principal, id, attachmentId);
    return new StreamableFile(stream, {
      type: attachment.contentType,
      disposition: `inline; filename*=UTF-8''${encodeURIComponent(attachment.fileName)}`,
    });
  }

  /** Deletes one attachment of an outfall. */
  @Delete(':attachmentId')
  @HttpCode(HttpStatus.NO_CONTENT)
  @RequirePermissions(Permission.DirectoryWrite)
  remove(
    @CurrentPrincipal() principal: Principal,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
  ): Promise<void> {
    return this.attachments.remove(principal, id, attachmentId);
  }
}
