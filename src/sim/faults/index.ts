import type { FaultKind } from '../../contracts/index.js';
import { badDeploy } from './bad-deploy.js';
import { cacheEvictionOom } from './cache-eviction-oom.js';
import { certificateExpired } from './certificate-expired.js';
import { configDrift } from './config-drift.js';
import { connectionPoolExhaustion } from './connection-pool-exhaustion.js';
import { cpuSaturation } from './cpu-saturation.js';
import { diskFull } from './disk-full.js';
import { dnsFailure } from './dns-failure.js';
import { memoryLeak } from './memory-leak.js';
import type { FaultModel } from './model.js';
import { networkPartition } from './network-partition.js';
import { retryStorm } from './retry-storm.js';
import { slowQuery } from './slow-query.js';

export const FAULT_MODELS: Record<FaultKind, FaultModel> = {
  cpu_saturation: cpuSaturation,
  memory_leak: memoryLeak,
  disk_full: diskFull,
  connection_pool_exhaustion: connectionPoolExhaustion,
  slow_query: slowQuery,
  bad_deploy: badDeploy,
  config_drift: configDrift,
  certificate_expired: certificateExpired,
  cache_eviction_oom: cacheEvictionOom,
  retry_storm: retryStorm,
  dns_failure: dnsFailure,
  network_partition: networkPartition,
};

export function faultModel(kind: FaultKind): FaultModel {
  return FAULT_MODELS[kind];
}

export type { FaultModel, FixDoc, Remedy } from './model.js';
