import { parseArgs } from 'node:util';

import { FAULT_KINDS } from '../../contracts/index.js';
import { FAULT_MODELS, type FixDoc } from '../../sim/index.js';
import type { Command } from '../command.js';
import { formatTable } from './tasks.js';

export interface FaultListing {
  id: string;
  description: string;
  /** Labels `diagnose` accepts for this fault: the mechanism, then the trigger where the fix undoes it. */
  accepted_labels: string[];
  fixes: { fix: string; params?: string; effect: string }[];
}

/** Every fault type with its accepted fixes, in catalog order. */
export function faultListing(): FaultListing[] {
  const doc = (f: FixDoc) => ({ fix: f.fix, ...(f.params ? { params: f.params } : {}), effect: f.effect });
  return FAULT_KINDS.map((kind) => ({ id: kind, description: FAULT_MODELS[kind].description, accepted_labels: [...FAULT_MODELS[kind].accepted_labels], fixes: FAULT_MODELS[kind].fixes.map(doc) }));
}

export const faultsCommand: Command = {
  name: 'faults',
  summary: 'List the fault catalog and the fixes each fault accepts',
  usage: `firedrill faults [--json]
  --json  print the list as JSON (id, description, fixes with their parameters and effect)`,
  examples: ['firedrill faults', 'firedrill faults --json'],
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false } } });
    const faults = faultListing();
    if (values.json) {
      io.out(JSON.stringify(faults, null, 2));
      return 0;
    }
    const rows = faults.map((f) => [f.id, f.accepted_labels.join(', '), f.fixes.map((x) => (x.params ? `${x.fix} (${x.params})` : x.fix)).join('; ')]);
    io.out(formatTable(['id', 'accepted labels', 'fixes'], rows));
    io.out(`\n${faults.length} fault types. \`firedrill faults --json\` adds descriptions and what each fix does.`);
    return 0;
  },
};
