import { affirms } from './claims.js';
import { type Keyword, mentionsAny } from './keywords.js';
import { type GradeInput, type GradeState, type SreRubric, awarder } from './rubric.js';
import { type CriterionDef, penalize, revoke } from './score-sheet.js';

/** The keyword facts of one root_cause_diagnosis variant (the original's lists, matched on word boundaries). */
export interface RootCauseFacts {
  cause: readonly Keyword[];
  link: readonly Keyword[];
  effect: readonly Keyword[];
  alert: readonly Keyword[];
  fix: readonly Keyword[];
  descriptions: { cause: string; link: string; effect: string; fix: string };
  groundTruth: Record<string, unknown>;
}

const ALERT: Keyword[] = ['payment', 'payment-service', 'payment service', '503', 'service down', 'outage', 'payment_service', 'db-primary', 'db primary', 'database'];

export const RC_BAD_DEPLOY_FACTS: RootCauseFacts = {
  cause: ['slow query', 'slow sql', 'query timeout', 'long query', '47.3s', '47s', 'slow queries', 'query performance', 'expensive query', 'unoptimized query', 'full table scan', 'orders join customers', 'orders join'],
  link: ['v2.4.1', 'deploy', 'deployment', 'rollback', 'version 2.4.1', 'new release', 'latest deploy', 'recent deploy', 'bad deploy', 'deployed', 'release v2.4.1', '2.4.1'],
  effect: ['connection pool', 'pool exhausted', 'connections', 'pool full', 'pool saturation', 'connection exhaustion', 'db connections', '490/500', '98% capacity', 'pool usage', 'connection limit', 'no connection available', 'pool timeout'],
  alert: ALERT,
  fix: ['rollback', 'revert', 'roll back', 'kill query', 'fix query', 'optimize query', 'add index', 'revert deploy', 'rollback deploy', 'revert to v2.4.0', 'rollback to v2.4.0', 'rollback v2.4.1', 'terminate query', 'cancel query', 'redeploy', 'hotfix'],
  descriptions: {
    cause: 'Identify the slow query.',
    link: 'Link it to the v2.4.1 deploy.',
    effect: 'Identify the database connection pool exhaustion.',
    fix: 'Propose the fix: roll back v2.4.1 (or kill/optimise the query).',
  },
  groundTruth: { root_cause: 'deploy v2.4.1 introduced a 47.3s query that exhausts the db-primary connection pool', fix: 'roll back payment-service to v2.4.0' },
};

export const RC_DISK_FULL_FACTS: RootCauseFacts = {
  cause: ['disk', 'disk space', 'disk full', 'storage', 'no space', '99%'],
  link: ['wal', 'archive', 'log', 'backup', 'accumulated'],
  effect: ['wal', 'archive', 'log', 'backup', 'accumulated'],
  alert: ALERT,
  fix: ['clean', 'delete', 'remove', 'free space', 'disk space', 'truncate', 'archive'],
  descriptions: {
    cause: 'Identify the full disk on db-primary.',
    link: 'Link it to accumulated WAL segments and old backups.',
    effect: 'Identify the WAL archiving stall behind the read-only mode.',
    fix: 'Propose the fix: free disk space (clean up WAL/backups, truncate, archive elsewhere).',
  },
  groundTruth: { root_cause: 'the db-primary data volume is full (WAL segments and old backups); PostgreSQL went read-only', fix: 'free space on /var/lib/postgresql' },
};

/** Distinctive words of the two variants' explanations; a message stating both contradicts itself. */
const HYPOTHESES: readonly (readonly Keyword[])[] = [
  ['slow query', 'slow queries', 'slow sql', 'query timeout', 'long query', 'expensive query', 'unoptimized query', 'full table scan', '47.3s', 'v2.4.1', '2.4.1', 'version 2.4.1', 'deploy', 'deployment', 'deployed', 'bad deploy', 'new release', 'rollback', 'roll back', 'revert'],
  ['disk', 'disk space', 'disk full', 'storage', 'no space', 'wal', 'archive', 'backup', 'read-only', 'read only', 'free space', 'truncate'],
];

/** The criteria that credit an explanation; stating both explanations, in any messages, voids them. */
const EXPLANATION_CRITERIA = ['identify_slow_query', 'link_to_deploy', 'identify_pool_exhaustion', 'suggest_fix'];

const CRITERIA = (f: RootCauseFacts): CriterionDef[] => [
  { name: 'identify_slow_query', weight: 0.2, description: f.descriptions.cause },
  { name: 'link_to_deploy', weight: 0.2, description: f.descriptions.link },
  { name: 'identify_pool_exhaustion', weight: 0.2, description: f.descriptions.effect },
  { name: 'acknowledge_alert', weight: 0.2, description: 'Acknowledge the alert of the failing service (payment-service 503 / db-primary).' },
  { name: 'suggest_fix', weight: 0.2, description: f.descriptions.fix },
];

export function rootCauseRubric(f: RootCauseFacts): SreRubric {
  const criteria = CRITERIA(f);
  return {
    criteria,
    preAwarded: [],
    groundTruth: f.groundTruth,
    isEffectiveFix: (_state, value) => mentionsAny(value, f.fix),
    grade(state: GradeState, input: GradeInput): string[] {
      const notes: string[] = [];
      const give = awarder(state, criteria, input, notes);
      const v = input.value;
      const type = input.actionType;
      const stated = type === 'escalate' ? [] : HYPOTHESES.flatMap((h, i) => (affirms(v, h) ? [String(i)] : []));
      const history = state.claimed;
      for (const h of stated) if (!history.roots.includes(h)) history.roots.push(h);
      if (history.roots.length > 1 && !state.sheet.revoked.includes('identify_slow_query')) {
        for (const name of EXPLANATION_CRITERIA) revoke(state.sheet, name);
        notes.push('Diagnosis void: both explanations were stated across messages.');
      }
      if (stated.length > 1) {
        notes.push('This message asserts two mutually exclusive root causes: nothing in it is credited.');
      } else {
        if (type === 'acknowledge_alert' && mentionsAny(v, f.alert)) give('acknowledge_alert');
        if (type === 'diagnose' || type === 'run_query' || type === 'write_postmortem') {
          if (mentionsAny(v, f.cause)) give('identify_slow_query');
          if (mentionsAny(v, f.link)) give('link_to_deploy');
          if (mentionsAny(v, f.effect)) give('identify_pool_exhaustion');
        }
        if ((type === 'apply_fix' || type === 'diagnose' || type === 'write_postmortem') && mentionsAny(v, f.fix)) give('suggest_fix');
        if ((type === 'diagnose' || type === 'write_postmortem') && mentionsAny(v, f.alert)) give('acknowledge_alert');
      }
      const investigated = state.sheet.scores['identify_slow_query'] !== undefined || state.sheet.scores['link_to_deploy'] !== undefined;
      if (type === 'apply_fix' && !investigated && !mentionsAny(v, [...f.link, ...f.fix])) {
        penalize(state.sheet, { name: 'premature_fix', points: 0.05, reason: 'apply_fix before any finding, unrelated to the cause', step: input.step });
        notes.push('Penalty -0.05: fix applied before investigating, unrelated to any finding');
      }
      return notes;
    },
  };
}
