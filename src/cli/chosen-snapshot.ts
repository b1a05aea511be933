import { sayErr } from './output.js';
import type { VaultReader } from '../vault/reader.js';
import { snapshotAnomalies } from '../ops/inspect/anomalies.js';
import { chooseSnapshot, skippedNotice } from '../ops/snapshot-ref.js';

/**
 * The snapshot id SPEC names for the operator: "latest" passes over warned and anomalous
 * snapshots and says which on stderr; an id is taken as given, with what speaks against it. With a
 * source (`latest:NAME`), "latest" is the newest snapshot holding it: an agent backing up one
 * repository per run (a CronJob each) leaves the others out of the very last snapshot.
 */
export async function operatorSnapshot(reader: VaultReader, spec: string, source?: string): Promise<string> {
  const chosen = await chooseSnapshot(reader, spec, source);
  const lines = skippedNotice(chosen);
  if (spec !== 'latest') {
    const against = [...chosen.snap.warnings, ...((await snapshotAnomalies(reader)).get(chosen.snap.id) ?? []).map((a) => a.message)];
    if (against.length) lines.push(`⚠ snapshot ${chosen.snap.id} is used as named, although: ${[...new Set(against)].join('; ')}`);
  }
  for (const line of lines) sayErr(line);
  return chosen.snap.id;
}
