import { DEPLOY_AUTHORS, DEPLOY_NOTES, nextVersion } from '../baseline-config.js';
import type { FaultState, WorldState } from '../state.js';
import { recordDeploy, service, str } from '../world-access.js';
import { changeRng } from './config-change.js';
import type { Remedy } from './model.js';

/**
 * Shared by faults that a release introduced: installs the deploy and rolls it back as the remedy. Its version
 * step, author and note are drawn exactly like every harmless release's, unless the scenario names them.
 */
export function installBadRelease(fault: FaultState, world: WorldState, target = fault.service): void {
  const svc = service(world, target);
  const rng = changeRng(fault, world, 'release');
  const good = str(fault.params['good_version'], svc.version);
  const bad = str(fault.params['bad_version'], nextVersion(good, rng));
  fault.params['good_version'] = good;
  fault.params['bad_version'] = bad;
  svc.version = good;
  if (!svc.versions.includes(good)) svc.versions.push(good);
  const author = str(fault.params['author']) || rng.pick(DEPLOY_AUTHORS);
  const note = str(fault.params['note']) || rng.pick(DEPLOY_NOTES);
  recordDeploy(world, svc, bad, fault.onset - Number(fault.params['deploy_lead'] ?? 12), author, note);
}

export function runsBadRelease(fault: FaultState, world: WorldState, target = fault.service): boolean {
  return service(world, target).version === fault.params['bad_version'];
}

export function rollbackRemedy(fault: FaultState, target = fault.service): Remedy[] {
  return [{ service: target, fix: 'rollback', params: { version: String(fault.params['good_version']) } }];
}
