import { useState } from 'preact/hooks';

import { offset } from '../lib/native.js';
import type { Telemetry } from '../lib/telemetry.js';
import { ServicePicker } from './service-picker.js';

interface Props {
  telemetry: Telemetry;
  service: string | null;
  onService: (service: string) => void;
  canRead: boolean;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

const LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'];

/** The last logs read of each service, filtered in the browser; reading again (a step) can filter on the server. */
export function LogViewer({ telemetry, service, onService, canRead, onAct, busy }: Props) {
  const [contains, setContains] = useState('');
  const [level, setLevel] = useState('');
  const [limit, setLimit] = useState('50');
  const [filter, setFilter] = useState('');
  const [minLevel, setMinLevel] = useState('');
  const services = telemetry.order.length > 0 ? telemetry.order : Object.keys(telemetry.logs);
  const current = service ?? Object.keys(telemetry.logs).at(-1) ?? services[0] ?? null;
  const view = current ? telemetry.logs[current] : undefined;
  const needle = filter.trim().toLowerCase();
  const minRank = minLevel === '' ? 0 : LEVELS.indexOf(minLevel);
  const shown = (view?.lines ?? []).filter((l) => LEVELS.indexOf(l.level) >= minRank && (needle === '' || l.message.toLowerCase().includes(needle) || l.ts.includes(needle)));
  return (
    <div class="logs">
      <form
        class="toolbar"
        aria-label="Read logs (a step)"
        onSubmit={(e) => {
          e.preventDefault();
          if (!current || !onAct) return;
          onAct({ action_type: 'read_logs', service: current, ...(contains.trim() === '' ? {} : { contains: contains.trim() }), ...(level === '' ? {} : { level }), limit: Number(limit) });
        }}
      >
        <ServicePicker services={services} current={current} onService={onService} seen={(s) => Boolean(telemetry.logs[s])} />
        {canRead && onAct ? (
          <>
            <label>
              Containing <input type="text" value={contains} onInput={(e) => setContains(e.currentTarget.value)} size={14} maxLength={500} />
            </label>
            <label>
              Level{' '}
              <select value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
                <option value="">any</option>
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l}+
                  </option>
                ))}
              </select>
            </label>
            <label>
              Lines{' '}
              <select value={limit} onChange={(e) => setLimit(e.currentTarget.value)}>
                {['20', '50', '100', '200'].map((n) => (
                  <option key={n} value={n}>
                    {n}
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy || current === null}>
              Read logs
            </button>
          </>
        ) : null}
      </form>
      {view ? (
        <>
          <div class="toolbar filter-bar" role="search" aria-label="Filter the lines shown">
            <label>
              Filter shown lines <input type="search" value={filter} onInput={(e) => setFilter(e.currentTarget.value)} placeholder="text" />
            </label>
            <label>
              At least{' '}
              <select value={minLevel} onChange={(e) => setMinLevel(e.currentTarget.value)}>
                <option value="">any level</option>
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {l}
                  </option>
                ))}
              </select>
            </label>
            <span class="small muted" aria-live="polite" data-testid="log-count">
              {shown.length} of {view.lines.length} lines shown ({view.matched ?? '?'} matched at {offset(view.at)}
              {view.filter.contains ? `, containing "${view.filter.contains}"` : ''}
              {view.filter.level ? `, ${view.filter.level}+` : ''})
            </span>
          </div>
          <div class="table-wrap log-wrap" tabIndex={0} role="region" aria-label={`Log lines of ${view.service}`}>
            <table class="log-table">
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Level</th>
                  <th scope="col">Pod</th>
                  <th scope="col">Line</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((l, i) => (
                  <tr key={i} class={`lvl-${l.level}`}>
                    <td class="mono nowrap">{l.ts.replace(/^.*T/, '').replace('Z', '')}</td>
                    <td class={`lvl lvl-${l.level}`}>{l.level}</td>
                    <td class="mono nowrap small">{l.pod}</td>
                    <td class="mono msg">{l.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p class="empty">{current ? `No logs of ${current} read yet.` : 'No services seen yet.'}</p>
      )}
    </div>
  );
}
