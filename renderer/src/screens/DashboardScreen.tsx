import { useEffect } from 'react';
import { useApp } from '../stores/app.js';
import { useSession } from '../stores/session.js';
import { useVaultData } from '../stores/vault-data.js';
import { useSettings } from '../stores/settings.js';
import { ago, days, when } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { useLatestBySource } from './latest-by-source.js';
import { AnomalyList } from '../components/AnomalyList.js';
import { shownText } from '../shown-text.js';

/** Findings the card already shows in its own rows; the rest (foreign keys, lifecycle, odd locks…) are listed as they come. */
const LISTED_ABOVE = new Set(['not-immutable', 'unlocked-objects', 'delete-markers', 'overwrites', 'untrusted-snapshot', 'tampered', 'stale-source']);

/** Is my recovery layer intact? What looks wrong? */
export function DashboardScreen() {
  const vaultId = useApp((s) => s.vaultId);
  const unlocked = useSession((s) => s.status?.unlocked ?? false);
  const { posture, snapshots, tampered, loading, error, load } = useVaultData();
  const refused = [...new Set([...(posture?.tampered ?? []), ...tampered])];
  const refusedShown = refused.slice(0, 20);
  const latest = useLatestBySource();
  const rpoHours = useSettings((s) => s.settings?.rpoHours ?? 24);
  useEffect(() => void useSettings.getState().load(), []);
  useEffect(() => {
    if (vaultId) void load(vaultId, { unlocked });
  }, [vaultId, unlocked, load]);
  if (!vaultId) return null;

  const stale = new Map(posture?.staleSources.map((s) => [s.name, s]) ?? []);
  return (
    <section aria-labelledby="dash-title">
      <header className="row">
        <h1 id="dash-title">Dashboard</h1>
        <button onClick={() => void load(vaultId, { unlocked, refresh: true })} disabled={loading}>
          {loading ? 'Checking…' : 'Check again'}
        </button>
      </header>
      <ErrorNote message={error} />
      {posture && (
        <div className={`card posture ${posture.immutable && posture.findings.length === 0 ? 'ok' : 'bad'}`} aria-label="Posture">
          <h2>
            {posture.immutable ? '✔ Immutable' : '✖ Not immutable'} · {posture.lockMode}
            {posture.defaultRetentionDays !== null && ` ${posture.defaultRetentionDays} d`}
            {posture.shortestRetention && `, shortest lock ${days(posture.shortestRetention.remainingDays)} left`}
          </h2>
          <p>{posture.verdict}</p>
          <ul className="facts">
            <li>Versioning: {posture.versioning}</li>
            <li>
              {posture.objects} objects, {posture.unlockedObjects.count} needed without a lock
              {posture.expiredLocks.count > 0 && `, ${posture.expiredLocks.count} others unlocked (${posture.expiredLocks.shortLocked} short-locked, ${posture.expiredLocks.pastRetention} past the retention)`}
            </li>
            <li className={posture.deleteMarkers.count ? 'warn' : ''}>
              {posture.deleteMarkers.count ? `⚠ ${posture.deleteMarkers.count} delete markers ${when(posture.deleteMarkers.first)} – ${when(posture.deleteMarkers.last)} (attempted deletions)` : '✔ No delete markers'}
            </li>
            <li className={posture.overwrites.count ? 'warn' : ''}>{posture.overwrites.count ? `⚠ ${posture.overwrites.count} overwrite attempts` : '✔ No overwrite attempts'}</li>
            {posture.untrustedSnapshots.map((u) => (
              <li key={u} className="warn">
                ⚠ untrusted snapshot {u}
              </li>
            ))}
            {/* A writer can store thousands of junk snapshots: the first few are named, the rest counted. */}
            {refusedShown.map((t) => (
              <li key={t} className="warn">
                ⚠ refused as tampered: {t}
              </li>
            ))}
            {refused.length > refusedShown.length && <li className="warn">⚠ and {refused.length - refusedShown.length} more refused as tampered</li>}
            {posture.findings
              // Anomalous snapshots have their own card below (local times, recovered or not, a diff): not twice.
              .filter((f) => !LISTED_ABOVE.has(f.code) && !(f.code === 'anomalous-snapshot' && snapshots.length > 0))
              .map((f) => (
                <li key={`${f.code} ${f.message}`} className="warn">
                  ⚠ {f.message}
                </li>
              ))}
            {posture.notes.map((n) => (
              <li key={n} className="muted">
                {n}
              </li>
            ))}
          </ul>
          {!posture.withIdentity && !unlocked && (
            <p className="muted">
              Unlock the identity to check what the latest snapshots need and how old they are.{' '}
              <button onClick={() => useApp.getState().askUnlock()}>Unlock</button>
            </p>
          )}
          {/* Unlocked, yet this vault was not read with it (the message above says why): never "Unlock" to someone unlocked. */}
          {!posture.withIdentity && unlocked && !loading && (
            <p className="warn" role="note">
              ⚠ The unlocked identity could not read this vault: what its latest snapshots need and how old they are is not checked.{' '}
              <button onClick={() => void useSession.getState().lock()}>Lock now</button>
            </p>
          )}
        </div>
      )}
      <AnomalyList vaultId={vaultId} snapshots={snapshots} />
      {unlocked && latest.length > 0 && (
        <table className="grid" aria-label="Sources">
          <thead>
            <tr>
              <th>Source</th>
              <th>Kind</th>
              <th>Last snapshot</th>
              <th>RPO target</th>
              <th>Status</th>
            </tr>
          </thead>
          <tbody>
            {latest.map(({ source, snapshot, good }) => (
              <tr key={source.name}>
                <td>{shownText(source.name)}</td>
                <td>{source.kind}</td>
                <td title={when(snapshot.at)}>{ago(snapshot.at)}</td>
                <td>{rpoHours} h</td>
                <td title={shownText(source.failed ?? source.unread?.note ?? '')}>{status(source, snapshot, good, stale.get(source.name))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

type Latest = ReturnType<typeof useLatestBySource>[number];

/** A source's state in one phrase: its last backup failed (and what a restore would bring back), stale, an anomaly, or current. */
function status(source: Latest['source'], snapshot: Latest['snapshot'], good: Latest['good'], stale?: { ageHours: number }): string {
  if (source.failed) return `✖ last backup failed; ${good ? `last good ${ago(good.at)}` : 'never backed up whole'}`;
  // a source whose only snapshots are dated in the future has no age (posture's futureTime): stale all the same
  if (stale) return stale.ageHours < 0 ? '✖ stale (its snapshots are dated in the future)' : `✖ stale (${Math.round(stale.ageHours)} h old)`;
  if (source.unread) return `⚠ incomplete: ${source.unread.count} ${source.unread.count === 1 ? 'entry' : 'entries'} unreadable at backup`;
  return snapshot.anomalies.some((a) => a.source === null || a.source === source.name) ? '⚠ anomaly' : '✔ current';
}
