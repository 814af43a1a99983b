import { createHash } from 'node:crypto';

/** Buckets per id: a percentage is honoured to two decimals (12.34 % = buckets 0–1233). */
export const BUCKETS = 10_000;

/**
 * The id's bucket, 0–9999: the first four bytes of SHA-256(UTF-8 of `salt:id`, or of `id` when
 * there is no salt) read as a big-endian unsigned 32-bit number, modulo 10,000. SHA-256 is in
 * every language's standard library, so a Rust, Go or Python service computes the same bucket
 * (README has the exact steps and test vectors).
 */
export function splitBucket(id: string, salt = ''): number {
  const key = salt === '' ? id : `${salt}:${id}`;
  const digest = createHash('sha256').update(key, 'utf8').digest();
  return digest.readUInt32BE(0) % BUCKETS;
}

/**
 * Whether the id goes to the canary at `percent` (0–100, two decimals are honoured). An id is
 * canary when its bucket is below percent × 100, so raising the percentage only adds ids: an id
 * that is canary at 10 % is canary at 25 % and 50 %, and 0 % / 100 % are exact.
 */
export function isCanary(id: string, percent: number, salt = ''): boolean {
  if (!Number.isFinite(percent) || percent < 0 || percent > 100) {
    throw new RangeError(`percent must be a number from 0 to 100, got ${percent}`);
  }
  return splitBucket(id, salt) < Math.round(percent * 100);
}
