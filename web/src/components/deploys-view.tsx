import { offset } from '../lib/native.js';
import type { Telemetry } from '../lib/telemetry.js';

interface Props {
  telemetry: Telemetry;
  canQuery: boolean;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

/** Deploy history as the last list_deploys showed it. */
export function DeploysView({ telemetry, canQuery, onAct, busy }: Props) {
  const data = telemetry.deploys;
  return (
    <div class="deploys">
      {canQuery && onAct ? (
        <div class="toolbar">
          <button type="button" disabled={busy} onClick={() => onAct({ action_type: 'list_deploys' })}>
            List deploys
          </button>
        </div>
      ) : null}
      {!data ? (
        <p class="empty">Deploy history not listed yet.</p>
      ) : data.deploys.length === 0 ? (
        <p class="empty">No deploys{data.service ? ` of ${data.service}` : ''}.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Deploys">
          <table>
            <caption>
              Deploys{data.service ? ` of ${data.service}` : ''}, as listed at {offset(data.at)}
            </caption>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Service</th>
                <th scope="col">Change</th>
                <th scope="col">Kind</th>
                <th scope="col">Author</th>
                <th scope="col">Note</th>
              </tr>
            </thead>
            <tbody>
              {data.deploys.map((d, i) => (
                <tr key={i}>
                  <td class="nowrap">{d.minutes_ago === null ? d.at : `${d.minutes_ago} min ago`}</td>
                  <th scope="row">{d.service}</th>
                  <td class="mono">
                    {d.previous} → {d.version}
                  </td>
                  <td>{d.kind}</td>
                  <td>{d.author}</td>
                  <td>{d.note}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
