import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import { Environment } from '../../env/environment.js';
import { actionJsonSchemaOf } from '../../eval/in-process-env.js';
import { type Command, UsageError } from '../command.js';
import { actionForms } from '../play/action-line.js';
import { PlaySession } from '../play/session.js';
import { registryFor } from '../scenario-dir.js';

const SEED = /^\d{1,15}$/;

export const playCommand: Command = {
  name: 'play',
  summary: 'Play a task by hand in the terminal: alerts, actions with Tab completion, the grade at the end',
  usage: `firedrill play [--task ID] [--seed N] [--scenarios DIR] [--no-color]
  --task       the task to play (default the first; see firedrill tasks)
  --seed       the episode seed (default 0)
  --scenarios  also load the scenario files of DIR, so --task can name one (see docs/scenarios.md)
  --no-color   plain text (also when NO_COLOR is set or stdout is not a terminal)`,
  description:
    'Shows the incident and its alerts, then reads one action per line: `read_logs payments-db`, `diagnose payments-db disk_full`, `apply_fix payments-db clear_disk`, `resolve`. Tab completes actions, services, alert ids, faults and fixes; `help` lists the actions and their fields; a JSON object is sent as is. The grade report is shown when the episode ends.',
  examples: ['firedrill play', 'firedrill play --task gen-hard --seed 7', 'firedrill play --task alert_triage', 'firedrill play --scenarios examples/scenarios --task my-outage-v1'],
  async run(argv, io) {
    const { values } = parseArgs({ args: argv, options: { task: { type: 'string' }, seed: { type: 'string', default: '0' }, scenarios: { type: 'string' }, 'no-color': { type: 'boolean', default: false } } });
    if (!SEED.test(values.seed)) throw new UsageError(`--seed must be a non-negative integer, not ${values.seed}.`);
    const registry = registryFor(values.scenarios, io);
    const taskId = values.task ?? registry.ids()[0];
    if (taskId === undefined) throw new UsageError('No tasks are registered.');
    const task = registry.get(taskId).info;
    const seed = Number(values.seed);
    const env = new Environment(registry);
    const first = env.reset({ task_id: taskId, seed });
    const color = !values['no-color'] && io.isTty && process.env['NO_COLOR'] === undefined;
    const session = new PlaySession(env, actionForms(actionJsonSchemaOf(registry, taskId)), first, color);

    const rl = createInterface({ input: process.stdin, output: process.stdout, completer: (line: string) => session.complete(line), terminal: io.isTty });
    // Lines are queued as they arrive, so input piped in ahead of the prompts is not lost.
    const queued: string[] = [];
    const waiting: ((line: string | null) => void)[] = [];
    let closed = false;
    rl.on('line', (line) => {
      const next = waiting.shift();
      if (next) next(line);
      else queued.push(line);
    });
    rl.on('close', () => {
      closed = true;
      for (const w of waiting.splice(0)) w(null);
    });
    const ask = async (question: string): Promise<string | null> => {
      const ready = queued.shift();
      if (ready !== undefined) {
        if (!io.isTty) io.out(`${question}${ready}`);
        return ready;
      }
      if (closed) return null;
      rl.setPrompt(question);
      rl.prompt();
      return new Promise((resolve) => waiting.push(resolve));
    };
    try {
      io.out(session.intro(task, seed));
      while (!session.done && !closed) {
        const line = await ask('firedrill> ');
        if (line === null) break;
        const reply = await session.handle(line, ask);
        if (reply.text) io.out(reply.text);
        if (reply.done) break;
      }
    } finally {
      rl.close();
    }
    return 0;
  },
};
