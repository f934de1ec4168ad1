import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

import { FiredrillError, type Trajectory, TrajectoryLineSchema, type TrajectoryStep } from '../contracts/index.js';

/** One JSON object per line: the header, every turn, the end record. */
export function trajectoryToJsonl(t: Trajectory): string {
  return [t.header, ...t.steps, t.end].map((line) => JSON.stringify(line)).join('\n') + '\n';
}

export function parseTrajectoryJsonl(text: string, source = 'trajectory'): Trajectory {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const parsed = lines.map((line, i) => {
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new FiredrillError('VALIDATION_ERROR', `${source}:${i + 1}: not valid JSON.`, { field: `line ${i + 1}` });
    }
    const r = TrajectoryLineSchema.safeParse(value);
    if (!r.success) {
      const issue = r.error.issues[0];
      throw new FiredrillError('VALIDATION_ERROR', `${source}:${i + 1}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid line'}`, { field: `line ${i + 1}` });
    }
    return r.data;
  });
  const [header, ...rest] = parsed;
  const end = rest.pop();
  if (header?.type !== 'header') throw new FiredrillError('VALIDATION_ERROR', `${source}: the first line must be the header.`, { field: 'line 1' });
  if (end?.type !== 'end') throw new FiredrillError('VALIDATION_ERROR', `${source}: the last line must be the end record (is the episode unfinished?).`, { field: `line ${lines.length}` });
  const steps = rest.filter((l): l is TrajectoryStep => l.type === 'step');
  if (steps.length !== rest.length) throw new FiredrillError('VALIDATION_ERROR', `${source}: only step lines may stand between the header and the end.`);
  return { header, steps, end };
}

/** Writes atomically (temporary file, then rename), so a killed run never leaves half a trajectory. */
export function writeTrajectoryFile(path: string, t: Trajectory): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, trajectoryToJsonl(t));
  renameSync(tmp, path);
}

export function readTrajectoryFile(path: string): Trajectory {
  return parseTrajectoryJsonl(readFileSync(path, 'utf8'), path);
}
