/**
 * Photo type detection by magic bytes and removal of location metadata, in plain JavaScript (no image library):
 * JPEG APP1 (EXIF, XMP) and APP13 (IPTC) segments, PNG eXIf / tEXt / iTXt / zTXt chunks, WebP EXIF / XMP chunks.
 * The pixels are not decoded or re-encoded.
 */
export type PhotoType = 'image/jpeg' | 'image/png' | 'image/webp';

export class MalformedImageError extends Error {}

export function detectPhotoType(bytes: Buffer): PhotoType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (
    bytes.length >= 12 &&
    bytes.toString('latin1', 0, 4) === 'RIFF' &&
    bytes.toString('latin1', 8, 12) === 'WEBP'
  )
    return 'image/webp';
  return null;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_DROPPED = new Set(['eXIf', 'tEXt', 'iTXt', 'zTXt']);
const WEBP_DROPPED = new Set(['EXIF', 'XMP ']);
/** APP1 (EXIF, XMP) and APP13 (Photoshop / IPTC). */
const JPEG_DROPPED = new Set([0xe1, 0xed]);

function stripJpeg(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let i = 2;
  while (i < bytes.length) {
    if (bytes[i] !== 0xff) throw new MalformedImageError('JPEG: marker expected');
    let j = i;
    while (bytes[j + 1] === 0xff) j++; // fill bytes
    const marker = bytes[j + 1];
    if (marker === undefined) throw new MalformedImageError('JPEG: truncated');
    if (marker === 0xd9 || marker === 0xda) {
      // end of image, or start of scan: the rest is entropy-coded data, copied as it is
      parts.push(bytes.subarray(i));
      return Buffer.concat(parts);
    }
    if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      parts.push(bytes.subarray(i, j + 2));
      i = j + 2;
      continue;
    }
    if (j + 3 >= bytes.length) throw new MalformedImageError('JPEG: truncated segment');
    const length = bytes.readUInt16BE(j + 2);
    const end = j + 2 + length;
    if (length < 2 || end > bytes.length) throw new MalformedImageError('JPEG: bad segment length');
    if (!JPEG_DROPPED.has(marker)) parts.push(bytes.subarray(i, end));
    i = end;
  }
  return Buffer.concat(parts);
}

function stripPng(bytes: Buffer): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let i = 8;
  while (i < bytes.length) {
    if (i + 12 > bytes.length) throw new MalformedImageError('PNG: truncated chunk');
    const length = bytes.readUInt32BE(i);
    const type = bytes.toString('latin1', i + 4, i + 8);
    const end = i + 12 + length;
    if (end > bytes.length) throw new MalformedImageError('PNG: bad chunk length');
    if (!PNG_DROPPED.has(type)) parts.push(bytes.subarray(i, end));
    i = end;
    if (type === 'IEND') break;
  }
  return Buffer.concat(parts);
}

function stripWebp(bytes: Buffer): Buffer {
  const parts: Buffer[] = [];
  let i = 12;
  const riffEnd = Math.min(bytes.length, 8 + bytes.readUInt32LE(4));
  while (i < riffEnd) {
    if (i + 8 > riffEnd) throw new MalformedImageError('WebP: truncated chunk');
    const fourcc = bytes.toString('latin1', i, i + 4);
    const size = bytes.readUInt32LE(i + 4);
    const end = i + 8 + size + (size % 2);
    if (i + 8 + size > riffEnd) throw new MalformedImageError('WebP: bad chunk size');
    if (!WEBP_DROPPED.has(fourcc)) {
      const chunk = Buffer.from(bytes.subarray(i, Math.min(end, riffEnd)));
      // VP8X flags: clear "has EXIF" (0x08) and "has XMP" (0x04)
      if (fourcc === 'VP8X' && size >= 1) chunk[8] &= ~0x0c;
      parts.push(chunk);
    }
    i = end;
  }
  const body = Buffer.concat(parts);
  const header = Buffer.alloc(12);
  header.write('RIFF', 0, 'latin1');
  header.writeUInt32LE(4 + body.length, 4);
  header.write('WEBP', 8, 'latin1');
  return Buffer.concat([header, body]);
}

/** The photo without its metadata; throws MalformedImageError when the structure cannot be read. */
export function stripMetadata(type: PhotoType, bytes: Buffer): Buffer {
  switch (type) {
    case 'image/jpeg':
      return stripJpeg(bytes);
    case 'image/png':
      return stripPng(bytes);
    case 'image/webp':
      return stripWebp(bytes);
  }
}
