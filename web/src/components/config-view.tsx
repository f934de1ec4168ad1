import { offset } from '../lib/native.js';
import type { Telemetry } from '../lib/telemetry.js';
import { ServicePicker } from './service-picker.js';

interface Props {
  telemetry: Telemetry;
  service: string | null;
  onService: (service: string) => void;
  canQuery: boolean;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

/** A service's configuration and its recent changes, as the last get_config showed them. */
export function ConfigView({ telemetry, service, onService, canQuery, onAct, busy }: Props) {
  const services = telemetry.order;
  const current = service ?? Object.keys(telemetry.configs).at(-1) ?? services[0] ?? null;
  const view = current ? telemetry.configs[current] : undefined;
  return (
    <div class="config">
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (current && onAct) onAct({ action_type: 'get_config', service: current });
        }}
      >
        <ServicePicker services={services} current={current} onService={onService} seen={(s) => Boolean(telemetry.configs[s])} />
        {canQuery && onAct ? (
          <button type="submit" disabled={busy || current === null}>
            Get config
          </button>
        ) : null}
      </form>
      {!view ? (
        <p class="empty">{current ? `Configuration of ${current} not read yet.` : 'No services seen yet.'}</p>
      ) : (
        <>
          <p class="small muted">
            {view.service} {view.version ?? ''} · {view.replicas ?? '?'} replicas · read at {offset(view.at)}
          </p>
          {view.config.length === 0 ? (
            <p>No configuration keys.</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={`Configuration of ${view.service}`}>
              <table>
                <thead>
                  <tr>
                    <th scope="col">Key</th>
                    <th scope="col">Value</th>
                  </tr>
                </thead>
                <tbody>
                  {view.config.map(([k, v]) => (
                    <tr key={k}>
                      <th scope="row" class="mono">
                        {k}
                      </th>
                      <td class="mono">{v}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {view.recent_changes.length === 0 ? (
            <p>No recent changes.</p>
          ) : (
            <div class="table-wrap" tabIndex={0} role="region" aria-label={`Recent config changes of ${view.service}`}>
              <table>
                <caption>Recent changes</caption>
                <thead>
                  <tr>
                    <th scope="col">When</th>
                    <th scope="col">Key</th>
                    <th scope="col">Change</th>
                    <th scope="col">Author</th>
                  </tr>
                </thead>
                <tbody>
                  {view.recent_changes.map((c, i) => (
                    <tr key={i}>
                      <td>{c.minutes_ago === null ? c.at : `${c.minutes_ago} min ago`}</td>
                      <th scope="row" class="mono">
                        {c.key}
                      </th>
                      <td class="mono">
                        {c.from} → {c.to}
                      </td>
                      <td>{c.author}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </div>
  );
}
