/** Leading zero bits of a digest. */
function leadingZeroBits(bytes: Uint8Array): number {
  let bits = 0;
  for (const byte of bytes) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

/**
 * Finds a nonce so that sha256(challenge + nonce) has `bits` leading zero bits, with Web Crypto in a loop
 * (about 2^bits digests on average); yields to the page every batch so it stays responsive.
 */
export async function solveChallenge(
  challenge: string,
  bits: number,
  onProgress?: (tried: number) => void,
): Promise<string> {
  const encoder = new TextEncoder();
  const batch = 256;
  for (let n = 0; ; n += batch) {
    const tries = Array.from({ length: batch }, (_, i) => (n + i).toString(36));
    const digests = await Promise.all(
      tries.map((nonce) => crypto.subtle.digest('SHA-256', encoder.encode(challenge + nonce))),
    );
    const found = digests.findIndex((d) => leadingZeroBits(new Uint8Array(d)) >= bits);
    if (found >= 0) return tries[found];
    onProgress?.(n + batch);
  }
}
