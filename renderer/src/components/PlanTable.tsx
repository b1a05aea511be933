import type { RestorePlanView } from '../../../src/api/restore-methods.js';
import { formatBytes } from '../format.js';

/** Every item, where it lands, what it writes, and whether something is already there. */
export function PlanTable({ plan }: { plan: RestorePlanView }) {
  return (
    <table className="grid" aria-label="Restore plan">
      <thead>
        <tr>
          <th>Item</th>
          <th>Lands at</th>
          <th>Files</th>
          <th>Size</th>
          <th>At the target now</th>
        </tr>
      </thead>
      <tbody>
        {plan.items.map((i) => (
          <tr key={i.source}>
            <td className="mono">{i.source}</td>
            <td className="mono">
              {i.destination}
              <details>
                <summary>writes</summary>
                <ul className="writes">
                  {i.writes.map((w) => (
                    <li key={w} className="mono">{w}</li>
                  ))}
                  {i.more > 0 && <li className="muted">and {i.more} more</li>}
                </ul>
              </details>
            </td>
            <td>{i.files}</td>
            <td>{formatBytes(i.bytes)}</td>
            <td className={i.exists ? 'error' : 'ok-text'}>{i.exists ? '✖ already exists' : '✔ nothing there'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
