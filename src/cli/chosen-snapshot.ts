import { sayErr } from './output.js';
import type { VaultReader } from '../vault/reader.js';
import { snapshotAnomalies } from '../ops/inspect/anomalies.js';
import { chooseSnapshot, contestsOf, latestPerSource, skippedNotice } from '../ops/snapshot-ref.js';
import { readableTime } from '../util/clock.js';
import { ambiguousContests, contestLine } from '../ops/inspect/source-claims.js';

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

/**
 * What the whole "latest" leaves out: writers in different places back up their own sources in runs
 * of their own, so the newest good snapshot holds only the last run's. Each source it does not hold
 * is named on stderr with its own latest good snapshot and the command (`command(name)`) for it; one
 * more than one unrevoked writer backs up has none, and is named with its writers (a hijacked agent's
 * forged copy must not make it vanish from this list).
 */
export async function sayOtherRuns(reader: VaultReader, chosen: string, command: (name: string) => string): Promise<void> {
  const { snapshots } = await reader.snapshots();
  const held = new Set(snapshots.find((s) => s.id === chosen)?.manifest.sources.map((x) => x.name));
  const contests = contestsOf(reader, snapshots);
  const per = latestPerSource(snapshots, await snapshotAnomalies(reader), contests);
  for (const [name, snap] of [...per].sort(([x], [y]) => (x < y ? -1 : 1))) {
    if (!held.has(name)) sayErr(`note: ${name} is not in ${chosen.slice(0, 16)}: it is backed up in other runs (its latest good: ${snap.id.slice(0, 16)}, ${readableTime(snap.at)}); for it: "${command(name)}"`);
  }
  for (const c of ambiguousContests(contests)) {
    if (!held.has(c.name)) sayErr(`note: ${c.name} is not in ${chosen.slice(0, 16)} and has no latest: ${contestLine(c)}; name the snapshot to use by id`);
  }
}
