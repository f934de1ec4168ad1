import { badDeploySlowQuery } from './native/bad-deploy-slow-query.js';
import { cacheNoevictionLogin } from './native/cache-noeviction-login.js';
import { dbDiskFullPayments } from './native/db-disk-full-payments.js';
import { CURATED_SCENARIOS } from './curated/index.js';
import { GENERATED_FAMILIES } from './generator/families.js';
import type { ScenarioDefinition } from './scenario.js';

/** Native incidents, in listing order. */
export const NATIVE_SCENARIOS: readonly ScenarioDefinition[] = [dbDiskFullPayments, badDeploySlowQuery, cacheNoevictionLogin];

/** Procedurally generated families (`gen-easy` … `gen-expert`); the seed picks the incident. */
export { CURATED_SCENARIOS, GENERATED_FAMILIES };

export { scenarioInfo, type ScenarioCard, type ScenarioDefinition } from './scenario.js';
export { BENCHMARKS, FIREDRILL_BENCH_V1, type BenchmarkList } from './bench.js';
export { SEED_SPLITS, seedSplit, type SeedSplit } from './splits.js';
export { renderCard } from './card.js';
