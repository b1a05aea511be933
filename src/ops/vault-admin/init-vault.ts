import { randomBytes } from 'node:crypto';
import type { BlobStore } from '../../storage/blob-store.js';
import type { RecoveryIdentity } from '../../keys/identity.js';
import { wrapTo } from '../../crypto/wrap.js';
import { DEFAULT_CHUNKER, type ChunkerParams } from '../../chunker/fastcdc.js';
import { MAX_DATA_BLOB } from '../../vault/blob-codec.js';
import { VAULT_FORMAT, type ConfigBody } from '../../vault/config.js';
import { putConfig } from '../../vault/put-config.js';
import { SHARED_FOLDERS } from '../../vault/key-grammar.js';
import { makeVaultFolders } from './vault-folders.js';
import { BulkheadError } from '../../util/errors.js';
import type { Clock } from '../../util/clock.js';
import { listResolved } from '../../vault/listing.js';
import { assertImmutable } from './immutability.js';
import { probeDateHandling } from './date-probe.js';
import { abortRule } from '../inspect/posture-findings.js';

export interface InitVaultArgs {
  store: BlobStore;
  identity: RecoveryIdentity;
  retentionDays: number;
  clock: Clock;
  chunker?: ChunkerParams;
  packSize?: number;
  allowGovernance?: boolean;
  /** Told what the operator must know but that does not stop the init (a server that wraps dates). */
  warn?: (message: string) => void;
}

/** Writes config/00000001: the recipients, the pinned custody key and the dedup secret (wrapped). */
export async function initVault(args: InitVaultArgs): Promise<ConfigBody> {
  const { store, identity } = args;
  if (!Number.isInteger(args.retentionDays) || args.retentionDays < 1) {
    throw new BulkheadError('USAGE', `retention must be a whole number of days ≥ 1, got ${args.retentionDays}`);
  }
  if (args.chunker && args.chunker.max > MAX_DATA_BLOB) {
    throw new BulkheadError('USAGE', `the chunker's maximum may be at most ${MAX_DATA_BLOB} bytes (readers refuse larger blobs), got ${args.chunker.max}`);
  }
  if ((await listResolved(store, 'config/')).objects.size > 0) {
    throw new BulkheadError('VAULT_EXISTS', `${store.url} already holds a vault; connect to it instead of creating one`);
  }
  const posture = await store.posture();
  assertImmutable(store.url, posture, args.retentionDays, !!args.allowGovernance);
  const dateRisk = await probeDateHandling(store, args.clock.now());
  if (dateRisk) args.warn?.(dateRisk);
  // S3 only (a local vault has no lifecycle): the agent's s3:PutObject also starts multipart uploads
  if (posture.lifecycleRules && !abortRule(posture.lifecycleRules)) {
    args.warn?.('no lifecycle rule of this bucket aborts incomplete multipart uploads: an agent can start uploads whose parts are kept, and paid for, forever, in no version listing ("posture" reports them); add a whole-bucket rule with AbortIncompleteMultipartUpload (vault init --create-bucket does)');
  }
  const dedupSecret = randomBytes(32);
  const body: ConfigBody = {
    format: VAULT_FORMAT,
    vaultId: randomBytes(8).toString('hex'),
    seq: 1,
    created: args.clock.now().toISOString(),
    previous: null,
    chunker: args.chunker ?? DEFAULT_CHUNKER,
    retention: { mode: posture.lockMode === 'COMPLIANCE' || posture.lockMode === 'GOVERNANCE' ? posture.lockMode : 'LOCAL', days: args.retentionDays },
    packSize: args.packSize ?? 16 * 1024 * 1024,
    recipients: [{ fingerprint: identity.recipientFingerprint, publicKey: identity.recipientPublic.toString('base64'), label: 'recovery identity' }],
    custodyPublic: identity.custodyPublic.toString('base64'),
    writers: [],
    dedupStanzas: wrapTo(dedupSecret, [identity.recipientPublic]),
  };
  dedupSecret.fill(0);
  // a local vault's shared folders, made before anyone can know the vault: none can be squatted (R5-3)
  makeVaultFolders(store, SHARED_FOLDERS, [], args.warn);
  await putConfig(store, body, identity.custodySeed, args.clock);
  return body;
}
