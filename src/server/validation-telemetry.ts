import { randomBytes, timingSafeEqual } from 'node:crypto';

import { z } from 'zod';

import { FiredrillError } from '../contracts/index.js';
import type { Environment } from '../env/environment.js';
import { type RubricNode, rubricTelemetry } from '../env/rubric-telemetry.js';
import { wsErrorFrame } from './errors.js';

/** Bounds of one session's telemetry, as OpenEnv's validator expects them (RFC 008 session telemetry). */
export const TELEMETRY_LIMITS = { steps: 100, records: 202, bytes: 8 * 1024 * 1024 } as const;

const Secret = z.string().min(32).max(256);
const OpenSchema = z.strictObject({ type: z.literal('validation_open'), data: z.strictObject({ schema_version: z.literal(1), token: Secret }) });
const ReadSchema = z.strictObject({ type: z.literal('validation_read'), data: z.strictObject({ schema_version: z.literal(1), capability: Secret }) });

export const VALIDATION_MESSAGE_TYPES = ['validation_open', 'validation_read'] as const;

type Operation = 'reset' | 'step' | 'state';

interface Snapshot {
  schema_version: 1;
  seed: { requested: boolean; value: unknown; accepted: boolean } | null;
  rubric: RubricNode[];
  rubric_error: string | null;
  attribution: { step_index: number; rubric: RubricNode[] }[];
  trajectory: { schema_version: 1; source: 'openenv-server'; records: { operation: Operation; request: unknown; response: unknown }[]; complete: boolean; reason: string | null };
}

/**
 * OpenEnv's opt-in validation telemetry for one WebSocket connection. Off unless the server was given a token
 * (OPENENV_VALIDATION_TOKEN); `validation_open` with that token, sent before any reset/step/state, returns a random
 * capability bound to this connection; `validation_read` with it returns the snapshot: the seed the reset forwarded,
 * the rubric tree, per-step attribution and the server's own record of every reset/step/state exchange. Orchestrator
 * only: no MCP tool or HTTP route exposes it, and failures never echo the credentials.
 */
export class ValidationChannel {
  private capability: string | null = null;
  private operationsStarted = false;
  private bytes = 0;
  private steps = 0;
  private readonly snapshot: Snapshot = {
    schema_version: 1,
    seed: null,
    rubric: [],
    rubric_error: null,
    attribution: [],
    trajectory: { schema_version: 1, source: 'openenv-server', records: [], complete: true, reason: null },
  };

  constructor(private readonly token: string | null) {}

  static isValidationMessage(type: unknown): boolean {
    return (VALIDATION_MESSAGE_TYPES as readonly unknown[]).includes(type);
  }

  /** The reply to a validation_open or validation_read message. */
  answer(message: unknown): object {
    try {
      if (this.token === null) throw new Error('disabled');
      const open = OpenSchema.safeParse(message);
      if (open.success) {
        if (this.capability !== null || this.operationsStarted) throw new Error('already started');
        if (!sameSecret(this.token, open.data.data.token)) throw new Error('unauthorized');
        this.capability = randomBytes(32).toString('base64url');
        return { type: 'validation_open', data: { schema_version: 1, capability: this.capability } };
      }
      const read = ReadSchema.safeParse(message);
      if (read.success && this.capability !== null && sameSecret(this.capability, read.data.data.capability)) {
        return { type: 'validation', data: this.snapshot };
      }
      throw new Error('unauthorized');
    } catch {
      return wsErrorFrame(new FiredrillError('VALIDATION_ERROR', 'Validation unavailable or unauthorized'));
    }
  }

  /** Called for every reset/step/state the connection answers, with the message and the frame sent back. */
  record(operation: Operation, request: Record<string, unknown>, response: object, env: Environment): void {
    this.operationsStarted = true;
    if (this.capability === null || !this.snapshot.trajectory.complete) return;
    const entry = JSON.parse(JSON.stringify({ operation, request, response })) as Snapshot['trajectory']['records'][number];
    let size = JSON.stringify(entry).length;
    if (operation === 'reset') {
      const data = (request['data'] ?? {}) as Record<string, unknown>;
      this.snapshot.seed = { requested: 'seed' in data, value: data['seed'] ?? null, accepted: 'seed' in data && env.seed === data['seed'] };
      this.setRubric(rubricTelemetry(env, false));
    }
    let attribution: { step_index: number; rubric: RubricNode[] } | null = null;
    if (operation === 'step') {
      const tree = rubricTelemetry(env, true);
      this.setRubric(tree);
      attribution = { step_index: this.steps, rubric: Array.isArray(tree) ? tree : [] };
      size += JSON.stringify(attribution).length;
    }
    const full = this.snapshot.trajectory.records.length >= TELEMETRY_LIMITS.records || (operation === 'step' && this.steps >= TELEMETRY_LIMITS.steps);
    if (full || this.bytes + size > TELEMETRY_LIMITS.bytes) {
      this.snapshot.trajectory.complete = false;
      this.snapshot.trajectory.reason = 'Session telemetry budget exceeded';
      return;
    }
    this.bytes += size;
    this.snapshot.trajectory.records.push(entry);
    if (attribution) {
      this.snapshot.attribution.push(attribution);
      this.steps += 1;
    }
  }

  private setRubric(tree: RubricNode[] | { error: string }): void {
    if (Array.isArray(tree)) this.snapshot.rubric = tree;
    else this.snapshot.rubric_error = tree.error;
  }
}

function sameSecret(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
