import { num, service } from '../world-access.js';
import type { FaultModel } from './model.js';

export const CERT_KEY = 'tls.cert_expires_at_minute';

/** A service's TLS certificate expired: every caller's handshake fails. */
export const certificateExpired: FaultModel = {
  kind: 'certificate_expired',
  accepted_labels: ['certificate_expired'],
  description: "A service's TLS certificate expired: callers' TLS handshakes fail, so every call to it errors.",
  defaults: {},
  install(fault, world) {
    service(world, fault.service).config[CERT_KEY] = fault.onset;
  },
  present(fault, world) {
    return num(service(world, fault.service).config[CERT_KEY], 1e9) <= world.minute;
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
