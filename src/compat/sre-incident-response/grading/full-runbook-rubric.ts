import { affirms, analyzeClaims, type ServiceVocabulary } from './claims.js';
import { type Keyword, mentionsAny } from './keywords.js';
import { type GradeInput, type GradeState, type SreRubric, awarder } from './rubric.js';
import { type CriterionDef, penalize, revoke } from './score-sheet.js';

const REDIS: Keyword[] = ['redis', 'cache', 'redis memory', 'oom', 'out of memory', 'maxmemory', 'noeviction', 'redis oom', 'redis server', 'memory limit', 'eviction'];
const AUTH: Keyword[] = ['auth', 'auth-service', 'auth_service', 'authentication', 'auth service', 'session'];
const MOBILE: Keyword[] = ['mobile', 'mobile-api', 'mobile_api', 'mobile api', 'circuit breaker', 'circuit-breaker', 'login'];
const CASCADE: Keyword[] = ['cascade', 'chain', 'domino', 'downstream', 'propagat*', 'ripple'];
const CASCADE_PATTERNS: RegExp[] = [/redis.*auth/, /redis.*mobile/, /auth.*mobile/, /circuit.?breaker/, /auth.*circuit/];
const REDIS_FIX: Keyword[] = [
  'maxmemory-policy', 'allkeys-lru', 'allkeys-lfu', 'noeviction', 'redis maxmemory', 'eviction policy', 'increase redis memory',
  'redis memory limit', 'config set maxmemory', 'set maxmemory-policy',
];
const AUTH_FIX: Keyword[] = ['restart auth', 'recover auth', 'auth restart', 'auth recover', 'bounce auth', 'reset auth'];
const TIMELINE: Keyword[] = ['timeline', 'chronolog*'];
const RCA: Keyword[] = ['root cause', 'rca'];
const ACTIONS: Keyword[] = ['action items', 'follow-up', 'remediation', 'action item'];
const PREVENTION: Keyword[] = ['prevention', 'prevent', 'avoid', 'mitigation'];
const OOM: Keyword[] = ['oom', 'out of memory', 'maxmemory'];
const WRONG_FIX_TARGETS: Keyword[] = ['api-gateway', 'payment', 'gateway', 'memory leak'];
const WRONG_BLAME_TARGETS: Keyword[] = ['api-gateway', 'payment-service'];

const SERVICES: readonly ServiceVocabulary[] = [
  { id: 'redis', keywords: REDIS },
  { id: 'auth', keywords: AUTH },
  { id: 'mobile', keywords: MOBILE },
  { id: 'gateway', keywords: ['api-gateway', 'api_gateway', 'api gateway', 'gateway'] },
  { id: 'payment', keywords: ['payment', 'payment-service', 'payment_service'] },
  { id: 'db', keywords: ['db-primary', 'db_primary', 'database', 'db', 'replica'] },
];

/** The incident's real cause and the three red herrings, with the words that state each as a finding. */
const CAUSES: Readonly<Record<string, readonly Keyword[]>> = {
  redis: ['oom', 'out of memory', 'maxmemory', 'noeviction', 'redis memory'],
  gateway: ['connection pool', 'gateway pool'],
  payment: ['memory leak', 'heap memory', 'payment heap'],
  db: ['replication lag', 'replica lag', 'replica falling behind'],
};

const CRITERIA: CriterionDef[] = [
  { name: 'triage_redis_p1', weight: 0.08, description: 'Classify redis as P1 (root cause).' },
  { name: 'triage_auth_p1', weight: 0.08, description: 'Classify auth-service as P1 (secondary cause).' },
  { name: 'diagnose_redis_oom', weight: 0.12, description: 'Diagnose Redis OOM (maxmemory with noeviction) as the origin.' },
  { name: 'diagnose_cascade_chain', weight: 0.12, description: 'Diagnose the chain redis → auth-service retry storm → mobile-api circuit breaker.' },
  { name: 'apply_redis_fix', weight: 0.1, description: 'Apply a specific Redis fix (maxmemory-policy allkeys-lru, CONFIG SET maxmemory …).' },
  { name: 'apply_auth_fix', weight: 0.08, description: 'Restart / recover auth-service.' },
  { name: 'apply_mobile_fix', weight: 0.07, description: 'Reset the mobile-api circuit breaker.' },
  { name: 'fix_correct_order', weight: 0.1, description: 'Fix redis before auth-service, and auth-service before mobile-api.' },
  { name: 'postmortem_timeline', weight: 0.05, description: 'Postmortem has a timeline.' },
  { name: 'postmortem_rca', weight: 0.05, description: 'Postmortem has a root cause analysis.' },
  { name: 'postmortem_actions', weight: 0.05, description: 'Postmortem has action items.' },
  { name: 'postmortem_prevention', weight: 0.05, description: 'Postmortem has prevention.' },
  { name: 'no_wrong_service_blame', weight: 0.05, description: 'Never blame api-gateway or payment-service (earned at the start, lost on the first wrong blame).' },
];

