import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@outfall/audit';
import { DomainException, FileStorage, Principal } from '@outfall/common';
import { AuditAction } from '@outfall/shared-types';
import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { unitScope } from './access';
import { AccountabilityFile } from './submissions.entities';

export const MAX_ACCOUNTABILITY_FILE_BYTES = 20 * 1024 * 1024;
const ALLOWED =
  /^(application\/pdf|image\/(jpeg|png)|application\/vnd\.openxmlformats-officedocument\.(wordprocessingml\.document|spreadsheetml\.sheet)|application\/msword|application\/vnd\.ms-excel|application\/zip)$/;

export interface UploadedDocument {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** Attachments of notice responses and submissions, kept in the platform's file storage. */
@Injectable()
export class AccountabilityFilesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly storage: FileStorage,
    private readonly audit: AuditService,
  ) {}

  async upload(principal: Principal, file: UploadedDocument | undefined): Promise<AccountabilityFile> {
    if (!file) throw DomainException.invalid('file', 'attach a file (multipart field "file")');
    if (!ALLOWED.test(file.mimetype))
      throw DomainException.invalid('file', 'the file must be a PDF, JPEG, PNG, Word, Excel or ZIP document');
    if (file.size > MAX_ACCOUNTABILITY_FILE_BYTES)
      throw DomainException.invalid('file', 'the file is larger than 20 MB');
    const name =
      [...file.originalname]
        .map((c) => (c === '/' || c === '\\' || c.charCodeAt(0) < 32 ? '_' : c))
        .join('')
        .slice(0, 200) || 'file';
    const storageKey = `accountability/${randomUUID()}`;
    await this.storage.put(storageKey, file.buffer);
    return this.dataSource.transaction(async (em) => {
      const repo = em.getRepository(AccountabilityFile);
      const saved = await repo.save(
        repo.create({
          unitId: principal.unitId,
          fileName: name,
          contentType: file.mimetype,
          sizeBytes: file.size,
          storageKey,
          sha256: createHash('sha256').update(file.buffer).digest('hex'),
          uploadedBy: principal.name,
        }),
      );
      await this.audit.record(em, {
        action: AuditAction.Create,
        entityType: 'accountability_file',
        entityId: saved.id,
        after: saved,
      });
      return saved;
    });
  }

  /** A file the caller may read: the eco branch any, a unit its own uploads (404 otherwise). */
  async open(principal: Principal, id: string): Promise<{ file: AccountabilityFile; stream: Readable }> {
    const scope = unitScope(principal);
    const file = await this.dataSource.getRepository(AccountabilityFile).findOneBy({ id });
    if (!file || (scope && file.unitId !== scope)) throw DomainException.notFound('File', id);
    return { file, stream: await this.storage.open(file.storageKey) };
  }

  /** 400 unless every id is a file uploaded by the unit's accounts. */
  async check(em: EntityManager, unitId: string, ids: string[], field: string): Promise<void> {
    if (!ids.length) return;
    const [{ count }] = await em.query<{ count: number }[]>(
      `SELECT count(*)::int AS count FROM accountability_file WHERE id = ANY($1::uuid[]) AND unit_id = $2`,
      [ids, unitId],
    );
    if (count !== new Set(ids).size)
      throw DomainException.invalid(field, `${field} must be files uploaded by your unit`);
  }
}
