import type { FaultKind, FixKind, FixParams } from '../../contracts/index.js';
import type { Rng } from '../../lib/index.js';
import type { Effects } from '../effects.js';
import type { FaultState, WorldState } from '../state.js';

export interface Remedy {
  service: string;
  fix: FixKind;
  params?: FixParams;
}

export interface FixDoc {
  fix: FixKind;
  params?: string;
  effect: string;
  /** The fault parameter naming the service this fix is applied to (default: the fault's service). */
  on?: string;
  /** Concrete parameters for this fix, where it needs some (tests and docs apply it as written). */
  example?: FixParams;
}

/**
 * A fault type as data plus small functions over world state. A fault is *present* while its cause is in the
 * world (a bad version running, a config value, a full disk); fixes are ordinary operations on state, so
 * a fault resolves when an operation removes its cause, and returns when the cause does.
 */
export interface FaultModel {
  kind: FaultKind;
  /**
   * Labels a diagnosis of this fault is accepted under: the mechanism first, then the trigger where the only fix
   * undoes the trigger (`bad_deploy` when the fix is rolling a release back, `config_drift` when it is restoring a
   * changed setting).
   */
  accepted_labels: readonly FaultKind[];
  description: string;
  /** Default parameters; scenario params override them. */
  defaults: Record<string, string | number | boolean>;
  /** Puts the fault's cause into the initial world (deploys, config values, resource levels). */
  install(fault: FaultState, world: WorldState, rng: Rng): void;
  /** Whether the cause is in the world now. */
  present(fault: FaultState, world: WorldState): boolean;
  /** Effects for this minute (called from onset on, whether or not the fault is present). */
  effects(fault: FaultState, world: WorldState, add: (service: string, e: Partial<Effects>) => void): void;
  /** What an expert does, in order. */
  remedy(fault: FaultState, world: WorldState): Remedy[];
  /** Fixes that resolve it, for docs and `firedrill faults`. */
  fixes: FixDoc[];
  /** Plausible fixes that do not resolve it, and what they do instead. */
  wrong_fixes: FixDoc[];
  /** For sustaining (triggered) faults: whether a fix clears the latch. */
  clears?(fault: FaultState, world: WorldState, service: string, fix: FixKind, params: FixParams): boolean;
  /** Other (service, fault) claims a grader accepts for this fault, e.g. the service whose change caused it. */
  aliases?(fault: { service: string; params: Record<string, string | number | boolean> }): { service: string; fault: FaultKind }[];
}
