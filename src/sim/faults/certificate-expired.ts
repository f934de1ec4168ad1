import { certNotAfter, CERT_NOT_AFTER_KEY } from '../baseline-config.js';
import { service } from '../world-access.js';
import type { FaultModel } from './model.js';

/**
 * A service's TLS certificate reached its not-after time (nobody changed anything: renewal did not happen on
 * schedule): every caller's handshake fails.
 */
export const certificateExpired: FaultModel = {
  kind: 'certificate_expired',
  accepted_labels: ['certificate_expired'],
  description: "A service's TLS certificate reached its not-after time: callers' TLS handshakes fail, so every call to it errors.",
  defaults: {},
  install(fault, world) {
    const svc = service(world, fault.service);
    svc.cert_expires_at = fault.onset;
    svc.config[CERT_NOT_AFTER_KEY] = certNotAfter(world, fault.onset);
  },
  present(fault, world) {
    return service(world, fault.service).cert_expires_at <= world.minute;
  },
  effects(fault, world, add) {
    if (this.present(fault, world)) add(fault.service, { unreachable: 1, unreachable_reason: 'tls' });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'renew_certificate' }],
  fixes: [{ fix: 'renew_certificate', effect: 'a valid certificate is served; handshakes succeed' }],
  wrong_fixes: [
    { fix: 'restart', effect: 'no effect: the same certificate is loaded again' },
    { fix: 'rollback', effect: 'no effect: the certificate is not part of the release' },
  ],
};
