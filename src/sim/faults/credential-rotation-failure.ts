import { num, recordConfigChange, service, str } from '../world-access.js';
import type { FaultModel } from './model.js';

export const SECRET_VERSION_KEY = 'auth.password_secret_version';

/**
 * A datastore password was rotated; a client service read the old secret when it started and keeps using it:
 * its connections are refused until its processes restart and read the new secret.
 */
export const credentialRotationFailure: FaultModel = {
  kind: 'credential_rotation_failure',
  accepted_labels: ['credential_rotation_failure'],
  description: 'A datastore password was rotated but a client service still holds the old secret it read at start-up: its new connections are refused until its processes restart.',
  defaults: { old_secret: 'v41', new_secret: 'v42', error_rate: 0.85 },
  install(fault, world) {
    const callee = str(fault.params['callee']);
    if (!callee) throw new Error(`fault ${fault.id}: credential_rotation_failure needs params.callee (the datastore whose password rotated)`);
    const db = service(world, callee);
    const svc = service(world, fault.service);
    const old = str(db.config[SECRET_VERSION_KEY], str(fault.params['old_secret'], 'v41'));
    fault.params['old_secret'] = old;
    fault.params['new_secret'] = `v${Number(old.replace(/^v/, '')) + 1}`;
    db.config[SECRET_VERSION_KEY] = old;
    svc.config[SECRET_VERSION_KEY] = old;
    recordConfigChange(world, db, SECRET_VERSION_KEY, str(fault.params['new_secret']), fault.onset - 1, str(fault.params['author'], 'vault-rotator'));
    fault.params['rotated_at'] = fault.onset - 1;
    fault.params['stale_replicas'] = svc.replicas;
  },
  present(fault, world) {
    return service(world, fault.service).started_at < num(fault.params['rotated_at'], 0);
  },
  effects(fault, world, add) {
    if (world.minute < fault.onset || !this.present(fault, world)) return;
    const svc = service(world, fault.service);
    const callee = str(fault.params['callee']);
    const staleShare = Math.min(1, num(fault.params['stale_replicas'], svc.replicas) / Math.max(1, svc.replicas));
    add(fault.service, { error_rate: num(fault.params['error_rate'], 0.85) * staleShare, conditions: [`auth_denied:${callee}`] });
    add(callee, { conditions: [`auth_rejects:${fault.service}`] });
  },
  remedy: (fault) => [{ service: fault.service, fix: 'restart' }],
  fixes: [
    { fix: 'restart', effect: 'the processes read the current secret at start-up and connect again' },
    { fix: 'rollback', effect: 'also works: the rolled-back pods start fresh and read the current secret' },
  ],
  wrong_fixes: [
    { fix: 'scale', effect: 'partial relief: new replicas read the new secret, the old ones keep failing' },
    { fix: 'restart', params: 'on the datastore', on: 'callee', effect: 'no effect: the datastore already expects the new password' },
  ],
};
