import { createHash } from 'node:crypto';
import { detectPhotoType, MalformedImageError, stripMetadata } from './image-metadata';
import { checkSolution, issueChallenge, leadingZeroBits, solve } from './proof-of-work';

const riffChunk = (fourcc: string, data: Buffer) => {
  const head = Buffer.alloc(8);
  head.write(fourcc, 0, 'latin1');
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 ? Buffer.alloc(1) : Buffer.alloc(0)]);
};
const webp = (...chunks: Buffer[]) => {
  const body = Buffer.concat(chunks);
  const head = Buffer.alloc(12);
  head.write('RIFF', 0, 'latin1');
  head.writeUInt32LE(4 + body.length, 4);
  head.write('WEBP', 8, 'latin1');
  return Buffer.concat([head, body]);
};

describe('photo metadata removal', () => {
  it('drops WebP EXIF and XMP chunks, clears the VP8X flags and fixes the RIFF size', () => {
    const vp8x = Buffer.alloc(10);
    vp8x[0] = 0x0c | 0x10; // EXIF + XMP + alpha
    const input = webp(
      riffChunk('VP8X', vp8x),
      riffChunk('VP8L', Buffer.from([1, 2, 3])),
      riffChunk('EXIF', Buffer.from('GPS 44N', 'latin1')),
      riffChunk('XMP ', Buffer.from('<x:xmpmeta/>', 'latin1')),
    );
    expect(detectPhotoType(input)).toBe('image/webp');
    const out = stripMetadata('image/webp', input);
    expect(out.toString('latin1')).not.toMatch(/EXIF|XMP|GPS/);
    expect(out.readUInt32LE(4)).toBe(out.length - 8);
    expect(out[20]).toBe(0x10);
    expect(out.toString('latin1')).toContain('VP8L');
  });

  it('recognises types by their bytes and refuses truncated structures', () => {
    expect(detectPhotoType(Buffer.from('GIF89a....'))).toBeNull();
    expect(detectPhotoType(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('image/jpeg');
    expect(() => stripMetadata('image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xe1, 0x40, 0x00, 1]))).toThrow(
      MalformedImageError,
    );
  });
});

describe('proof of work', () => {
  const key = Buffer.from('k'.repeat(32));

  it('accepts a solution and refuses a wrong nonce, a tampered difficulty and an expired challenge', () => {
    const c = issueChallenge(key, 8, 60);
    const nonce = solve(c.challenge, 8);
    expect(
      leadingZeroBits(
        createHash('sha256')
          .update(c.challenge + nonce)
          .digest(),
      ),
    ).toBeGreaterThanOrEqual(8);
    expect(checkSolution(key, 8, c.challenge, nonce).refusal).toBeNull();
    let wrong = 0;
    while (
      leadingZeroBits(
        createHash('sha256')
          .update(c.challenge + wrong)
          .digest(),
      ) >= 8
    )
      wrong++;
    expect(checkSolution(key, 8, c.challenge, String(wrong)).refusal).toBe('work');
    expect(checkSolution(key, 8, c.challenge.replace('v1.8.', 'v1.0.'), nonce).refusal).toBe('signature');
    expect(checkSolution(key, 9, c.challenge, nonce).refusal).toBe('difficulty');
    expect(checkSolution(key, 8, c.challenge, nonce, Date.now() + 61_000).refusal).toBe('expired');
    expect(checkSolution(key, 8, 'junk', nonce).refusal).toBe('malformed');
  });
});
