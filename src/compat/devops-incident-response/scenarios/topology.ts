/** devops-incident-response's fixed six-service system and its vocabularies. */
export const DEVOPS_SERVICES = ['api_gateway', 'auth_service', 'user_service', 'order_service', 'payment_service', 'database'] as const;
export type DevopsService = (typeof DEVOPS_SERVICES)[number];

/** Who each service calls. */
export const DEVOPS_DEPENDENCIES: Readonly<Record<DevopsService, readonly DevopsService[]>> = {
  api_gateway: ['auth_service', 'order_service'],
  auth_service: ['user_service'],
  user_service: ['database'],
  order_service: ['payment_service', 'database'],
  payment_service: ['database'],
  database: [],
};

export const DEVOPS_ACTION_TYPES = ['read_logs', 'query_metrics', 'diagnose', 'apply_fix', 'verify_health', 'list_services', 'inspect_dependencies'] as const;

export const DEVOPS_DIAGNOSES = ['service_crash', 'memory_leak', 'high_latency', 'connection_pool_exhaustion', 'disk_full', 'certificate_expired', 'config_drift'] as const;
export type DevopsFailureMode = (typeof DEVOPS_DIAGNOSES)[number];

export const DEVOPS_FIXES = ['restart_service', 'memory_fix', 'clear_disk', 'scale_up', 'rollback_config', 'renew_certificate', 'drain_connections', 'clear_cache'] as const;
export type DevopsFix = (typeof DEVOPS_FIXES)[number];

export type DevopsStatus = 'healthy' | 'degraded' | 'critical' | 'down' | 'recovering';

export function isDevopsService(name: unknown): name is DevopsService {
  return typeof name === 'string' && (DEVOPS_SERVICES as readonly string[]).includes(name);
}

/** How monitoring shows a service in each failure mode. */
export function statusOfMode(mode: DevopsFailureMode | 'healthy'): DevopsStatus {
  switch (mode) {
    case 'service_crash':
      return 'down';
    case 'memory_leak':
    case 'disk_full':
    case 'certificate_expired':
      return 'critical';
    case 'high_latency':
    case 'connection_pool_exhaustion':
    case 'config_drift':
      return 'degraded';
    case 'healthy':
      return 'healthy';
  }
}