/** Causes a message asserts: a service called the root cause (or a red herring called P1), or, in a diagnosis or postmortem, a cause stated as a finding. */
function assertedCauses(input: GradeInput, claims: ReturnType<typeof analyzeClaims>): Set<string> {
  const causes = new Set<string>();
  const findings = input.actionType !== 'acknowledge_alert';
  for (const [id, keywords] of Object.entries(CAUSES)) {
    const claim = claims.claims[id];
    if (claim?.symptom) continue;
    if (claim?.root || (id !== 'redis' && claim?.level === 'P1') || (findings && affirms(input.value, keywords))) causes.add(id);
  }
  return causes;
}

function classifyFix(value: string): 'redis' | 'auth' | 'mobile' | null {
  if (mentionsAny(value, REDIS_FIX)) return 'redis';
  if (mentionsAny(value, AUTH) || mentionsAny(value, AUTH_FIX)) return 'auth';
  if (mentionsAny(value, MOBILE)) return 'mobile';
  return null;
}

export function fullRunbookRubric(): SreRubric {
  return {
    criteria: CRITERIA,
    preAwarded: ['no_wrong_service_blame'],
    groundTruth: {
      root_cause: 'redis reached maxmemory with maxmemory-policy noeviction (OOM on writes)',
      cascade: ['redis', 'auth-service (retry storm, CPU 94%)', 'mobile-api (circuit breaker open)'],
      fix_order: ['redis maxmemory-policy (e.g. allkeys-lru)', 'restart auth-service', 'reset mobile-api circuit breaker'],
      red_herrings: ['api-gateway connection pool 75%', 'payment-service heap 78%', 'db-primary replication lag 2.3s'],
    },
    isEffectiveFix: (_state, value) => classifyFix(value) === 'redis',
    grade(state: GradeState, input: GradeInput): string[] {
      const { sheet } = state;
      const notes: string[] = [];
      const give = awarder(state, CRITERIA, input, notes);
      const v = input.value;
      const type = input.actionType;
      const oomDiagnosed = sheet.scores['diagnose_redis_oom'] !== undefined;
      if (!oomDiagnosed && type === 'apply_fix' && mentionsAny(v, WRONG_FIX_TARGETS)) {
        penalize(sheet, { name: 'wrong_service_fix', points: 0.1, reason: 'fix aimed at a red-herring service before the Redis OOM was diagnosed', step: input.step });
        notes.push('Penalty -0.10: fix applied to a red-herring service before diagnosing the origin');
      }
      if (!oomDiagnosed && type === 'diagnose' && mentionsAny(v, WRONG_BLAME_TARGETS) && !mentionsAny(v, REDIS) && !mentionsAny(v, AUTH)) {
        penalize(sheet, { name: 'wrong_service_blame', points: 0.05, reason: 'blamed api-gateway or payment-service', step: input.step });
        notes.push('Penalty -0.05: blamed a service that is not part of the failure');
        if (!sheet.revoked.includes('no_wrong_service_blame')) {
          revoke(sheet, 'no_wrong_service_blame');
          notes.push('-0.05 no_wrong_service_blame lost');
        }
      }
      if (type === 'acknowledge_alert' || type === 'diagnose' || type === 'write_postmortem') {
        const claims = analyzeClaims(v, SERVICES);
        if (claims.contradictions.length > 0) {
          notes.push(`Contradictory claims (${claims.contradictions.join('; ')}): nothing in this message is credited.`);
          return notes;
        }
        const causes = assertedCauses(input, claims);
        if (causes.size > 1) {
          notes.push(`This message asserts ${causes.size} mutually exclusive root causes: nothing in it is credited.`);
          return notes;
        }
        if (type !== 'write_postmortem') {
          if (claims.claims['redis']?.level === 'P1' && !claims.claims['redis'].symptom) give('triage_redis_p1');
          if (claims.claims['auth']?.level === 'P1' && !claims.claims['auth'].symptom) give('triage_auth_p1');
        }
        const redisStated = mentionsAny(v, REDIS) && claims.claims['redis']?.symptom !== true;
        if (type === 'diagnose' && redisStated && mentionsAny(v, OOM)) give('diagnose_redis_oom');
        if (type === 'diagnose' && (mentionsAny(v, CASCADE) || CASCADE_PATTERNS.some((p) => p.test(v.toLowerCase())))) give('diagnose_cascade_chain');
        if (type === 'write_postmortem') {
          if (mentionsAny(v, TIMELINE)) give('postmortem_timeline');
          if (mentionsAny(v, RCA)) give('postmortem_rca');
          if (mentionsAny(v, ACTIONS)) give('postmortem_actions');
          if (mentionsAny(v, PREVENTION)) give('postmortem_prevention');
        }
        if (type !== 'acknowledge_alert' && redisStated && mentionsAny(v, ['oom', 'maxmemory-policy'])) give('diagnose_redis_oom');
      }
      if (type === 'apply_fix') {
        const target = classifyFix(v);
        if (target) {
          state.fix_order.push(target);
          give(`apply_${target}_fix`);
        }
        if (state.fix_order.length >= 2) {
          const r = state.fix_order.indexOf('redis');
          const a = state.fix_order.indexOf('auth');
          const m = state.fix_order.includes('mobile') ? state.fix_order.indexOf('mobile') : 99;
          if (r !== -1 && a !== -1 && r < a && a < m) give('fix_correct_order');
        }
      }
      return notes;
    },
  };
}
