import { HttpStatus, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { CommonErrorCode, DomainException, FileStorage, Principal } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, In } from 'typeorm';
import { AttachmentKind, OutfallAttachment } from './outfall-attachment.entity';
import { OutfallsService } from './outfalls.service';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/** Accepted files, recognised by their first bytes (the declared type and name are not trusted). */
const SIGNATURES: { type: string; extension: string; magic: number[]; documentOnly: boolean }[] = [
  { type: 'image/jpeg', extension: 'jpg', magic: [0xff, 0xd8, 0xff], documentOnly: false },
  { type: 'image/png', extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47], documentOnly: false },
  { type: 'image/webp', extension: 'webp', magic: [0x52, 0x49, 0x46, 0x46], documentOnly: false },
  { type: 'application/pdf', extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46], documentOnly: true },
  // xlsx / docx are zip containers
  { type: 'application/zip', extension: 'zip', magic: [0x50, 0x4b, 0x03, 0x04], documentOnly: true },
];

const OFFICE_TYPES: Record<string, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * Multipart file names arrive decoded as Latin-1 (busboy's default); browsers send UTF-8 bytes. Re-decode
 * when the name is Latin-1 only and the bytes are valid UTF-8.
 */
export function uploadedFileName(name: string): string {
  if ([...name].some((c) => c.charCodeAt(0) > 0xff)) return name;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.from(name, 'latin1'));
  } catch {
    return name;
  }
}

export interface UploadedAttachment {
  originalname: string;
  buffer: Buffer;
  size: number;
}

@Injectable()
export class OutfallAttachmentsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outfalls: OutfallsService,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
  ) {}

  /** The attachments of an outfall the caller may see (NOT_FOUND outside the jurisdiction), oldest first. */
  async list(principal: Principal, outfallId: string): Promise<OutfallAttachment[]> {
    await this.outfalls.get(principal, outfallId);
    return (await this.ofVisible([outfallId])).get(outfallId) ?? [];
  }

  /**
   * The attachments of outfalls already read through the caller's jurisdiction (a page of the directory), oldest
   * first per outfall, in one statement: the GraphQL field `Outfall.attachments` batches through this.
   */
  async ofVisible(outfallIds: readonly string[]): Promise<Map<string, OutfallAttachment[]>> {
    const rows = await this.dataSource
      .getRepository(OutfallAttachment)
      .find({ where: { outfallId: In([...outfallIds]) }, order: { createdAt: 'ASC', id: 'ASC' } });
    const byOutfall = new Map<string, OutfallAttachment[]>();
    for (const row of rows) byOutfall.set(row.outfallId, [...(byOutfall.get(row.outfallId) ?? []), row]);
    return byOutfall;
  }

  /** Photos: JPEG, PNG or WebP. Documents: those, PDF, XLSX or DOCX. At most 10 MB. */
  async add(
    principal: Principal,
    outfallId: string,
    kind: AttachmentKind,
    file: UploadedAttachment | undefined,
  ): Promise<OutfallAttachment> {
    if (!file) throw DomainException.invalid('file', 'attach the file as the multipart field "file"');
    if (!file.size) throw DomainException.invalid('file', 'the file is empty');
    const signature = SIGNATURES.find((s) => s.magic.every((byte, i) => file.buffer[i] === byte));
    const extension = file.originalname.split('.').pop()?.toLowerCase() ?? '';
    let contentType = signature?.type;
    if (signature?.type === 'application/zip') contentType = OFFICE_TYPES[extension];
    if (!signature || !contentType || (signature.documentOnly && kind !== AttachmentKind.Document)) {
      throw new DomainException(
        CommonErrorCode.UnsupportedMediaType,
        kind === AttachmentKind.Document
          ? 'documents must be PDF, XLSX, DOCX, JPEG, PNG or WebP'
          : 'photos must be JPEG, PNG or WebP images',
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        [{ field: 'file', message: 'unsupported file type' }],
      );
    }
    const storageKey = `attachments/${outfallId}/${randomUUID()}.${signature.type === 'application/zip' ? extension : signature.extension}`;
    return this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, outfallId, em);
      const repo = em.getRepository(OutfallAttachment);
      const saved = await repo.save(
        repo.create({
          outfallId,
          kind,
          fileName: uploadedFileName(file.originalname).slice(0, 200),
          contentType,
          sizeBytes: file.size,
          storageKey,
          uploadedById: principal.kind === 'user' ? principal.id : null,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'outfall_attachment',
        entityId: saved.id,
        after: saved,
      });
      // the bytes last: a failed write rolls the row back
      await this.storage.put(storageKey, file.buffer);
      return saved;
    });
  }

  async open(
    principal: Principal,
    outfallId: string,
    id: string,
  ): Promise<{ attachment: OutfallAttachment; stream: Readable }> {
    await this.outfalls.get(principal, outfallId);
    const attachment = await this.dataSource.getRepository(OutfallAttachment).findOneBy({ id, outfallId });
    if (!attachment) throw DomainException.notFound('Attachment', id);
    return { attachment, stream: await this.storage.open(attachment.storageKey) };
  }

  async remove(principal: Principal, outfallId: string, id: string): Promise<void> {
    const attachment = await this.dataSource.transaction(async (em) => {
      await this.outfalls.assertWritable(principal, outfallId, em);
      const found = await em.getRepository(OutfallAttachment).findOneBy({ id, outfallId });
      if (!found) throw DomainException.notFound('Attachment', id);
      await em.getRepository(OutfallAttachment).delete(id);
      await this.audit.record(em, {
        action: AuditAction.Delete,
        entityType: 'outfall_attachment',
        entityId: id,
        before: found,
      });
      return found;
    });
    await this.storage.remove(attachment.storageKey);
  }
}
