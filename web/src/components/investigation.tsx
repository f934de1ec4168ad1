import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';

import type { Telemetry } from '../lib/telemetry.js';
import { ConfigView } from './config-view.js';
import { DeploysView } from './deploys-view.js';
import { HistoryList } from './history-list.js';
import { LogViewer } from './log-viewer.js';
import { MetricCharts } from './metric-charts.js';
import { SearchView } from './search-view.js';
import { ServiceMap } from './service-map.js';
import { Tabs, type TabSpec } from './tabs.js';
import { TracesView } from './traces-view.js';

interface Props {
  telemetry: Telemetry;
  available: ReadonlySet<string>;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
  /** The agent's view of the latest observation, as a last tab. */
  observation?: ComponentChildren;
  idPrefix: string;
}

/** Everything monitoring has shown, in tabs: service map, metrics, logs, traces, deploys, config, searches, history. */
export function Investigation({ telemetry, available, onAct, busy, observation, idPrefix }: Props) {
  const [tab, setTab] = useState('map');
  const [service, setService] = useState<string | null>(null);
  const select = (name: string) => setService(name);
  const n = (x: number) => (x > 0 ? String(x) : undefined);
  const tabs: TabSpec[] = [
    { id: 'map', label: 'Service map' },
    { id: 'metrics', label: 'Metrics', badge: n(Object.keys(telemetry.metrics).length) },
    { id: 'logs', label: 'Logs', badge: n(Object.keys(telemetry.logs).length) },
    { id: 'traces', label: 'Traces', badge: n(telemetry.traces?.traces.length ?? 0) },
    { id: 'deploys', label: 'Deploys', badge: n(telemetry.deploys?.deploys.length ?? 0) },
    { id: 'config', label: 'Config', badge: n(Object.keys(telemetry.configs).length) },
    { id: 'search', label: 'Search', badge: n(telemetry.queries.length) },
    { id: 'history', label: 'History', badge: n(telemetry.history.length) },
    ...(observation ? [{ id: 'observation', label: 'Agent view' }] : []),
  ];
  const act = onAct
    ? (a: Record<string, unknown>) => {
        if (typeof a['service'] === 'string') setService(a['service']);
        onAct(a);
      }
    : undefined;
  return (
    <section class="panel investigation" aria-labelledby={`${idPrefix}-heading`}>
      <h2 id={`${idPrefix}-heading`} class="visually-hidden">
        Investigation
      </h2>
      <Tabs label="Investigation views" tabs={tabs} active={tab} onChange={setTab} idPrefix={idPrefix}>
        {tab === 'map' ? <ServiceMap telemetry={telemetry} selected={service} onSelect={select} available={available} onAct={act} busy={busy} /> : null}
        {tab === 'metrics' ? <MetricCharts telemetry={telemetry} service={service} onService={select} canQuery={available.has('query_metrics')} onAct={act} busy={busy} /> : null}
        {tab === 'logs' ? <LogViewer telemetry={telemetry} service={service} onService={select} canRead={available.has('read_logs')} onAct={act} busy={busy} /> : null}
        {tab === 'traces' ? <TracesView telemetry={telemetry} service={service} canQuery={available.has('get_traces')} onAct={act} busy={busy} /> : null}
        {tab === 'deploys' ? <DeploysView telemetry={telemetry} canQuery={available.has('list_deploys')} onAct={act} busy={busy} /> : null}
        {tab === 'config' ? <ConfigView telemetry={telemetry} service={service} onService={select} canQuery={available.has('get_config')} onAct={act} busy={busy} /> : null}
        {tab === 'search' ? <SearchView telemetry={telemetry} canQuery={available.has('run_query')} onAct={act} busy={busy} /> : null}
        {tab === 'history' ? <HistoryList history={telemetry.history} /> : null}
        {tab === 'observation' ? observation : null}
      </Tabs>
    </section>
  );
}
