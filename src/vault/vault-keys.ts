import { hkdf } from '../crypto/kdf.js';
import { blobId } from '../crypto/blob-id.js';

/** Sub-keys of the dedup secret, shared by writers (who dedup) and the operator (who verifies). */
export class VaultKeys {
  readonly #idKey: Buffer;
  readonly indexKey: Buffer;
  readonly chunkerSeed: Buffer;

  constructor(dedupSecret: Buffer) {
    this.#idKey = hkdf(dedupSecret, 'bulkhead/v1/blob-id');
    this.indexKey = hkdf(dedupSecret, 'bulkhead/v1/index');
    this.chunkerSeed = hkdf(dedupSecret, 'bulkhead/v1/chunker');
  }

  blobId(plaintext: Uint8Array): string {
    return blobId(this.#idKey, plaintext);
  }

  /** The keyed-id secret for this process's own restore workers (restore-workers.ts), nowhere else. */
  idKeyForWorkers(): Uint8Array {
    return this.#idKey;
  }

  wipe(): void {
    this.#idKey.fill(0);
    this.indexKey.fill(0);
    this.chunkerSeed.fill(0);
  }
}
