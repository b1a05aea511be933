import { useEffect } from 'react';
import { useApp } from '../stores/app.js';
import { useSession } from '../stores/session.js';
import { useVaultData } from '../stores/vault-data.js';
import { useVaults } from '../stores/vaults.js';
import { useIncident } from '../stores/incident.js';
import { useBrowse } from '../stores/browse.js';
import { incidentLineages, uncomparedSources } from './lineages.js';
import { LineageSection } from './LineageSection.js';
import { firstOfEachKind } from './posture-lines.js';
import { shownText } from '../shown-text.js';

/** Groups of sources compared with live as the screen opens; later ones wait for a click (each walks live state). */
const AUTO = 8;
/** Groups shown at all: more is a sign of a writer inventing source names, said as such. */
const SHOWN = 40;

/**
 * One screen for the moment after an agent struck: posture; what changed since each source's latest
 * good snapshot (with a writer per place, the sources of each run are compared from that run's
 * snapshot); one plan per snapshot to bring all of it back; one confirmation; one report.
 */
export function IncidentScreen() {
  const vaultId = useApp((s) => s.vaultId);
  const chooseSnapshot = useApp((s) => s.chooseSnapshot);
  const unlocked = useSession((s) => s.status?.unlocked ?? false);
  const { posture, snapshots, load } = useVaultData();
  const vault = useVaults((s) => s.vaults.find((v) => v.id === vaultId));
  const error = useIncident((s) => Object.values(s.lineages).find((l) => l.error)?.error ?? null);
  useEffect(() => {
    if (vaultId && snapshots.length === 0) void load(vaultId, { unlocked });
  }, [vaultId, unlocked, snapshots.length, load]);
  if (!vaultId) return null;
  const lineages = incidentLineages(snapshots);
  const uncompared = uncomparedSources(snapshots);
  // A source with no live side (a command's output, a database dump) is not compared nor in "Restore
  // all": Restore opens with it chosen from its snapshot, to be written into a folder and loaded by hand.
  const restoreOne = (snapshot: { id: string }, source: string) => {
    useBrowse.getState().select([source]);
    chooseSnapshot(snapshot.id, 'restore');
  };

  return (
    <section aria-labelledby="incident-title">
      <header className="row">
        <h1 id="incident-title">Incident</h1>
      </header>
      {posture && (
        <div className={`card posture ${posture.immutable && posture.findings.length === 0 ? 'ok' : 'bad'}`} aria-label="Posture">
          <h2>{posture.immutable ? '✔ Backups immutable' : '✖ Backups NOT immutable'} · {posture.lockMode}</h2>
          {posture.findings.length === 0 && <p>{posture.verdict}</p>}
          {posture.findings.length > 0 && (
            <ul>
              {firstOfEachKind(posture).map(({ finding: f, more }) => (
                <li key={f.code + f.message} className="warn">
                  ⚠ {shownText(f.message)}
                  {more > 0 && ` (and ${more} more of this kind)`}
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      {snapshots.length > 0 && lineages.length === 0 && (
        <div className="card" aria-label="Latest good snapshot">
          <p className="error">✖ No snapshot is free of warnings and anomalies: choose one in Timeline, then use Diff and Restore.</p>
        </div>
      )}
      {lineages.length > 1 && (
        <p className="muted" aria-label="Runs compared">
          These sources have {lineages.length} different latest good snapshots (runs of other writers, or a snapshot that is anomalous for some sources only): each group is compared with live from its own, and comes back with its own plan.
        </p>
      )}
      {lineages.length > 1 && error && <p className="muted">One of the comparisons below failed; its message is shown there.</p>}
      {uncompared.length > 0 && (
        <div className="card" role="note" aria-label="Sources not compared">
          <p className="warn">⚠ {uncompared.length} source{uncompared.length === 1 ? ' has' : 's have'} no latest good snapshot, so nothing below compares {uncompared.length === 1 ? 'it' : 'them'}: choose a snapshot in Timeline, then use Diff and Restore.</p>
          <ul>
            {uncompared.slice(0, 10).map((u) => (
              <li key={u.name}>{shownText(u.name)}: {shownText(u.why)}</li>
            ))}
          </ul>
          {uncompared.length > 10 && <p className="muted">and {uncompared.length - 10} more</p>}
        </div>
      )}
      {lineages.slice(0, SHOWN).map((l, i) => (
        <LineageSection key={l.snapshot.id} vaultId={vaultId} vaultName={vault?.name ?? ''} lineage={l} named={lineages.length > 1} auto={i < AUTO} restoreOne={restoreOne} />
      ))}
      {lineages.length > SHOWN && (
        <p className="warn" role="note">
          ⚠ {lineages.length - SHOWN} more groups of sources with latest good snapshots of their own ({lineages.slice(SHOWN, SHOWN + 5).flatMap((l) => l.sources.map((s) => s.name)).join(', ')}…): so many is unusual (a writer inventing source names?); compare them one by one in Diff.
        </p>
      )}
    </section>
  );
}
