import { createHash, randomBytes } from 'node:crypto';

import { type EpisodeState, FiredrillError, type StepResult } from '../contracts/index.js';
import type { Session } from './sessions.js';

/** Agent tokens start with this, so a leaked one is recognisable (and never mistaken for the training key). */
export const AGENT_TOKEN_PREFIX = 'fda_';
const TOKEN_BYTES = 32;

/** Step metadata an agent may see: whether the episode was cut off. Rewards, scores and grade reports stay with the trainer. */
const AGENT_METADATA_KEYS = ['truncated'] as const;
/** Public state an agent may see: no seed, task, reward or reward profile. */
const AGENT_STATE_KEYS = ['episode_id', 'step_count', 'done', 'truncated', 'elapsed_minutes', 'incident_id'] as const;

/**
 * Agent handles: bearer tokens a trainer mints for one episode of one of its HTTP sessions (`POST /reset` with
 * `agent_handle: true`) and hands to the model it trains or evaluates. A handle can step and read the sealed state
 * of that one episode — it cannot reset, start sessions, read the grade report, or reach any other episode — and it
 * dies when the session is reset again or ends. Tokens are kept only as SHA-256 digests.
 */
export class AgentHandles {
  private readonly sessionByDigest = new Map<string, Session>();
  private readonly digestBySession = new Map<Session, string>();
  private warned = false;

  /** `onUnsealed` is told once, at the first mint, when the server has no training key (anyone could reset). */
  constructor(private readonly onUnsealed: (() => void) | null = null) {}

  /** A new token for the session's current episode; any earlier token of the session stops working. */
  mint(session: Session): string {
    if (this.onUnsealed && !this.warned) {
      this.warned = true;
      this.onUnsealed();
    }
    this.revoke(session);
    const token = `${AGENT_TOKEN_PREFIX}${randomBytes(TOKEN_BYTES).toString('base64url')}`;
    const digest = sha256(token);
    this.sessionByDigest.set(digest, session);
    this.digestBySession.set(session, digest);
    return token;
  }

  /** Ends the session's handle (its episode was reset, or the session ended). */
  revoke(session: Session): void {
    const digest = this.digestBySession.get(session);
    if (digest === undefined) return;
    this.digestBySession.delete(session);
    this.sessionByDigest.delete(digest);
  }

  /** Whether `key` (from resolve) is still the session's handle. */
  owns(session: Session, key: string): boolean {
    return this.digestBySession.get(session) === key;
  }

  get size(): number {
    return this.sessionByDigest.size;
  }

  /** The session and handle key of `Authorization: Bearer <agent token>`, or UNAUTHORIZED (the same for every wrong token). */
  resolve(authorization: string | string[] | undefined): { session: Session; key: string } {
    const header = typeof authorization === 'string' ? authorization.trim() : '';
    const match = /^Bearer[ \t]+(\S+)$/i.exec(header);
    const digest = match ? sha256(match[1]!) : null;
    const session = digest === null ? undefined : this.sessionByDigest.get(digest);
    if (!session || digest === null) {
      throw new FiredrillError('UNAUTHORIZED', header === '' ? 'Missing agent token (Authorization: Bearer <agent_token>).' : 'Unknown or expired agent token.');
    }
    return { session, key: digest };
  }
}

/** A step result as an agent sees it: the observation and `done`; no reward, score or grade report. */
export function sealedStep(result: StepResult): StepResult {
  const metadata: Record<string, unknown> = {};
  for (const key of AGENT_METADATA_KEYS) if (key in result.metadata) metadata[key] = result.metadata[key];
  return { observation: result.observation, reward: null, done: result.done, metadata };
}

/** The episode state as an agent sees it. */
export function sealedState(state: EpisodeState): Record<string, unknown> {
  const sealed: Record<string, unknown> = {};
  for (const key of AGENT_STATE_KEYS) if (key in state) sealed[key] = state[key];
  return sealed;
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
