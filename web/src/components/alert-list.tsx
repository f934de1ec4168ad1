import { useState } from 'preact/hooks';

import type { Alert } from '../../../src/contracts/observation.js';
import { offset } from '../lib/native.js';

interface Props {
  alerts: Alert[];
  classifications: Record<string, { severity: string; role: string }>;
  /** Priorities and roles offered (from the classify_alert schema); no triage controls when absent. */
  triage: { severities: string[]; roles: string[] } | null;
  canAcknowledge: boolean;
  /** Takes an action; absent in read-only views (replay). */
  onAct?: (action: Record<string, unknown>) => void;
  busy?: boolean;
}

const ROLE_LABELS: Record<string, string> = { root_cause: 'root cause', symptom: 'symptom', unrelated: 'unrelated' };

function AlertCard({ alert, claim, triage, canAcknowledge, onAct, busy }: { alert: Alert; claim: { severity: string; role: string } | undefined } & Omit<Props, 'alerts' | 'classifications'>) {
  const [severity, setSeverity] = useState('');
  const [role, setRole] = useState('');
  const [problem, setProblem] = useState('');
  const classify = (e: Event) => {
    e.preventDefault();
    if (severity === '' || role === '') {
      setProblem(`Choose ${severity === '' ? 'a priority' : ''}${severity === '' && role === '' ? ' and ' : ''}${role === '' ? 'a role' : ''} first.`);
      return;
    }
    setProblem('');
    onAct?.({ action_type: 'classify_alert', alert_id: alert.id, severity, role });
  };
  const problemId = `alert-problem-${alert.id}`;
  return (
    <li data-alert={alert.id} data-service={alert.service} data-severity={alert.severity} class={`alert-card sev-border-${alert.severity} ${alert.state}`}>
      <p class="alert-head">
        <span class={`sev sev-${alert.severity}`}>{alert.severity}</span> <strong>{alert.title}</strong>
      </p>
      <p class="small muted alert-meta">
        <span class="mono">{alert.id}</span> · {alert.service} · fired {offset(alert.fired_at)} · {alert.state}
      </p>
      {alert.description !== '' && alert.description !== alert.title ? <p class="small alert-description">{alert.description}</p> : null}
      <div class="alert-actions">
        {alert.acknowledged ? (
          <span class="done-mark">Acknowledged</span>
        ) : canAcknowledge && onAct ? (
          <button type="button" class="small-button" disabled={busy} aria-label={`Acknowledge alert ${alert.id}: ${alert.title}`} onClick={() => onAct({ action_type: 'acknowledge_alert', alert_id: alert.id })}>
            Ack
          </button>
        ) : null}
        {triage ? (
          claim ? (
            <span class="done-mark" data-classified={`${claim.severity} ${claim.role}`}>
              Classified {claim.severity} · {ROLE_LABELS[claim.role] ?? claim.role}
            </span>
          ) : onAct ? (
            <form class="triage" onSubmit={classify} aria-label={`Classify alert ${alert.id}`}>
              <select aria-label={`Priority of alert ${alert.id}`} value={severity} onChange={(e) => setSeverity(e.currentTarget.value)} disabled={busy} aria-describedby={problem ? problemId : undefined}>
                <option value="">Priority</option>
                {triage.severities.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
              <select aria-label={`Role of alert ${alert.id}`} value={role} onChange={(e) => setRole(e.currentTarget.value)} disabled={busy} aria-describedby={problem ? problemId : undefined}>
                <option value="">Role</option>
                {triage.roles.map((r) => (
                  <option key={r} value={r}>
                    {ROLE_LABELS[r] ?? r}
                  </option>
                ))}
              </select>
              <button type="submit" class="small-button" disabled={busy} aria-label={`Classify alert ${alert.id}`}>
                Classify
              </button>
              {problem ? (
                <span id={problemId} class="field-error" role="alert">
                  {problem}
                </span>
              ) : null}
            </form>
          ) : (
            <span class="muted small">not classified</span>
          )
        ) : null}
      </div>
    </li>
  );
}

/** Firing and recently resolved alerts, with acknowledge and triage controls. */
export function AlertList(props: Props) {
  const { alerts, classifications, triage } = props;
  const firing = alerts.filter((a) => a.state === 'firing').length;
  return (
    <section class="panel alerts" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading">
        Alerts <span class="count">{firing} firing</span>
      </h2>
      {alerts.length === 0 ? (
        <p>No alerts.</p>
      ) : (
        <ul class="alert-list" tabIndex={0} aria-label={`${alerts.length} alerts, newest last`}>
          {alerts.map((a) => (
            <AlertCard key={a.id} alert={a} claim={classifications[a.id]} triage={triage} canAcknowledge={props.canAcknowledge} {...(props.onAct ? { onAct: props.onAct } : {})} busy={props.busy ?? false} />
          ))}
        </ul>
      )}
    </section>
  );
}
