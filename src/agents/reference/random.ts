import { type NativeAction, type NativeActionType, sampleNativeAction, type StepResult } from '../../contracts/index.js';
import type { Agent } from '../agent.js';
import { ScriptedAgent } from './scripted.js';
import { observation, resultOf, type ServiceView } from './view.js';

/** Uniformly random well-formed actions over what it has seen (service names and alert ids): the floor of the scale. */
export function randomAgent(): Agent {
  return new ScriptedAgent('random', function* (ctx, first): Generator<NativeAction, void, StepResult> {
    const rng = ctx.rng;
    const services = new Set(observation(first).alerts.map((a) => a.service));
    let last = first;
    for (;;) {
      const o = observation(last);
      if (o.available_actions.length === 0) return;
      // The batch form of classify_alert is left out: one draw per kind of act keeps the floor's distribution.
      const type = rng.pick(o.available_actions.filter((t) => t !== 'classify_alerts')) as NativeActionType;
      last = yield sampleNativeAction(type, rng, { services: [...services], alertIds: o.alerts.map((a) => a.id) });
      const listed = resultOf<{ services?: ServiceView[] }>(last)?.services;
      if (Array.isArray(listed)) for (const s of listed) services.add(s.name);
    }
  });
}
