import { FAULT_KINDS, type FaultKind, FIX_KINDS, type FixKind } from '../../src/contracts/index.js';

/**
 * Words that name a fault's mechanism rather than what an on-call engineer observes. Typed by FaultKind, so a new
 * fault kind does not compile until its synonyms are written. Regular-expression sources, matched case-insensitively
 * at a word start; symptoms ("errors", "slow", "saturate", "backlog") are deliberately absent.
 */
export const FAULT_SYNONYMS: Record<FaultKind, readonly string[]> = {
  cpu_saturation: ['cpu[ -]bound', 'cpu starv\\w*'],
  memory_leak: ['leak\\w*', 'memory grows? without'],
  disk_full: ['disk (is )?full', 'full disk', '(volume|disk) (is |was )?full', 'no space left', 'out of (disk|space)', 'disk space'],
  connection_pool_exhaustion: ['connection[ -]pool\\w*', 'pool (is )?exhaust\\w*', 'out of connections'],
  slow_query: ['slow quer\\w*', 'unindexed', 'missing index', 'full[ -]table scan\\w*'],
  bad_deploy: ['bad (deploy|release|build)\\w*', '(faulty|broken|buggy) (deploy|release|build)\\w*'],
  config_drift: ['config(uration)? drift\\w*', 'drifted config\\w*'],
  certificate_expired: ['(certificate|cert) (has |had )?expir\\w*', 'expired (certificate|cert)\\w*'],
  cache_eviction_oom: ['eviction polic\\w*', 'noeviction', 'maxmemory', 'cache (is )?full'],
  retry_storm: ['retry storm\\w*', 'retr(y|ies) amplif\\w*'],
  dns_failure: ['dns\\b', 'name resolution', 'nxdomain'],
  network_partition: ['network partition\\w*', 'partitioned', 'split[ -]brain'],
  oom_crashloop: ['oom\\w*', 'out of memory', 'crash[ -]?loop\\w*'],
  thread_pool_exhaustion: ['thread[ -]pool\\w*', 'threads? (are |were )?exhaust\\w*'],
  gc_pressure: ['garbage[ -]collect\\w*', 'gc (pause|pressure|thrash)\\w*'],
  file_descriptor_exhaustion: ['file descriptor\\w*', 'too many open files', 'ulimit'],
  queue_consumer_lag: ['consumer(s)? lag\\w*', 'consumer group'],
  replication_lag: ['replica(tion|s)? lag\\w*'],
  lock_contention: ['lock contention', 'deadlock\\w*', 'lock waits?', '(row|table) locks?'],
  rate_limit_misconfig: ['rate[ -]?limit\\w*'],
  credential_rotation_failure: ['(credential|password|secret) rotation', 'rotated (credential|password|secret)\\w*', '(stale|expired) (credential|password)\\w*'],
  clock_skew: ['clock (skew|drift)\\w*', 'skewed clock\\w*', 'ntp\\b', 'time sync\\w*'],
  noisy_neighbor: ['noisy neighbou?r\\w*', 'co-?tenant\\w*'],
  cache_stampede: ['stampede\\w*', 'thundering herd', 'dog-?pil\\w*'],
  bad_feature_flag: ['feature[ -]flag\\w*', 'flag flip\\w*'],
  autoscaler_misconfig: ['auto-?scal\\w*', 'hpa\\b', 'scaling polic\\w*'],
  log_volume_disk_fill: ['log volume', 'logs? fill\\w*', '(debug|verbose) logging'],
  external_provider_outage: ['(provider|vendor|third[ -]party) (outage|status|incident)\\w*', 'upstream provider'],
  packet_loss: ['packet[ -]loss', 'dropped packets', 'lossy'],
  hot_key: ['hot[ -]?(key|partition|shard)\\w*'],
  regex_cpu_blowup: ['regex\\w*', 'regular expression\\w*', 'backtrack\\w*', 'redos'],
  ephemeral_port_exhaustion: ['ephemeral port\\w*', 'port exhaust\\w*', 'time_wait'],
};

/** Words that name a remediation: what the agent must work out, not be told. Typed by FixKind. */
export const FIX_SYNONYMS: Record<FixKind, readonly string[]> = {
  restart: ['restart\\w*', 'reboot\\w*', 'bounc(e|ed|ing)\\b'],
  rollback: ['roll(s|ed|ing)? (it |them |this |that |the \\w+ )?back', 'rollback\\w*', 'revert\\w*'],
  scale: ['scal(e|es|ed|ing) (it |them )?(up|out)', 'add(s|ed|ing)? (more )?(replicas|capacity|instances)', '(replicas|capacity|instances) (are |is )?added', 'more replicas'],
  config_set: ['config_set', 'chang(e|ing) (the |its )?config(uration)? (back|to)'],
  clear_disk: ['clear(s|ed|ing)? (the )?disk', 'free(s|d|ing)? (up )?(disk )?space', 'delet(e|es|ed|ing) (old )?(files|logs)'],
  renew_certificate: ['renew\\w*', 'reissu\\w*'],
  kill_query: ['kill(s|ed|ing)? (the )?quer\\w*', 'cancel\\w* (the )?quer\\w*'],
  failover: ['fail[ -]?over\\w*', 'fail(s|ed|ing) over', 'promot(e|es|ed|ing) (the |a )?replica'],
  flush_cache: ['flush\\w*', 'purg(e|es|ed|ing) (the )?cache', 'invalidat\\w* (the )?cache'],
  restore_network: ['restor(e|es|ed|ing) (the )?network\\w*'],
};

/** Every fault label as written in code, in prose and hyphenated, and every fix name. */
const LABELS = [...FAULT_KINDS, ...FIX_KINDS].flatMap((k) => [k, k.replace(/_/g, ' '), k.replace(/_/g, '-')]).map((l) => l.replace(/[-]/g, '\\-'));

/** One pattern per term, named for what it stands for. */
export const GIVEAWAYS: readonly { name: string; pattern: RegExp }[] = [
  ...LABELS.map((l) => ({ name: `label ${l}`, pattern: new RegExp(`\\b${l}\\b`, 'i') })),
  ...Object.entries(FAULT_SYNONYMS).flatMap(([kind, terms]) => terms.map((t) => ({ name: `fault ${kind}`, pattern: new RegExp(`\\b${t}`, 'i') }))),
  ...Object.entries(FIX_SYNONYMS).flatMap(([kind, terms]) => terms.map((t) => ({ name: `fix ${kind}`, pattern: new RegExp(`\\b${t}`, 'i') }))),
];

/** The giveaways a text contains, as "name: matched words", each once. */
export function giveawaysIn(text: string): string[] {
  const found = new Set<string>();
  for (const { name, pattern } of GIVEAWAYS) {
    const m = pattern.exec(text);
    if (m) found.add(`${name}: "${m[0]}"`);
  }
  return [...found];
}
