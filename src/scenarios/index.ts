import { badDeploySlowQuery } from './native/order-pages-slow.js';
import { cacheNoevictionLogin } from './native/mobile-login-outage.js';
import { dbDiskFullPayments } from './native/checkout-errors.js';
import { CURATED_SCENARIOS } from './curated/index.js';
import { GENERATED_FAMILIES } from './generator/families.js';
import type { ScenarioDefinition } from './scenario.js';

/** Native incidents, in listing order. */
export const NATIVE_SCENARIOS: readonly ScenarioDefinition[] = [dbDiskFullPayments, badDeploySlowQuery, cacheNoevictionLogin];

/** Procedurally generated families (`gen-easy` … `gen-expert`); the seed picks the incident. */
export { CURATED_SCENARIOS, GENERATED_FAMILIES };

/** Version 2 of every native and curated incident (the seed draws the ground truth); v1 ids are retired from validation. */
export { RETIRED_TASK_IDS, STORY_SCENARIOS } from './stories/index.js';

export { scenarioInfo, type ScenarioCard, type ScenarioDefinition } from './scenario.js';
export { BENCHMARKS, FIREDRILL_BENCH_V1, type BenchmarkList } from './benchmarks.js';
export { SEED_SPLITS, seedSplit, type SeedSplit } from './splits.js';
export { renderCard } from './card.js';
