import { BulkheadError } from '../../util/errors.js';

/** 2106-02-07T06:28:16Z: the first date that does not fit in 32 bits of seconds. */
export const WRAP_LIMIT = new Date(2 ** 32 * 1000);

/**
 * Ceph RGW 16.2 stores a retention date past 2^32 seconds modulo 2^32 (2107 reads back as 1970),
 * which unlocks the object. Bulkhead never needs such a date, so it never sends one: this refuses
 * it before the request (a hijacked agent with raw keys is stopped by the IAM cap or seen by posture).
 */
export function checkRetainUntil(url: string, key: string, until: Date): void {
  if (until.getTime() >= WRAP_LIMIT.getTime()) {
    throw new BulkheadError(
      'IMMUTABLE',
      `${url}: refused to lock ${key} until ${until.toISOString()}: dates past ${WRAP_LIMIT.toISOString()} wrap to 1970 on some S3 servers (Ceph RGW 16), which unlocks the object`,
    );
  }
}
