import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Proof of work for the public intake: the server hands out `v1.<bits>.<expiresAtMs>.<random>.<hmac>`; the client
 * finds a nonce so that sha256(challenge + nonce) starts with `bits` zero bits. The HMAC makes the challenge
 * unforgeable (difficulty and expiry cannot be lowered); the server records each accepted challenge to refuse reuse.
 */
export interface Challenge {
  challenge: string;
  bits: number;
  expiresAt: Date;
}

export function issueChallenge(key: Buffer, bits: number, ttlSeconds: number, now = Date.now()): Challenge {
  const expiresAt = now + ttlSeconds * 1000;
  const body = `v1.${bits}.${expiresAt}.${randomBytes(12).toString('hex')}`;
  const mac = createHmac('sha256', key).update(body).digest('hex').slice(0, 32);
  return { challenge: `${body}.${mac}`, bits, expiresAt: new Date(expiresAt) };
}

export function leadingZeroBits(hash: Buffer): number {
  let bits = 0;
  for (const byte of hash) {
    if (byte === 0) {
      bits += 8;
      continue;
    }
    return bits + Math.clz32(byte) - 24;
  }
  return bits;
}

export type ChallengeRefusal = 'malformed' | 'signature' | 'expired' | 'difficulty' | 'work';

/** Why the answer is refused, or null with the challenge's expiry when it is a valid, unexpired solution. */
export function checkSolution(
  key: Buffer,
  minBits: number,
  challenge: string,
  nonce: string,
  now = Date.now(),
): { refusal: ChallengeRefusal } | { refusal: null; expiresAt: Date } {
  const parts = challenge.split('.');
  if (parts.length !== 5 || parts[0] !== 'v1' || !/^[0-9a-f]{32}$/.test(parts[4]))
    return { refusal: 'malformed' };
  const body = parts.slice(0, 4).join('.');
  const expected = createHmac('sha256', key).update(body).digest('hex').slice(0, 32);
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(parts[4]))) return { refusal: 'signature' };
  const bits = Number(parts[1]);
  const expiresAt = Number(parts[2]);
  if (!Number.isInteger(bits) || !Number.isFinite(expiresAt)) return { refusal: 'malformed' };
  if (expiresAt < now) return { refusal: 'expired' };
  if (bits < minBits) return { refusal: 'difficulty' };
  if (
    leadingZeroBits(
      createHash('sha256')
        .update(challenge + nonce)
        .digest(),
    ) < bits
  )
    return { refusal: 'work' };
  return { refusal: null, expiresAt: new Date(expiresAt) };
}

/** Solves a challenge (tests, the demo seeder). */
export function solve(challenge: string, bits: number): string {
  for (let n = 0; ; n++) {
    const nonce = n.toString(36);
    if (
      leadingZeroBits(
        createHash('sha256')
          .update(challenge + nonce)
          .digest(),
      ) >= bits
    )
      return nonce;
  }
}
