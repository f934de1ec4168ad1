import { affirms, analyzeClaims, type Level, type MessageClaims, type ServiceVocabulary } from './claims.js';
import { type Keyword, mentionsAny } from './keywords.js';
import { type GradeInput, type GradeState, type SreRubric, awarder } from './rubric.js';
import { type CriterionDef, penalize } from './score-sheet.js';

/** The facts of one alert_triage variant; each variant is graded on its own. */
export interface TriageFacts {
  services: readonly ServiceVocabulary[];
  root: string;
  /** Priority of every alerting service, the root (P1) included. */
  priorities: Readonly<Record<string, Level>>;
  /** Criterion of each service's classification, and of acknowledging the root alert. */
  classifyCriterion: Readonly<Record<string, string>>;
  ackCriterion: string;
  /** Words that name the root cause in a diagnosis (the original's ROOT_CAUSE list of the variant). */
  rootKeywords: readonly Keyword[];
  cascadeKeywords: readonly Keyword[];
}

const DB: ServiceVocabulary = { id: 'db', keywords: ['db-primary', 'db_primary', 'database', 'db', 'primary db', 'db cpu', 'db primary'] };
const PAYMENT: ServiceVocabulary = { id: 'payment', keywords: ['payment', 'payment-service', 'payment_service'] };
const AUTH: ServiceVocabulary = { id: 'auth', keywords: ['auth', 'auth-service', 'auth_service', 'authentication'] };
const CACHE: ServiceVocabulary = { id: 'cache', keywords: ['cache', 'redis', 'cache-redis', 'cache_redis'] };
const GATEWAY: ServiceVocabulary = { id: 'gateway', keywords: ['gateway', 'api-gateway', 'api_gateway', 'api gateway'] };

const CASCADE_DEFAULT: Keyword[] = [
  'cascade', 'cascading', 'downstream', 'propagat*', 'chain', 'ripple', 'domino', 'knock-on', 'secondary', 'symptom',
  'caused by', 'because of', 'resulting from', 'follow-on', 'dependent', 'upstream',
];

/** Distinctive words of each candidate root cause across both variants: naming two in one message is self-contradictory. */
const ROOT_HYPOTHESES: Readonly<Record<string, readonly Keyword[]>> = {
  db: ['db-primary', 'db_primary', 'database', 'db cpu', 'primary db', 'db primary', 'db overload', 'database overload', 'database cpu'],
  auth: ['heap', 'jvm', 'oom', 'out of memory', 'outofmemory', 'outofmemoryerror', 'memory exhaustion'],
};

export const TRIAGE_DB_CPU_FACTS: TriageFacts = {
  services: [DB, PAYMENT, AUTH, CACHE, GATEWAY],
  root: 'db',
  priorities: { db: 'P1', payment: 'P1', auth: 'P2', cache: 'P2', gateway: 'P3' },
  classifyCriterion: { db: 'classify_db_p1', payment: 'classify_payment_p1', auth: 'classify_auth_p2', cache: 'classify_cache_p2', gateway: 'classify_gateway_p3' },
  ackCriterion: 'ack_db_primary',
  rootKeywords: ['db-primary', 'database', 'db cpu', 'primary db'],
  cascadeKeywords: CASCADE_DEFAULT,
};

export const TRIAGE_AUTH_HEAP_FACTS: TriageFacts = {
  services: [
    { id: 'auth', keywords: ['auth', 'auth-service', 'auth_service', 'authentication', 'heap', 'jvm', 'oom', 'out of memory', 'memory'] },
    { id: 'mobile', keywords: ['mobile', 'mobile-api', 'mobile_api', 'mobile api', 'login'] },
    { id: 'breaker', keywords: ['circuit breaker', 'circuit-breaker', 'breaker'], shadows: ['mobile'] },
    GATEWAY,
    PAYMENT,
  ],
  root: 'auth',
  priorities: { auth: 'P1', mobile: 'P1', breaker: 'P2', gateway: 'P2', payment: 'P3' },
  classifyCriterion: { auth: 'classify_auth_p1', mobile: 'classify_mobile_p1', breaker: 'classify_breaker_p2', gateway: 'classify_gateway_p2', payment: 'classify_payment_p3' },
  ackCriterion: 'ack_auth_service',
  rootKeywords: ['auth-service', 'heap', 'memory', 'oom', 'jvm', 'out of memory'],
  cascadeKeywords: ['cascade', 'downstream', 'circuit breaker', 'login', 'mobile'],
};

const NAMES: Readonly<Record<string, string>> = {
  db: 'db-primary', payment: 'payment-service', auth: 'auth-service', cache: 'cache-redis', gateway: 'api-gateway', mobile: 'mobile-api (login)', breaker: 'mobile-api circuit breaker',
};

