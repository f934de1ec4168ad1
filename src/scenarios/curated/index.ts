import type { ScenarioDefinition } from '../scenario.js';
import { cartWritesFailing } from './cart-writes-failing.js';
import { tokenExchangeFailing } from './token-exchange-failing.js';
import { storefront502 } from './storefront-502.js';
import { catalogUnreachable } from './catalog-unreachable.js';
import { pipelineFreshnessLag } from './pipeline-freshness-lag.js';
import { timelineTimeoutsAfterRelease } from './timeline-timeouts-after-release.js';
import { authOverload } from './auth-overload.js';
import { loginsRejected } from './logins-rejected.js';
import { paymentsFailing } from './payments-failing.js';
import { checkoutErrorsSpike } from './checkout-errors-spike.js';
import { eveningPeakTimeouts } from './evening-peak-timeouts.js';
import { ingestErrors } from './ingest-errors.js';
import { cardPaymentsDeclining } from './card-payments-declining.js';
import { staleOrderStatus } from './stale-order-status.js';
import { feedLatencySpike } from './feed-latency-spike.js';
import { catalogLatency } from './catalog-latency.js';
import { profileDbOverload } from './profile-db-overload.js';
import { frontendSlow } from './frontend-slow.js';
import { peakSalePayments } from './peak-sale-payments.js';

/** Curated incidents modelled on public postmortem patterns, in listing order. */
export const CURATED_SCENARIOS: readonly ScenarioDefinition[] = [
  cartWritesFailing,
  tokenExchangeFailing,
  storefront502,
  catalogUnreachable,
  pipelineFreshnessLag,
  timelineTimeoutsAfterRelease,
  authOverload,
  loginsRejected,
  paymentsFailing,
  checkoutErrorsSpike,
  eveningPeakTimeouts,
  ingestErrors,
  cardPaymentsDeclining,
  staleOrderStatus,
  feedLatencySpike,
  catalogLatency,
  profileDbOverload,
  frontendSlow,
  peakSalePayments,
];
