import type { ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { useEffect, useState } from 'preact/hooks';

import type { Health } from '../lib/native.js';
import { fixed } from '../lib/format.js';
import type { Telemetry } from '../lib/telemetry.js';

interface Props {
  telemetry: Telemetry;
  selected: string | null;
  onSelect: (service: string) => void;
  /** Action types the task accepts (quick actions are offered only for those). */
  available: ReadonlySet<string>;
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

interface Placed {
  nodes: { id: string; x: number; y: number; width: number; height: number }[];
  edges: { id: string; from: string; to: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

const NODE_HEIGHT = 46;
const HEALTH_LABEL: Record<Health, string> = { healthy: 'healthy', degraded: 'degraded', down: 'down', unknown: 'unknown' };

type ElkLayout = { layout(graph: ElkNode): Promise<ElkNode> };
let elk: Promise<ElkLayout> | null = null;

/** elkjs is large; it loads the first time a map is drawn. */
function loadElk(): Promise<ElkLayout> {
  elk ??= import('elkjs/lib/elk.bundled.js').then((m) => new m.default());
  return elk;
}

async function layout(names: string[], edges: { from: string; to: string }[]): Promise<Placed> {
  const engine = await loadElk();
  const known = new Set(names);
  const usable = edges.filter((e) => known.has(e.from) && known.has(e.to));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.edgeRouting': 'ORTHOGONAL',
      'elk.spacing.nodeNode': '14',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.padding': '[top=8,left=8,bottom=8,right=8]',
    },
    children: names.map((id) => ({ id, width: Math.max(118, Math.round(id.length * 7.4) + 26), height: NODE_HEIGHT })),
    edges: usable.map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.from], targets: [e.to] })),
  };
  const out = await engine.layout(graph);
  return {
    // Left to right by layer, top to bottom within one: the order Tab moves through the map.
    nodes: (out.children ?? []).map((n) => ({ id: n.id, x: n.x ?? 0, y: n.y ?? 0, width: n.width ?? 0, height: n.height ?? 0 })).sort((a, b) => a.x - b.x || a.y - b.y),
    edges: (out.edges ?? []).map((e, i) => {
      const s = (e as ElkExtendedEdge).sections?.[0];
      const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : [];
      return { id: e.id, from: usable[i]?.from ?? '', to: usable[i]?.to ?? '', points };
    }),
    width: Math.ceil(out.width ?? 0),
    height: Math.ceil(out.height ?? 0),
  };
}

const QUICK: { type: string; label: string }[] = [
  { type: 'read_logs', label: 'Read logs' },
  { type: 'query_metrics', label: 'Query metrics' },
  { type: 'get_config', label: 'Get config' },
  { type: 'inspect_dependencies', label: 'Dependencies' },
  { type: 'verify_health', label: 'Verify health' },
];