function criteriaOf(f: TriageFacts): CriterionDef[] {
  const root = NAMES[f.root] ?? f.root;
  const classify = (id: string, weight: number): CriterionDef => ({
    name: f.classifyCriterion[id] ?? id,
    weight,
    description: `Classify the ${NAMES[id] ?? id} alert as ${f.priorities[id] ?? '?'}${id === f.root ? ' (the root cause)' : ''}.`,
  });
  const others = Object.keys(f.priorities).filter((id) => id !== f.root);
  return [
    { name: f.ackCriterion, weight: 0.15, description: `Acknowledge the ${root} alert (or name ${root} as the P1 root cause in a diagnosis).` },
    classify(f.root, 0.15),
    ...others.map((id) => classify(id, 0.1)),
    { name: 'diagnose_root_cause', weight: 0.15, description: `Diagnose ${root} as the root cause.` },
    { name: 'diagnose_cascade', weight: 0.15, description: 'Explain the cascading failure pattern.' },
  ];
}

/** Root causes a message asserts: services it calls the root cause, and (in a diagnosis) candidate causes it states. */
function assertedRoots(input: GradeInput, claims: MessageClaims): Set<string> {
  const roots = new Set<string>();
  for (const [id, claim] of Object.entries(claims.claims)) if (claim.root) roots.add(id);
  if (input.actionType === 'diagnose' || input.actionType === 'write_postmortem') {
    for (const [id, keywords] of Object.entries(ROOT_HYPOTHESES)) {
      const claim = claims.claims[id];
      const demoted = claim !== undefined && (claim.symptom || (claim.level !== null && claim.level !== 'P1'));
      if (!demoted && affirms(input.value, keywords)) roots.add(id);
    }
  }
  return roots;
}

export function alertTriageRubric(f: TriageFacts): SreRubric {
  const criteria = criteriaOf(f);
  const rubric: SreRubric = {
    criteria,
    preAwarded: [],
    groundTruth: {
      root_cause_service: NAMES[f.root] ?? f.root,
      priorities: Object.fromEntries(Object.entries(f.priorities).map(([id, p]) => [NAMES[id] ?? id, p])),
      root_cause_keywords: f.rootKeywords,
      cascade_keywords: f.cascadeKeywords,
    },
    isEffectiveFix: () => false,
    grade(state: GradeState, input: GradeInput): string[] {
      const { sheet } = state;
      const notes: string[] = [];
      const give = awarder(state, criteria, input, notes);
      const type = input.actionType;
      if (type === 'acknowledge_alert' || type === 'diagnose' || type === 'write_postmortem') {
        const claims = analyzeClaims(input.value, f.services);
        if (claims.contradictions.length > 0) {
          notes.push(`Contradictory claims (${claims.contradictions.join('; ')}): nothing in this message is credited.`);
          return notes;
        }
        const roots = assertedRoots(input, claims);
        if (roots.size > 1) {
          notes.push(`This message asserts ${roots.size} mutually exclusive root causes: nothing in it is credited.`);
          return notes;
        }
        const rootClaim = claims.claims[f.root];
        const rootNotDemoted = rootClaim !== undefined && !rootClaim.symptom && (rootClaim.level === null || rootClaim.level === 'P1');
        const rootIsP1 = rootClaim !== undefined && !rootClaim.symptom && rootClaim.level === 'P1';
        if (type === 'acknowledge_alert' && rootNotDemoted) give(f.ackCriterion);
        if (rootIsP1) give(f.classifyCriterion[f.root] ?? '');
        if (rootIsP1 && type !== 'acknowledge_alert') give(f.ackCriterion);
        for (const [id, expected] of Object.entries(f.priorities)) {
          if (id === f.root) continue;
          const claim = claims.claims[id];
          if (!claim || claim.root) continue;
          const bySymptom = type !== 'acknowledge_alert' && expected !== 'P1' && claim.symptom && claim.level === null;
          if (claim.level === expected || bySymptom) give(f.classifyCriterion[id] ?? '');
        }
        const namesRoot = mentionsAny(input.value, f.rootKeywords) && rootNotDemoted;
        if (type !== 'acknowledge_alert' && namesRoot) give('diagnose_root_cause');
        if (type === 'acknowledge_alert' && namesRoot && rootClaim?.root === true) give('diagnose_root_cause');
        if (type !== 'acknowledge_alert' && mentionsAny(input.value, f.cascadeKeywords)) give('diagnose_cascade');
      }
      if (type === 'apply_fix' && sheet.scores['diagnose_root_cause'] === undefined) {
        penalize(sheet, { name: 'premature_fix', points: 0.05, reason: 'apply_fix before the root cause was diagnosed', step: input.step });
        notes.push('Penalty -0.05: fix applied before the root cause was diagnosed');
      }
      return notes;
    },
  };
  return rubric;
}
