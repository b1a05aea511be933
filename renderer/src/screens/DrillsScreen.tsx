import { useEffect, useState } from 'react';
import { useApp } from '../stores/app.js';
import { useDrills } from '../stores/drills.js';
import { duration, when } from '../format.js';
import { ErrorNote } from '../components/ErrorNote.js';
import { SnapshotPicker } from '../components/SnapshotPicker.js';
import { ProgressBar } from '../components/ProgressBar.js';
import { DrillTrend } from '../components/DrillTrend.js';
import { shownText } from '../shown-text.js';

/** The guided drill (scenario → containment → sandbox → run → verified report) and the drill history. */
export function DrillsScreen() {
  const { vaultId, snapshot } = useApp();
  const { scenarios, drills, refused, historyOf, job, busy, error, load, run } = useDrills();
  const [name, setName] = useState('full-blast');
  const [sandbox, setSandbox] = useState('');
  // "latest": each source from its own latest good snapshot, as an incident would recover them (with a
  // writer per place, the newest good snapshot holds the last run's sources only). Off: the one picked.
  const [ownLatest, setOwnLatest] = useState(true);
  const from = ownLatest ? 'latest' : snapshot;
  // Ticks are kept by step text, not by position in a scenario object: a reload of the scenarios (every
  // visit refreshes them) must not untick what the operator already confirmed. A new scenario starts blank.
  const [ticked, setTicked] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => {
    if (vaultId) void load(vaultId);
  }, [vaultId, load]);
  const scenario = scenarios.find((s) => s.name === name);
  const checked = scenario ? scenario.containment.map((step) => ticked.has(step)) : [];
  const tick = (step: string, on: boolean) => {
    const next = new Set(ticked);
    if (on) next.add(step);
    else next.delete(step);
    setTicked(next);
  };
  if (!vaultId) return null;

  return (
    <section aria-labelledby="drills-title">
      <header className="row">
        <h1 id="drills-title">Drills</h1>
        {!ownLatest && <SnapshotPicker label="Recover from snapshot" />}
      </header>
      <form className="card form" aria-label="Run a drill" onSubmit={(e) => (e.preventDefault(), from && void run({ vaultId, scenario: name, snapshot: from, sandbox, containment: checked }))}>
        <label className="field">
          <span>Scenario</span>
          <select value={name} onChange={(e) => (setName(e.target.value), setTicked(new Set()))}>
            {scenarios.map((s) => (
              <option key={s.name} value={s.name}>{s.name}</option>
            ))}
          </select>
        </label>
        {scenario && (
          <p className="muted">
            {scenario.description} Targets: RTO {scenario.rtoMinutes} min, RPO {scenario.rpoHours} h.
          </p>
        )}
        <label>
          <input type="checkbox" checked={ownLatest} onChange={(e) => setOwnLatest(e.target.checked)} /> Recover each source from its own latest good snapshot (sources backed up in other runs too); untick to pick one snapshot
        </label>
        <fieldset className="containment">
          <legend>Containment (confirm what was done; it is recorded in the report)</legend>
          {scenario?.containment.map((step) => (
            <label key={step}>
              <input type="checkbox" checked={ticked.has(step)} onChange={(e) => tick(step, e.target.checked)} /> {step}
            </label>
          ))}
        </fieldset>
        <label className="field">
          <span>Sandbox folder (new or empty; never production)</span>
          <input value={sandbox} onChange={(e) => setSandbox(e.target.value)} required placeholder="/srv/drill-sandbox" />
        </label>
        <ErrorNote message={error} />
        <button type="submit" className="primary" disabled={busy || !sandbox || !from}>{busy ? 'Running…' : 'Run the drill'}</button>
      </form>
      {job && (
        <div className="card" aria-label="Drill result">
          <ProgressBar job={job} />
          {job.status !== 'running' && <h2>{job.status === 'done' ? '✔ Drill passed' : '✖ Drill failed'}</h2>}
          {job.error && <p className="error" role="alert">✖ {job.error.message}</p>}
          <ul>
            {job.verification.map((v) => (
              <li key={v.item} className={v.ok ? 'ok-text' : 'error'}>{v.ok ? '✔' : '✖'} {shownText(v.item)}: {shownText(v.detail)}</li>
            ))}
          </ul>
          {job.result && <p>Signed report stored in the vault as <span className="mono">{job.result}</span>.</p>}
        </div>
      )}
      <h2>History</h2>
      {drills.length > 1 && <DrillTrend drills={drills} />}
      {historyOf === vaultId && drills.length === 0 && refused.length === 0 && (
        <p className="muted" role="note">No drill has been run on this vault yet. Run one above: its signed report is stored in the vault, where it is kept as evidence for auditors.</p>
      )}
      {drills.length > 0 && (
        <table className="grid" aria-label="Drill history">
          <thead>
            <tr><th>Finished</th><th>Scenario</th><th>RTO / target</th><th>RPO / target</th><th>Verdict</th><th>Report</th></tr>
          </thead>
          <tbody>
            {drills.map((d) => (
              <tr key={d.key} className={d.passed ? '' : 'warn'}>
                <td>{when(d.finished)}</td>
                <td>{d.scenario}</td>
                <td>{duration(d.rtoSeconds)} / {duration(d.rtoTargetSeconds)}</td>
                <td>{duration(d.rpoSeconds)} / {duration(d.rpoTargetSeconds)}</td>
                <td>{d.passed ? '✔ passed' : `✖ failed: ${d.steps.some((x) => !x.ok) ? d.verdict : (d.reasons[0] ?? '')}`}</td>
                <td className="mono">{d.key}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {refused.map((r) => <p key={r} className="error">✖ refused report {r}</p>)}
    </section>
  );
}