/** The call graph laid out by ELK, each service coloured by the health monitoring last reported. */
export function ServiceMap({ telemetry, selected, onSelect, available, onAct, busy }: Props) {
  const names = telemetry.order;
  const edgeKey = telemetry.edges.map((e) => `${e.from}>${e.to}`).join(',');
  const [placed, setPlaced] = useState<Placed | null>(null);
  const [failed, setFailed] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    if (names.length === 0) {
      setPlaced(null);
      return undefined;
    }
    layout(names, telemetry.edges)
      .then((p) => live && setPlaced(p))
      .catch((err: unknown) => live && setFailed(err instanceof Error ? err.message : String(err)));
    return () => {
      live = false;
    };
    // The layout depends only on the names and edges, not on health.
  }, [names.join(','), edgeKey]);

  const unhealthy = names.filter((n) => ['down', 'degraded'].includes(telemetry.services[n]?.health ?? ''));
  const sel = selected ? telemetry.services[selected] : undefined;
  return (
    <div class="service-map">
      {onAct ? (
        <div class="toolbar" role="group" aria-label="Map actions">
          {available.has('list_services') ? (
            <button type="button" disabled={busy} onClick={() => onAct({ action_type: 'list_services' })}>
              List services
            </button>
          ) : null}
          {available.has('verify_health') ? (
            <button type="button" disabled={busy} onClick={() => onAct({ action_type: 'verify_health' })}>
              Verify all health
            </button>
          ) : null}
          {available.has('inspect_dependencies') ? (
            <button type="button" disabled={busy} onClick={() => onAct({ action_type: 'inspect_dependencies' })}>
              Inspect call graph
            </button>
          ) : null}
        </div>
      ) : null}
      {names.length === 0 ? (
        <p class="empty">No services seen yet. List the services to draw the map.</p>
      ) : (
        <>
          <p class="small muted" aria-live="polite">
            {names.length} services, {telemetry.edges.length} call edges; {unhealthy.length === 0 ? 'none reported unhealthy' : `not healthy: ${unhealthy.join(', ')}`}.
          </p>
          {failed ? <p class="error">The map could not be laid out: {failed}</p> : null}
          <div class="map-scroll" tabIndex={-1}>
            {placed ? (
              <svg class="map" style={{ width: '100%', maxWidth: `${placed.width}px`, minWidth: `${Math.round(placed.width * 0.72)}px` }} viewBox={`0 0 ${placed.width} ${placed.height}`} role="group" aria-label="Service map: callers on the left, their dependencies to the right">
                <defs>
                  <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                    <path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7785" />
                  </marker>
                </defs>
                {placed.edges.map((e) => (
                  <path
                    key={e.id}
                    class={`edge ${e.from === selected || e.to === selected ? 'edge-selected' : ''}`}
                    d={e.points.map((p, i) => `${i === 0 ? 'M' : 'L'} ${p.x} ${p.y}`).join(' ')}
                    marker-end="url(#arrow)"
                    aria-hidden="true"
                  />
                ))}
                {placed.nodes.map((n) => {
                  const s = telemetry.services[n.id];
                  const h = s?.health ?? 'unknown';
                  const choose = () => onSelect(n.id);
                  return (
                    <g
                      key={n.id}
                      class={`node health-${h} ${selected === n.id ? 'selected' : ''}`}
                      data-service={n.id}
                      data-health={h}
                      transform={`translate(${n.x} ${n.y})`}
                      role="button"
                      // SVG attribute names are case-sensitive: tabIndex would not make the node focusable.
                      tabindex={0}
                      aria-pressed={selected === n.id}
                      aria-label={`${n.id}, ${s?.kind ?? 'service'}, ${HEALTH_LABEL[h]}`}
                      onClick={choose}
                      onKeyDown={(e) => {
                        if (e.key === 'Enter' || e.key === ' ') {
                          e.preventDefault();
                          choose();
                        }
                      }}
                    >
                      <rect width={n.width} height={n.height} rx="7" />
                      <text x="10" y="19" class="node-name">
                        {n.id}
                      </text>
                      <text x="10" y="36" class="node-meta">
                        {s?.kind ?? 'service'} · {HEALTH_LABEL[h]}
                      </text>
                    </g>
                  );
                })}
              </svg>
            ) : (
              <p class="muted">Laying out the map…</p>
            )}
          </div>
          <ul class="legend" aria-label="Legend">
            {(['healthy', 'degraded', 'down', 'unknown'] as const).map((h) => (
              <li key={h}>
                <span class={`swatch health-${h}`} aria-hidden="true" /> {HEALTH_LABEL[h]}
              </li>
            ))}
          </ul>
        </>
      )}
      {sel ? (
        <section class="service-detail" aria-labelledby="service-detail-heading">
          <h3 id="service-detail-heading">
            {sel.name} <span class={`badge health-${sel.health}`}>{sel.health}</span>
          </h3>
          <dl class="facts">
            <dt>Kind</dt>
            <dd>{sel.kind ?? '—'}</dd>
            <dt>Version</dt>
            <dd>{sel.version ?? '—'}</dd>
            <dt>Replicas</dt>
            <dd>{sel.replicas_ready ?? sel.replicas ?? '—'}</dd>
            <dt>Error rate</dt>
            <dd>{sel.error_rate_pct === null ? '—' : `${fixed(sel.error_rate_pct, 2)}%`}</dd>
            <dt>p99 latency</dt>
            <dd>{sel.latency_p99_ms === null ? '—' : `${fixed(sel.latency_p99_ms, 1)} ms`}</dd>
            <dt>Depends on</dt>
            <dd>{sel.depends_on.length === 0 ? 'nothing' : sel.depends_on.join(', ')}</dd>
          </dl>
          {onAct ? (
            <div class="toolbar" role="group" aria-label={`Actions on ${sel.name}`}>
              {QUICK.filter((q) => available.has(q.type)).map((q) => (
                <button key={q.type} type="button" disabled={busy} onClick={() => onAct({ action_type: q.type, service: sel.name })}>
                  {q.label}
                </button>
              ))}
            </div>
          ) : null}
        </section>
      ) : null}
      {names.length > 0 ? (
        <details class="service-table">
          <summary>Services as a table</summary>
          <div class="table-wrap" tabIndex={0} role="region" aria-label="Services">
            <table>
              <thead>
                <tr>
                  <th scope="col">Service</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Health</th>
                  <th scope="col">Errors %</th>
                  <th scope="col">p99 ms</th>
                  <th scope="col">CPU %</th>
                  <th scope="col">Depends on</th>
                </tr>
              </thead>
              <tbody>
                {names.map((n) => {
                  const s = telemetry.services[n];
                  return (
                    <tr key={n}>
                      <th scope="row">{n}</th>
                      <td>{s?.kind ?? '—'}</td>
                      <td>{s?.health ?? 'unknown'}</td>
                      <td class="num">{fixed(s?.error_rate_pct, 2)}</td>
                      <td class="num">{fixed(s?.latency_p99_ms, 1)}</td>
                      <td class="num">{fixed(s?.cpu_pct, 1)}</td>
                      <td>{s?.depends_on.join(', ') ?? ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </details>
      ) : null}
    </div>
  );
}
