import { enrollWriter } from '../../ops/vault-admin/enroll-writer.js';
import { listWriters, revokeWriter } from '../../ops/vault-admin/vault-admin.js';
import { iamPolicies } from '../../ops/vault-admin/iam-policy.js';
import { loadConfig } from '../../vault/load-config.js';
import { BulkheadError } from '../../util/errors.js';
import { record, type ConsoleDeps, type HandlerGroup } from './deps.js';
import { reserveNewFile } from './new-file.js';

/** What the operator types to revoke a writer: its id as the table shows it (labels may repeat). */
export const revokeWord = (writerId: string) => writerId.slice(0, 12);

/** Writers: list, enroll (credential shown once), revoke; each change audited. */
export function keysHandlers(deps: ConsoleDeps): HandlerGroup<'writers.list' | 'writers.enroll' | 'writers.revoke'> {
  const store = (vaultId: string) => deps.readers.store(vaultId);
  return {
    'writers.list': async ({ vaultId }) => listWriters({ store: await store(vaultId), identity: deps.session.identity }),

    'writers.enroll': async ({ vaultId, label, out }) => {
      const vault = deps.vaults.get(vaultId);
      // The credential's file first: a wrong path is refused before the writer is in the (immutable) config.
      const reserved = reserveNewFile(out, 'credential');
      const file = reserved.file;
      let credential;
      try {
        credential = await enrollWriter({ store: await store(vaultId), identity: deps.session.identity, label, clock: deps.clock });
      } catch (e) {
        reserved.abandon();
        throw e;
      }
      deps.readers.drop(vaultId); // the config changed
      const writer = { id: credential.enrollment.writerId, label, enrolled: credential.enrollment.enrolled, revoked: null, lastSnapshot: null };
      reserved.write(JSON.stringify(credential, null, 2) + '\n');
      record(deps, { action: 'writer-enroll', outcome: 'ok', vault: vault.name, detail: `${label} (${writer.id}), credential written to ${file}` });
      let iamPolicy: string | null = null;
      if (vault.url.startsWith('s3://')) {
        const { parseS3Url } = await import('../../storage/s3/s3-url.js');
        const { bucket, prefix } = parseS3Url(vault.url);
        // The cap on lock dates follows this vault's retention (a longer one needs a higher cap).
        const { config } = await loadConfig(await store(vaultId), deps.session.identity.custodyPublic);
        iamPolicy = JSON.stringify(iamPolicies(bucket, prefix, config.body.retention.days, writer.id, config.body.retention.mode === 'GOVERNANCE' ? 'GOVERNANCE' : 'COMPLIANCE').agent, null, 2);
      }
      return { writer, file, iamPolicy };
    },

    'writers.revoke': async ({ vaultId, writerId, confirm }) => {
      const vault = deps.vaults.get(vaultId);
      const writers = await listWriters({ store: await store(vaultId), identity: deps.session.identity });
      const target = writers.find((w) => w.id === writerId);
      if (!target) throw new BulkheadError('NOT_FOUND', 'no such writer in this vault');
      if (confirm !== revokeWord(target.id)) {
        record(deps, { action: 'writer-revoke', outcome: 'refused', vault: vault.name, detail: `${target.label} (${target.id}): not confirmed` });
        throw new BulkheadError('USAGE', `type the writer's id "${revokeWord(target.id)}" to confirm (labels can repeat; the id cannot)`);
      }
      const body = await revokeWriter({ store: await store(vaultId), identity: deps.session.identity, clock: deps.clock, writer: writerId });
      deps.readers.drop(vaultId);
      const revoked = body.writers.find((w) => w.id === writerId)!.revoked!;
      record(deps, { action: 'writer-revoke', outcome: 'ok', vault: vault.name, detail: `${target.label} (${writerId}) revoked at ${revoked}` });
      return { ...target, revoked };
    },
  };
}
