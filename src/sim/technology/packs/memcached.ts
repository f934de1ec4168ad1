import type { TechnologyPack } from '../pack.js';

/** memcached 1.6 started with `-vv`: one line per connection event or protocol exchange, written without timestamps. */
export const memcached: TechnologyPack = {
  id: 'memcached',
  name: 'memcached 1.6',
  kinds: ['cache'],
  stack: 'c',
  statefulset: true,
  main_pid: 1,
  origin: 'conn',
  line_pattern: /^(<\d+ |>\d+ |\d+: |slab class|Too many open connections)/,
  format: (l) => l.message,
  background: [
    ['INFO', '<{fd} new auto-negotiating client connection'],
    ['DEBUG', '{fd}: Client using the ascii protocol'],
    ['DEBUG', '<{fd} connection closed.'],
  ],
  conditions: {
    overloaded: [['WARN', 'Too many open connections'], ['INFO', '<{fd} new auto-negotiating client connection']],
    cpu_hot: [['WARN', 'Too many open connections']],
    restarting: [['INFO', 'slab class   1: chunk size        96 perslab   10922'], ['INFO', '<{fd} server listening (auto-negotiate)']],
    down: [['INFO', '<{fd} server listening (auto-negotiate)']],
    oom_killed: [['INFO', 'slab class   1: chunk size        96 perslab   10922'], ['INFO', '<{fd} server listening (auto-negotiate)']],
    cache_rejects_writes: [['ERROR', '>{fd} SERVER_ERROR out of memory storing object']],
    cold_keys: [['DEBUG', '>{fd} END'], ['DEBUG', '<{fd} new auto-negotiating client connection']],
    one_key: [['WARN', '<{fd} get {target}'], ['WARN', '>{fd} sending key {target}']],
    errors: [['WARN', 'Too many open connections']],
    retransmits: [['INFO', '<{fd} connection closed.']],
  },
  config: { 'memory-limit': 4096, 'max-connections': 4096, threads: 4, 'item-size-max': '1m' },
  metric_names: {
    memory_pct: 'memcached_current_bytes / memcached_limit_bytes',
    throughput_rps: 'rate(memcached_commands_total)',
    cpu_pct: 'rate(memcached_process_system_cpu_seconds_total)',
  },
  signatures: ['auto-negotiating', 'SERVER_ERROR', 'slab class', 'ascii protocol'],
  excludes: ['cache_eviction_oom'],
};
