import type { Rng } from '../../lib/index.js';
import type { ConfigChangeSpec, DeploySpec, ServiceSpec } from '../../sim/spec.js';

const CERT_KEY = 'tls.cert_expires_at_minute';

const DEPLOY_NOTES = [
  'Bump logging library', 'Copy changes on the settings page', 'Add metrics for cache hit ratio', 'Upgrade base image (security patches)',
  'Refactor request validation', 'Remove dead feature code', 'Tune connection keep-alive', 'Add tracing spans to handlers', 'Translate error messages',
  'Update dependency lockfile', 'Enable gzip for large responses', 'Add index on created_at (migration)', 'Rename internal metrics',
];

const CONFIG_TWEAKS: readonly (readonly [string, string | number | boolean, string | number | boolean])[] = [
  ['log.sampling_rate', 0.1, 0.05],
  ['http.server.idle_timeout_s', 60, 75],
  ['feature.dark_mode', false, true],
  ['cache.ttl_seconds', 300, 600],
  ['tracing.sample_ratio', 0.01, 0.02],
  ['metrics.scrape_interval_s', 30, 15],
  ['gc.log_enabled', false, true],
  ['search.max_results', 50, 100],
];

const DATASTORE_TWEAKS: readonly (readonly [string, string | number, string | number])[] = [
  ['work_mem', '4MB', '8MB'],
  ['max_connections', 400, 500],
  ['autovacuum_naptime_s', 60, 30],
  ['statement_timeout_ms', 30000, 20000],
  ['checkpoint_timeout_s', 300, 600],
];

export interface HistoryExtras {
  deploys: DeploySpec[];
  config_changes: ConfigChangeSpec[];
}

function olderVersion(version: string | undefined, rng: Rng): string {
  const m = /^v(\d+)\.(\d+)\.(\d+)$/.exec(version ?? '');
  if (!m) return 'v0.9.0';
  const [major, minor, patch] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (patch > 0) return `v${major}.${minor}.${patch - 1}`;
  if (minor > 0) return `v${major}.${minor - 1}.${rng.int(0, 9)}`;
  return `v${Math.max(0, major - 1)}.${rng.int(0, 20)}.0`;
}

/** A harmless release on `s` (an application service), `minutesAgo` before onset. */
export function harmlessDeploy(s: ServiceSpec, rng: Rng, minutesAgo: number, into: HistoryExtras): void {
  if (into.deploys.some((d) => d.service === s.name)) return;
  into.deploys.push({ service: s.name, version: s.version ?? 'v1.0.0', previous: olderVersion(s.version, rng), minute: -minutesAgo, author: rng.pick(['ci-deployer', 'release-bot', 'jenkins']), note: rng.pick(DEPLOY_NOTES) });
}

/** A harmless configuration change on `s`, applied to its config and recorded in the history. */
export function harmlessConfigChange(s: ServiceSpec, rng: Rng, minutesAgo: number, into: HistoryExtras): void {
  const datastore = ['database', 'cache', 'queue', 'storage'].includes(s.kind);
  const [key, from, to] = datastore ? rng.pick(DATASTORE_TWEAKS) : rng.pick(CONFIG_TWEAKS);
  if (s.config?.[key] !== undefined || into.config_changes.some((c) => c.service === s.name && c.key === key)) return;
  s.config = { ...(s.config ?? {}), [key]: to };
  into.config_changes.push({ service: s.name, key, from, to, minute: -minutesAgo, author: rng.pick(['config-sync', 'svc-owner', 'dba-oncall', 'platform-terraform']) });
}

/**
 * A pre-existing condition that raises its own warning but has nothing to do with the incident: a volume
 * filling slowly, a batch worker running hot, a certificate that expires in a few days.
 */
export function standingWarning(s: ServiceSpec, rng: Rng, startMinute: number, load: number, hasCallers: boolean): boolean {
  const choice = rng.int(0, 2);
  if (choice === 0 && (s.kind === 'api' || s.kind === 'worker')) {
    const total = s.disk_total_gb ?? 20;
    s.disk_total_gb = total;
    s.disk_used_gb = Math.round(total * rng.float(0.86, 0.93) * 10) / 10;
    return true;
  }
  if (choice === 1 && s.kind === 'worker' && !hasCallers && load > 0) {
    s.capacity_rps = Math.round((load / ((s.replicas ?? 1) * rng.float(0.955, 0.975))) * 10) / 10;
    return true;
  }
  if (['api', 'gateway', 'database', 'cache'].includes(s.kind)) {
    s.config = { ...(s.config ?? {}), [CERT_KEY]: startMinute + rng.int(2, 6) * 1440 + rng.int(0, 600) };
    return true;
  }
  return false;
}
