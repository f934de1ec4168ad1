import { badDeploySlowQuery } from './native/order-pages-slow.js';
import { cacheNoevictionLogin } from './native/mobile-login-outage.js';
import { dbDiskFullPayments } from './native/checkout-errors.js';
import type { ScenarioDefinition } from './scenario.js';

/** Native incidents, in listing order. */
export const NATIVE_SCENARIOS: readonly ScenarioDefinition[] = [dbDiskFullPayments, badDeploySlowQuery, cacheNoevictionLogin];

export { scenarioInfo, type ScenarioDefinition } from './scenario.js';
