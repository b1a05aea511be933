import { BulkheadError } from '../../util/errors.js';
import { isWriterId } from '../../vault/key-grammar.js';
import { iamPolicies } from '../../ops/vault-admin/iam-policy.js';
import { parseS3Url } from '../../storage/s3/s3-url.js';
import { printJson } from '../output.js';

/** `vault policy`: IAM policy documents from the flags alone (no vault, no key). */
export function runPolicy(opts: { store: string; retentionDays: string; writer?: string; allowGovernance?: boolean; json?: boolean }): void {
  if (!opts.store.startsWith('s3://')) throw new BulkheadError('USAGE', 'IAM policies are for s3:// stores, e.g. --store s3://my-vault/prod');
  const days = Number(opts.retentionDays);
  if (!Number.isInteger(days) || days < 1) throw new BulkheadError('USAGE', `--retention-days must be a whole number ≥ 1, got "${opts.retentionDays}"`);
  const { bucket, prefix } = parseS3Url(opts.store);
  const writer = opts.writer?.replace(/-/g, ''); // as printed, grouped or not
  if (writer !== undefined && !isWriterId(writer)) throw new BulkheadError('USAGE', `--writer takes a writer id as "vault enroll" and "vault writers" print it (26 letters A–Z and digits 2–7), got "${opts.writer}"`);
  printJson(iamPolicies(bucket, prefix, days, writer, opts.allowGovernance ? 'GOVERNANCE' : 'COMPLIANCE'));
}
