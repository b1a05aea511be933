import type { RestorePlanView } from '../../../src/api/restore-methods.js';
import { formatBytes } from '../format.js';
import { shownText } from '../shown-text.js';

type Item = RestorePlanView['items'][number];

function state(plan: RestorePlanView, i: Item): { cls: string; text: string } {
  if (i.exists) return { cls: 'error', text: '✖ already exists' };
  if (!plan.inPlace || !i.replaced) return { cls: 'ok-text', text: '✔ nothing there' };
  if (i.replaced.length === 0) return { cls: 'ok-text', text: '✔ nothing replaced' };
  return { cls: 'warn', text: `⚠ replaces ${i.replaced.length} (moved aside first)` };
}

/** Every item, where it lands, what it writes, and whether something is already there. */
export function PlanTable({ plan }: { plan: RestorePlanView }) {
  const replaced = plan.items.flatMap((i) => i.replaced ?? []);
  return (
    <>
      <table className="grid" aria-label="Restore plan">
        <thead>
          <tr>
            <th>Item</th>
            <th>Lands at</th>
            <th>Files</th>
            <th>Size</th>
            <th>{plan.inPlace ? 'There now' : 'At the target now'}</th>
          </tr>
        </thead>
        <tbody>
          {plan.items.map((i) => {
            const s = state(plan, i);
            return (
              <tr key={i.source}>
                <td className="mono name">{shownText(i.source)}</td>
                <td className="mono name">
                  {shownText(i.destination)}
                  <details>
                    <summary>writes</summary>
                    <ul className="writes">
                      {i.writes.map((w) => (
                        <li key={w} className="mono">{shownText(w)}</li>
                      ))}
                      {i.more > 0 && <li className="muted">and {i.more} more</li>}
                    </ul>
                  </details>
                  {i.runsCi && (
                    <div className="warn" aria-label={`Pipelines pushed by ${i.source}`}>
                      ⚠ its push runs CI the live repository does not run now, with its secrets (refused unless “Allow pipeline changes” is ticked below):
                      <ul>
                        {i.runsCi.map((l) => (
                          <li key={l} className="mono">{shownText(l)}</li>
                        ))}
                      </ul>
                    </div>
                  )}
                  {i.leftOut && (
                    <div className="warn" aria-label={`Not restored from ${i.source}`}>
                      ⚠ not restored (the snapshot cannot give {i.leftOut.length === 1 ? 'it' : 'them'}):
                      <ul>
                        {i.leftOut.map((l) => (
                          <li key={l} className="mono">{shownText(l)}</li>
                        ))}
                      </ul>
                    </div>
                  )}
                </td>
                <td>{i.files}</td>
                <td>{formatBytes(i.bytes)}</td>
                <td className={s.cls}>{s.text}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {replaced.length > 0 && (
        <div aria-label="Replaced files">
          <h3>Replaced: each current copy is moved aside first, never deleted</h3>
          <ul>
            {plan.items.flatMap((i) => (i.replaced ?? []).map((r) => <li key={`${i.source}|${r}`} className="mono">{shownText(r)}</li>))}
          </ul>
        </div>
      )}
    </>
  );
}
