import type { ChartConfiguration } from 'chart.js';
import { useMemo, useState } from 'preact/hooks';

import { fixed } from '../lib/format.js';
import { offset } from '../lib/native.js';
import type { MetricSeries, Telemetry } from '../lib/telemetry.js';
import { ChartCanvas } from './chart.js';
import { ServicePicker } from './service-picker.js';

interface Props {
  telemetry: Telemetry;
  service: string | null;
  onService: (service: string) => void;
  canQuery: boolean;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

function describe(service: string, s: MetricSeries): string {
  const first = s.points[0];
  const last = s.points.at(-1);
  return `${s.metric} of ${service}${s.unit ? ` in ${s.unit}` : ''} from ${first ? offset(first.minute) : '?'} to ${last ? offset(last.minute) : '?'}: now ${fixed(s.now, 1)}, baseline ${fixed(s.baseline, 1)}, ${s.trend}.`;
}

function config(s: MetricSeries): ChartConfiguration {
  const xs = s.points.map((p) => p.minute);
  const min = Math.min(...xs);
  const max = Math.max(...xs);
  return {
    type: 'line',
    data: {
      datasets: [
        { label: s.metric, data: s.points.map((p) => ({ x: p.minute, y: p.value })), borderColor: '#1f6feb', backgroundColor: 'rgba(31,111,235,0.12)', fill: true, pointRadius: 1.5, borderWidth: 2, tension: 0 },
        ...(s.baseline === null ? [] : [{ label: 'baseline', data: [{ x: min, y: s.baseline }, { x: max, y: s.baseline }], borderColor: '#6b7785', borderDash: [5, 4], pointRadius: 0, borderWidth: 1.5, fill: false }]),
      ],
    },
    options: {
      parsing: false,
      scales: {
        x: { type: 'linear', min, max, ticks: { callback: (v) => offset(Number(v)), maxTicksLimit: 6 }, title: { display: false, text: 'simulated minutes' } },
        y: { beginAtZero: true, ticks: { maxTicksLimit: 5 } },
      },
      plugins: { legend: { display: false }, tooltip: { callbacks: { title: (items) => offset(Number(items[0]?.parsed.x ?? 0)) } } },
    },
  } as ChartConfiguration;
}

function MetricChart({ service, series }: { service: string; series: MetricSeries }) {
  const cfg = useMemo(() => config(series), [series]);
  return (
    <figure class="metric" data-metric={series.metric}>
      <figcaption>
        <strong>{series.metric}</strong> {series.unit ? <span class="muted">({series.unit})</span> : null}
        <span class="small">
          {' '}
          now {fixed(series.now, 1)} · base {fixed(series.baseline, 1)} · <span class={`trend trend-${series.trend}`}>{series.trend}</span>
        </span>
      </figcaption>
      <ChartCanvas config={cfg} label={describe(service, series)} height={130} />
    </figure>
  );
}

const WINDOWS = [15, 30, 60, 120];

/** Metric series over simulated time, one small chart per metric of the chosen service. */
export function MetricCharts({ telemetry, service, onService, canQuery, onAct, busy }: Props) {
  const [windowMinutes, setWindowMinutes] = useState('30');
  const services = telemetry.order;
  const current = service ?? Object.keys(telemetry.metrics)[0] ?? services[0] ?? null;
  const metrics = current ? Object.values(telemetry.metrics[current] ?? {}) : [];
  return (
    <div class="metrics">
      <form
        class="toolbar"
        onSubmit={(e) => {
          e.preventDefault();
          if (current && onAct) onAct({ action_type: 'query_metrics', service: current, window_minutes: Number(windowMinutes) });
        }}
      >
        <ServicePicker services={services} current={current} onService={onService} seen={(s) => Boolean(telemetry.metrics[s])} />
        {canQuery && onAct ? (
          <>
            <label>
              Window{' '}
              <select value={windowMinutes} onChange={(e) => setWindowMinutes(e.currentTarget.value)}>
                {WINDOWS.map((w) => (
                  <option key={w} value={String(w)}>
                    {w} min
                  </option>
                ))}
              </select>
            </label>
            <button type="submit" disabled={busy || current === null}>
              Query metrics
            </button>
          </>
        ) : null}
      </form>
      {metrics.length === 0 ? (
        <p class="empty">{current ? `No metrics of ${current} queried yet.` : 'No services seen yet.'}</p>
      ) : (
        <div class="metric-grid">
          {metrics.map((m) => (
            <MetricChart key={m.metric} service={current ?? ''} series={m} />
          ))}
        </div>
      )}
    </div>
  );
}
