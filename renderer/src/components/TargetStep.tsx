import { useRestore, type Placement } from '../stores/restore.js';

const CHOICES: { value: Placement; label: string; hint: string }[] = [
  { value: 'folder', label: 'Into a folder', hint: 'Each item lands in the folder under its own name. Nothing that exists there is replaced.' },
  {
    value: 'keep-both',
    label: 'Back where it was, keeping both',
    hint: "Relative paths kept. Where a different file is there now, the snapshot's copy is written beside it as NAME.restored-SNAPSHOT.",
  },
  {
    value: 'replace',
    label: 'Back where it was, replacing',
    hint: 'Relative paths kept. Where a different file is there now, it is moved aside into .bulkhead-replaced-TIME-RANDOM in the same folder (never deleted), and the plan lists each one.',
  },
];

/** Where the selection goes: a target folder, or back to its original location with a choice for conflicts. */
export function TargetStep({ vaultId, snapshot, selected }: { vaultId: string; snapshot: string | null; selected: string[] }) {
  const w = useRestore();
  const folder = w.placement === 'folder';
  return (
    <form className="card form" aria-label="Target" onSubmit={(e) => (e.preventDefault(), snapshot && void w.makePlan(vaultId, snapshot, selected))}>
      <h2>Where to restore</h2>
      <fieldset className="placement">
        <legend>Restore to</legend>
        {CHOICES.map((c) => (
          <label key={c.value} className="placement-choice">
            <input type="radio" name="placement" value={c.value} checked={w.placement === c.value} onChange={() => w.setPlacement(c.value)} />
            <span>
              <strong>{c.label}</strong> <span className="muted">{c.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {folder && (
        <label className="field">
          <span>Target folder on this machine</span>
          <input value={w.target} onChange={(e) => w.setTarget(e.target.value)} required placeholder="/srv/restore" autoFocus />
        </label>
      )}
      <button type="button" onClick={() => w.setStep('select')}>Back</button>{' '}
      <button type="submit" className="primary" disabled={(folder && !w.target) || w.busy}>{w.busy ? 'Planning…' : 'Show the plan'}</button>
    </form>
  );
}
