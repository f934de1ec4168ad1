import type { FaultState, WorldState } from '../state.js';
import { recordDeploy, service, str } from '../world-access.js';
import type { Remedy } from './model.js';

/** Shared by faults that a release introduced: installs the deploy and rolls it back as the remedy. */
export function installBadRelease(fault: FaultState, world: WorldState, target = fault.service): void {
  const svc = service(world, target);
  const good = str(fault.params['good_version'], svc.version);
  const bad = str(fault.params['bad_version'], bumpVersion(good));
  fault.params['good_version'] = good;
  fault.params['bad_version'] = bad;
  svc.version = good;
  if (!svc.versions.includes(good)) svc.versions.push(good);
  recordDeploy(world, svc, bad, fault.onset - Number(fault.params['deploy_lead'] ?? 12), str(fault.params['author'], 'ci-deployer'), str(fault.params['note'], 'release'));
}

export function runsBadRelease(fault: FaultState, world: WorldState, target = fault.service): boolean {
  return service(world, target).version === fault.params['bad_version'];
}

export function rollbackRemedy(fault: FaultState, target = fault.service): Remedy[] {
  return [{ service: target, fix: 'rollback', params: { version: String(fault.params['good_version']) } }];
}

export function bumpVersion(v: string): string {
  const m = /^(v?)(\d+)\.(\d+)\.(\d+)$/.exec(v);
  if (!m) return `${v}-1`;
  return `${m[1]}${m[2]}.${Number(m[3]) + 1}.0`;
}
