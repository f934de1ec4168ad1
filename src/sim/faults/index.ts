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
import { oomCrashloop } from './oom-crashloop.js';
import { threadPoolExhaustion } from './thread-pool-exhaustion.js';
import { gcPressure } from './gc-pressure.js';
import { fileDescriptorExhaustion } from './file-descriptor-exhaustion.js';
import { queueConsumerLag } from './queue-consumer-lag.js';
import { replicationLag } from './replication-lag.js';
import { lockContention } from './lock-contention.js';
import { rateLimitMisconfig } from './rate-limit-misconfig.js';
import { credentialRotationFailure } from './credential-rotation-failure.js';
import { clockSkew } from './clock-skew.js';
import { noisyNeighbor } from './noisy-neighbor.js';
import { cacheStampede } from './cache-stampede.js';
import { badFeatureFlag } from './bad-feature-flag.js';
import { autoscalerMisconfig } from './autoscaler-misconfig.js';
import { logVolumeDiskFill } from './log-volume-disk-fill.js';
import { externalProviderOutage } from './external-provider-outage.js';
import { packetLoss } from './packet-loss.js';
import { hotKey } from './hot-key.js';
import { regexCpuBlowup } from './regex-cpu-blowup.js';
import { ephemeralPortExhaustion } from './ephemeral-port-exhaustion.js';
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
  oom_crashloop: oomCrashloop,
  thread_pool_exhaustion: threadPoolExhaustion,
  gc_pressure: gcPressure,
  file_descriptor_exhaustion: fileDescriptorExhaustion,
  queue_consumer_lag: queueConsumerLag,
  replication_lag: replicationLag,
  lock_contention: lockContention,
  rate_limit_misconfig: rateLimitMisconfig,
  credential_rotation_failure: credentialRotationFailure,
  clock_skew: clockSkew,
  noisy_neighbor: noisyNeighbor,
  cache_stampede: cacheStampede,
  bad_feature_flag: badFeatureFlag,
  autoscaler_misconfig: autoscalerMisconfig,
  log_volume_disk_fill: logVolumeDiskFill,
  external_provider_outage: externalProviderOutage,
  packet_loss: packetLoss,
  hot_key: hotKey,
  regex_cpu_blowup: regexCpuBlowup,
  ephemeral_port_exhaustion: ephemeralPortExhaustion,
};


export type { FaultModel, FixDoc, Remedy } from './model.js';
