import { createHmac, randomBytes } from 'node:crypto';

/** Environment variable that fixes the episode secret of a process (else one is drawn at random). */
export const EPISODE_SECRET_ENV = 'FIREDRILL_EPISODE_SECRET';

let processSecret: string | null = null;

/**
 * The secret of environments given none: `FIREDRILL_EPISODE_SECRET` when set, else drawn once per process, so that
 * episode and incident ids differ between processes and cannot be computed from (task, seed).
 */
export function processEpisodeSecret(): string {
  processSecret ??= process.env[EPISODE_SECRET_ENV] || randomBytes(32).toString('hex');
  return processSecret;
}

/**
 * The opaque id of an episode whose reset named none: keyed by the secret, so (task, seed) alone does not give it
 * (or the incident id derived from it) away, while the same secret, task and seed give the same id.
 */
export function episodeIdFor(secret: string, taskId: string, seed: number): string {
  return `ep-${createHmac('sha256', secret).update(`${taskId}\u0000${seed}`).digest('hex').slice(0, 24)}`;
}
