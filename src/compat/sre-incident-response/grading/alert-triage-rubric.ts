import { affirms, analyzeClaims, type Level, type MessageClaims, rootClauses, type ServiceClaim, type ServiceVocabulary } from './claims.js';
import { type Keyword, mentionsAny } from './keywords.js';
import { type GradeInput, type GradeState, type SreRubric, awarder } from './rubric.js';
import { type CriterionDef, penalize, revoke } from './score-sheet.js';

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

/** Whether a claim ranks the service below the root: called a symptom, or given a priority other than P1. */
function demoted(claim: ServiceClaim | undefined): boolean {
  return claim !== undefined && (claim.symptom || (claim.level !== null && claim.level !== 'P1'));
}

/**
 * Root causes a message asserts: services it calls the root cause or ranks P1 among the candidates; every
 * candidate whose distinctive words stand in a clause that names the root cause (however the message ranks that
 * service elsewhere); in a diagnosis or postmortem, the true root when the message would be credited for naming
 * it, and every candidate whose words it states without ranking it below the root; in an acknowledgement, every
 * candidate it acknowledges without ranking it below the root.
 */
function assertedRoots(f: TriageFacts, input: GradeInput, claims: MessageClaims): Set<string> {
  const roots = new Set<string>();
  for (const [id, claim] of Object.entries(claims.claims)) if (claim.root || (id in ROOT_HYPOTHESES && !claim.symptom && claim.level === 'P1')) roots.add(id);
  const claimsRoot = input.actionType === 'diagnose' || input.actionType === 'write_postmortem';
  if (claimsRoot && mentionsAny(input.value, f.rootKeywords) && !demoted(claims.claims[f.root])) roots.add(f.root);
  for (const clause of rootClauses(input.value)) {
    for (const [id, keywords] of Object.entries(ROOT_HYPOTHESES)) if (affirms(clause, keywords)) roots.add(id);
  }
  for (const [id, keywords] of Object.entries(ROOT_HYPOTHESES)) {
    const claim = claims.claims[id];
    if (demoted(claim)) continue;
    if (input.actionType === 'acknowledge_alert' && (claim !== undefined || affirms(input.value, keywords))) roots.add(id);
    if (claimsRoot && affirms(input.value, keywords)) roots.add(id);
  }
  return roots;
}

/** Every priority a message gives each service: its explicit ones, else its one descriptive one. */
function levelsOf(claim: ServiceClaim): Level[] {
  if (claim.explicit.length > 0) return claim.explicit;
  return claim.level === null ? [] : [claim.level];
}

/**
 * Adds a message's claims to the history and voids what they contradict: a service given two priorities (or
 * called both the root and a symptom) loses its classification for good; two root causes asserted, or a root
 * later ranked below it, lose every criterion that credits the root and the cascade it explains.
 */
function holdAgainstHistory(f: TriageFacts, state: GradeState, claims: MessageClaims, roots: Set<string>, notes: string[]): void {
  const history = state.claimed;
  for (const [id, claim] of Object.entries(claims.claims)) {
    const levels = (history.levels[id] ??= []);
    for (const level of levelsOf(claim)) if (!levels.includes(level)) levels.push(level);
    if (claim.symptom && !history.symptoms.includes(id)) history.symptoms.push(id);
  }
  for (const id of roots) if (!history.roots.includes(id)) history.roots.push(id);
  for (const [id, levels] of Object.entries(history.levels)) {
    const criterion = f.classifyCriterion[id];
    const rootAndSymptom = history.roots.includes(id) && history.symptoms.includes(id);
    if (criterion === undefined || state.sheet.revoked.includes(criterion) || (levels.length < 2 && !rootAndSymptom)) continue;
    revoke(state.sheet, criterion);
    notes.push(`${criterion} void: ${rootAndSymptom ? `${id} was called both the root cause and a symptom` : `${id} was given ${levels.join(', ')}`} across messages.`);
  }
  const rootDemoted = history.roots.some((id) => history.symptoms.includes(id) || (history.levels[id] ?? []).some((l) => l !== 'P1'));
  if ((history.roots.length > 1 || rootDemoted) && !state.sheet.revoked.includes('diagnose_root_cause')) {
    for (const name of [f.ackCriterion, f.classifyCriterion[f.root] ?? '', 'diagnose_root_cause', 'diagnose_cascade']) revoke(state.sheet, name);
    notes.push(history.roots.length > 1 ? `Root cause void: ${history.roots.join(' and ')} were both asserted across messages.` : 'Root cause void: a root cause was later ranked below it.');
  }
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
        const roots = assertedRoots(f, input, claims);
        holdAgainstHistory(f, state, claims, roots, notes);
        if (claims.contradictions.length > 0) {
          notes.push(`Contradictory claims (${claims.contradictions.join('; ')}): nothing in this message is credited.`);
          return notes;
        }
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
