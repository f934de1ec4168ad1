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
export function episodeIdFor(secret: string, taskId: string, seed: number, privateWorld = false): string {
  return `ep-${keyed(secret, `${taskId}\u0000${seed}${privateWorld ? '\u0000private' : ''}`).slice(0, 24)}`;
}

/** Hex digits of the private world seed: 48 bits, within Number.MAX_SAFE_INTEGER. */
const WORLD_SEED_HEX = 12;

/**
 * The seed a private world is drawn from: keyed by the secret, so a copy of Firedrill without it cannot simulate the
 * seed's incident and match it against what an agent observes; the same secret, task and seed give the same world.
 */
export function privateWorldSeed(secret: string, taskId: string, seed: number): number {
  return Number.parseInt(keyed(secret, `world\u0000${taskId}\u0000${seed}`).slice(0, WORLD_SEED_HEX), 16);
}

function keyed(secret: string, text: string): string {
  return createHmac('sha256', secret).update(text).digest('hex');
}
