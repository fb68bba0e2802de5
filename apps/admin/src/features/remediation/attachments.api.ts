import { downloadFile } from '../../api/file-download';
import { api, dataOf } from '../../api/api-client';
import { requestJson } from '../../api/http-client';
import type { AttachmentKind, OutfallAttachment } from './types';

const base = (outfallId: string) => `/api/v1/outfalls/${encodeURIComponent(outfallId)}/attachments`;

/** The API's limit on one file (10 MB). */
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
/** What the API accepts, recognised by the file's first bytes: photos are images, documents also PDF/XLSX/DOCX. */
export const PHOTO_ACCEPT = '.jpg,.jpeg,.png,.webp,image/jpeg,image/png,image/webp';
export const DOCUMENT_ACCEPT = `${PHOTO_ACCEPT},.pdf,.xlsx,.docx`;
const PHOTO_EXTENSIONS = ['jpg', 'jpeg', 'png', 'webp'];
const DOCUMENT_EXTENSIONS = [...PHOTO_EXTENSIONS, 'pdf', 'xlsx', 'docx'];

/** Whether the file name has an extension the API accepts for this kind (the API checks the bytes too). */
export function acceptedFileName(name: string, kind: AttachmentKind): boolean {
  const extension = name.split('.').pop()?.toLowerCase() ?? '';
  return (kind === 'document' ? DOCUMENT_EXTENSIONS : PHOTO_EXTENSIONS).includes(extension);
}

export function listAttachments(outfallId: string, signal?: AbortSignal): Promise<OutfallAttachment[]> {
  return dataOf(
    api.GET('/api/v1/outfalls/{id}/attachments', { params: { path: { id: outfallId } }, signal }),
  );
}

/** Multipart upload (`file`, `kind`). */
export function uploadAttachment(
  outfallId: string,
  kind: AttachmentKind,
  file: File,
): Promise<OutfallAttachment> {
  const form = new FormData();
  form.append('kind', kind);
  form.append('file', file, file.name);
  // multipart (FormData) through requestJson, like every upload: the contract's body has no file field
  return requestJson<OutfallAttachment>('POST', base(outfallId), { body: form });
}

export function downloadAttachment(attachment: OutfallAttachment): Promise<void> {
  return downloadFile(
    `${base(attachment.outfallId)}/${encodeURIComponent(attachment.id)}`,
    attachment.fileName,
  );
}
