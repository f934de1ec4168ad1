import type { TaskRegistry } from '../env/registry.js';
import type { AgentHandles } from './agent-handles.js';
import type { EpisodeService } from './episodes.js';
import type { Fairness, FairnessGates } from './fairness.js';
import type { JsonRpcHandler } from './json-rpc.js';
import type { ServerMetrics } from './metrics.js';
import type { EnvMetadata, Limits } from './options.js';
import type { SessionStore } from './sessions.js';

/** What the route sets share; one per app. */
export interface AppContext {
  registry: TaskRegistry;
  store: SessionStore;
  episodes: EpisodeService;
  rpc: JsonRpcHandler;
  metrics: ServerMetrics;
  limits: Limits;
  metadata: EnvMetadata;
  fairness: Fairness;
  gates: FairnessGates;
  /** Set once shutdown starts: new requests are refused with SHUTTING_DOWN. */
  closing: boolean;
  /** Agent tokens minted by POST /reset with agent_handle: true (the agent surface, /agent/…). */
  agentHandles: AgentHandles;
  /** OpenEnv validation telemetry token (RFC 008); telemetry is off when null. */
  validationToken: string | null;
}
