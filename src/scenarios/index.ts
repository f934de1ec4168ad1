import { badDeploySlowQuery } from './native/bad-deploy-slow-query.js';
import { cacheNoevictionLogin } from './native/cache-noeviction-login.js';
import { dbDiskFullPayments } from './native/db-disk-full-payments.js';
import { GENERATED_FAMILIES } from './generator/families.js';
import type { ScenarioDefinition } from './scenario.js';

/** Native incidents, in listing order. */
export const NATIVE_SCENARIOS: readonly ScenarioDefinition[] = [dbDiskFullPayments, badDeploySlowQuery, cacheNoevictionLogin];

/** Procedurally generated families (`gen-easy` … `gen-expert`); the seed picks the incident. */
export { GENERATED_FAMILIES };

export { scenarioInfo, type ScenarioDefinition } from './scenario.js';
