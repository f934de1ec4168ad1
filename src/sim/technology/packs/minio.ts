import { ms3, type TechnologyPack } from '../pack.js';

/** MinIO object storage (JSON console logs, `MINIO_LOGGER_WEBHOOK` shape: level, time, api, error). */
export const minio: TechnologyPack = {
  id: 'minio',
  name: 'MinIO RELEASE.2024-03',
  kinds: ['storage'],
  stack: 'go',
  statefulset: true,
  main_pid: 1,
  origin: 'PutObject',
  line_pattern: /^\{"level":"(DEBUG|INFO|WARNING|ERROR|FATAL)","errKind":"ALL","time":"/,
  format(l) {
    const s = l.stamp;
    const level = l.level === 'WARN' ? 'WARNING' : l.level === 'FATAL' ? 'FATAL' : l.level;
    return `{"level":"${level}","errKind":"ALL","time":"${s.date}T${s.time}.${ms3(s.ms)}Z","api":{"name":"${l.origin}","args":{"bucket":"{bucket}","object":"{object}"}},"remotehost":"{peer_ip}","requestID":"{s3_reqid}","message":${JSON.stringify(l.message)}}`;
  },
  background: [
    ['INFO', 'PutObject 200 OK ({bytes} bytes in {p50}ms)', 'PutObject'],
    ['INFO', 'GetObject 200 OK ({bytes} bytes in {p50}ms)', 'GetObject'],
    ['DEBUG', 'scanner: cycle {seq} completed, 0 objects healed', 'SYSTEM'],
  ],
  conditions: {
    no_space: [['ERROR', 'Storage resources are insufficient for the write operation (/data: {disk_free_mb} MB free)', 'PutObject'], ['ERROR', 'drive /data is full (free {disk_free_mb} MB)', 'SYSTEM']],
    disk_high: [['WARN', 'drive /data usage {disk_pct}%: approaching the free-space threshold', 'SYSTEM']],
    overloaded: [['WARN', 'Slow down, too many requests (S3 error SlowDown)', 'PutObject']],
    cpu_hot: [['WARN', 'Slow down, too many requests (S3 error SlowDown)', 'GetObject']],
    restarting: [['INFO', 'MinIO Object Storage Server starting (restart {restarts})', 'SYSTEM']],
    down: [['INFO', 'Waiting for all MinIO sub-systems to be initialized.. lock acquired', 'SYSTEM']],
    oom_killed: [['INFO', 'MinIO Object Storage Server starting (restart {restarts})', 'SYSTEM']],
    errors: [['ERROR', 'We encountered an internal error, please try again. (InternalError)', 'PutObject']],
    retransmits: [['WARN', 'read tcp {ip}:9000->{peer_ip}:{client_port}: i/o timeout', 'PutObject']],
  },
  config: { MINIO_STORAGE_CLASS_STANDARD: 'EC:2', MINIO_API_REQUESTS_MAX: 1600, MINIO_SCANNER_SPEED: 'default' },
  metric_names: {
    disk_pct: 'minio_node_drive_used_bytes / minio_node_drive_total_bytes',
    throughput_rps: 'rate(minio_s3_requests_total)',
    error_rate_pct: 'minio_s3_requests_errors_total',
    latency_p99_ms: 'minio_s3_requests_ttfb_seconds{quantile="0.99"}',
  },
  signatures: ['"errKind"', 'MinIO', 'SlowDown', 'InternalError'],
};
