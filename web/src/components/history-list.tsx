import { actionLabel, signed } from '../lib/format.js';
import { offset } from '../lib/native.js';
import type { HistoryEntry } from '../lib/telemetry.js';

/** The actions taken so far, newest last, with their outcome and reward. */
export function HistoryList({ history }: { history: HistoryEntry[] }) {
  if (history.length === 0) return <p class="empty">No actions yet.</p>;
  return (
    <div class="table-wrap" tabIndex={0} role="region" aria-label="Actions taken">
      <table class="history">
        <thead>
          <tr>
            <th scope="col">Step</th>
            <th scope="col">Clock</th>
            <th scope="col">Action</th>
            <th scope="col">Outcome</th>
            <th scope="col">Reward</th>
          </tr>
        </thead>
        <tbody>
          {history.map((h) => (
            <tr key={h.step} class={h.ok ? '' : 'failed'}>
              <td class="num">{h.step}</td>
              <td class="mono">{offset(h.minute)}</td>
              <th scope="row" class="mono action-cell">
                {actionLabel(h.action)}
              </th>
              <td>{h.summary}</td>
              <td class="num">{signed(h.reward)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
