/**
 * The runtime rules of OpenEnv auto-validation (RFC 008, openenv 0.10), reimplemented over a listening server: a
 * collector that runs the probe plan on one WebSocket session and keeps every exchange as raw text, and graders
 * that check the evidence the way OpenEnv's do (reward well-formed, state contract, message sizes, telemetry
 * record, seed control, rubric tree, reward attribution, replay determinism).
 */
import WebSocket from 'ws';
import { z } from 'zod';

export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_TRACE_BYTES = 8 * 1024 * 1024;

/** The `validation:` block of openenv.yaml as OpenEnv's normalized manifest (schema 2) accepts it: unknown keys are errors. */
const Path = z.string().min(1).refine((p) => !p.startsWith('/') && !p.includes('..') && !p.includes('\\') && !p.includes(':'), 'package-relative path');
export const ValidationBlockSchema = z.strictObject({
  reward: z
    .strictObject({
      range: z.tuple([z.number(), z.number()]),
      oracle_tolerance: z.number().min(0),
      floor_margin: z.number().min(0),
      variance_tolerance: z.number().min(0).nullable().optional(),
    })
    .refine((r) => r.range[0] < r.range[1], 'range strictly increasing'),
  judge: z.null().optional(),
  resources: z.strictObject({
    cpu: z.number().positive(),
    memory_mb: z.number().int().positive(),
    disk_mb: z.number().int().positive(),
    episode_timeout_s: z.number().positive(),
    gpus: z.number().int().min(0).optional(),
    gpu_types: z.array(z.string()).optional(),
  }),
  task_distribution: z.strictObject({ generator_seed: z.number().int().nullable().optional(), dataset_version: z.string().nullable().optional(), generator_model: z.string().nullable().optional() }).optional(),
  network: z.strictObject({ mode: z.enum(['public', 'no-network', 'allowlist']), allowed_hosts: z.array(z.string()).optional() }).optional(),
  capabilities: z
    .strictObject({
      oracle: z.strictObject({ form: z.enum(['injected_state', 'script']), location: Path }).nullable().optional(),
      verifier: z.strictObject({ kind: z.enum(['reward_channel', 'script']), entry: z.string().optional() }),
      set_state: z.boolean().optional(),
      llm_judged: z.boolean().optional(),
      rubric_tree: z.boolean().optional(),
      task_api: z.boolean().optional(),
      canaries: z.string().optional(),
      declared_tools: z.array(z.string()).optional(),
      declared_task_count: z.record(z.string(), z.number().int().min(0)).optional(),
    })
    .refine((c) => !(c.oracle?.form === 'injected_state' && !c.set_state), 'injected_state needs set_state'),
  types: z.strictObject({ tags: z.array(z.string().min(1)).min(1) }),
  execution: z.strictObject({
    kind: z.literal('openenv_ws'),
    probe_path: Path,
    dockerfile: Path,
    context: z.string(),
    agent_boundary: z.literal('api'),
  }),
});
export type ValidationBlock = z.infer<typeof ValidationBlockSchema>;

/** validation/runtime.json (plan schema 1): bounded, data-only inputs. */
export const RuntimePlanSchema = z.strictObject({
  plan_schema_version: z.literal('1'),
  reset: z.strictObject({
    episode_id: z.string().min(1).max(128),
    seed: z.number().int().min(0).max(2 ** 32 - 1),
    options: z.record(z.string(), z.unknown()).refine((o) => !('seed' in o) && !('episode_id' in o), 'options cannot override seed or episode_id'),
  }),
  actions: z.array(z.record(z.string(), z.unknown())).min(1).max(100),
});
export type RuntimePlan = z.infer<typeof RuntimePlanSchema>;

export interface Exchange {
  operation: 'reset' | 'step' | 'state';
  request_json: string;
  response_json: string;
}

export interface Evidence {
  exchanges: Exchange[];
  telemetry: Record<string, unknown> | null;
  /** Bytes of the largest frame the server sent. */
  largest_frame: number;
  trace_bytes: number;
}

class Socket {
  private readonly inbox: string[] = [];
  private readonly waiters: ((text: string) => void)[] = [];
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: WebSocket.RawData) => {
      const text = String(data);
      const w = this.waiters.shift();
      if (w) w(text);
      else this.inbox.push(text);
    });
  }
  static open(url: string): Promise<Socket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(url, { maxPayload: MAX_MESSAGE_BYTES });
      const s = new Socket(ws);
      ws.once('open', () => resolve(s));
      ws.once('error', reject);
    });
  }
  request(text: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reply within 5 s')), 5000);
      this.waiters.push((t) => {
        clearTimeout(timer);
        resolve(t);
      });
      this.ws.send(text);
    });
  }
  close(): void {
    this.ws.send(JSON.stringify({ type: 'close' }));
    this.ws.close();
  }
}

/**
 * One measured episode: validation_open, reset (options + seed + episode_id), state, then each action followed by
 * state until done, then validation_read. Authentication exchanges are not part of the evidence.
 */
export async function collect(baseUrl: string, plan: RuntimePlan, token: string | null, seed = plan.reset.seed): Promise<Evidence> {
  const socket = await Socket.open(`${baseUrl.replace(/^http/, 'ws')}/ws`);
  const exchanges: Exchange[] = [];
  let largest = 0;
  let trace = 0;
  let capability: string | null = null;
  if (token !== null) {
    const opened = JSON.parse(await socket.request(JSON.stringify({ type: 'validation_open', data: { schema_version: 1, token } }))) as { type: string; data: { capability?: string } };
    if (opened.type === 'validation_open') capability = opened.data.capability ?? null;
  }
  async function exchange(operation: Exchange['operation'], data?: unknown): Promise<Record<string, unknown>> {
    const request_json = JSON.stringify(data === undefined ? { type: operation } : { type: operation, data });
    const response_json = await socket.request(request_json);
    const bytes = Buffer.byteLength(response_json);
    largest = Math.max(largest, bytes);
    trace += bytes + Buffer.byteLength(request_json);
    exchanges.push({ operation, request_json, response_json });
    const response = JSON.parse(response_json) as { type: string; data: Record<string, unknown> };
    if (response.type !== (operation === 'state' ? 'state' : 'observation')) throw new Error(`unexpected response envelope to ${operation}: ${response_json.slice(0, 300)}`);
    return response.data;
  }
  let observation = await exchange('reset', { ...plan.reset.options, seed, episode_id: plan.reset.episode_id });
  await exchange('state');
  for (const action of plan.actions) {
    if (observation['done'] === true) break;
    observation = await exchange('step', action);
    await exchange('state');
  }
  let telemetry: Record<string, unknown> | null = null;
  if (capability !== null) {
    const read = JSON.parse(await socket.request(JSON.stringify({ type: 'validation_read', data: { schema_version: 1, capability } }))) as { type: string; data: Record<string, unknown> };
    if (read.type === 'validation') telemetry = read.data;
  }
  socket.close();
  return { exchanges, telemetry, largest_frame: largest, trace_bytes: trace };
}

const parse = (s: string) => JSON.parse(s) as { type: string; data: Record<string, unknown> };
const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 + 1e-9 * Math.abs(b);

/** runtime.reward_well_formed: every step reward a finite JSON number in the declared range; a reset reward may be null. */
export function rewardWellFormed(evidence: Evidence, range: [number, number]): string[] {
  const problems: string[] = [];
  evidence.exchanges.forEach((e, i) => {
    if (e.operation === 'state') return;
    const data = parse(e.response_json).data;
    const reward = data['reward'];
    if (!('reward' in data)) problems.push(`exchange ${i}: missing reward`);
    else if (reward === null && e.operation === 'reset') return;
    else if (!finite(reward) || reward < range[0] || reward > range[1]) problems.push(`exchange ${i}: reward must be finite and in range`);
  });
  return problems;
}

/** runtime.observation_schema (envelope part): type observation, an observation object, a boolean done, a reward key. */
export function observationEnvelopes(evidence: Evidence): string[] {
  return evidence.exchanges.flatMap((e, i) => {
    if (e.operation === 'state') return [];
    const r = parse(e.response_json);
    const ok = r.type === 'observation' && typeof r.data['observation'] === 'object' && r.data['observation'] !== null && typeof r.data['done'] === 'boolean' && 'reward' in r.data;
    return ok ? [] : [`exchange ${i}: malformed observation envelope`];
  });
}

/** runtime.state_contract: state echoes the requested episode_id and counts steps exactly. */
export function stateContract(evidence: Evidence): string[] {
  const problems: string[] = [];
  let episodeId: unknown = null;
  let steps = 0;
  let states = 0;
  evidence.exchanges.forEach((e, i) => {
    if (e.operation === 'reset') {
      episodeId = (parse(e.request_json).data as { episode_id?: unknown }).episode_id;
      steps = 0;
    } else if (e.operation === 'step') steps += 1;
    else {
      states += 1;
      const r = parse(e.response_json);
      if (r.type !== 'state' || r.data['episode_id'] !== episodeId) problems.push(`exchange ${i}: episode_id differs from reset`);
      if (!Number.isInteger(r.data['step_count']) || r.data['step_count'] !== steps) problems.push(`exchange ${i}: incorrect step_count`);
    }
  });
  if (states === 0) problems.push('no state snapshots were measured');
  return problems;
}

/** The wire transcript as the telemetry record should repeat it. */
export function trace(evidence: Evidence): { operation: string; request: unknown; response: unknown }[] {
  return evidence.exchanges.map((e) => ({ operation: e.operation, request: JSON.parse(e.request_json) as unknown, response: JSON.parse(e.response_json) as unknown }));
}

/** runtime.seed_control: the telemetry shows the requested seed forwarded. */
export function seedControl(evidence: Evidence, seed: number): string[] {
  const s = evidence.telemetry?.['seed'] as { requested?: unknown; accepted?: unknown; value?: unknown } | undefined;
  return s && s.requested === true && s.accepted === true && s.value === seed ? [] : ['seed was not observed as forwarded'];
}

export interface TelemetryNode {
  name: string;
  class_name: string;
  children: string[];
  aggregation: string;
  config: Record<string, unknown>;
  config_available: boolean;
  score: number | null;
  evaluated: boolean;
}

/** runtime.rubric_introspectable: a named tree rooted at `root`, every edge parent.child, known aggregations, configuration available. */
export function rubricNodes(payload: unknown): Map<string, TelemetryNode> {
  if (!Array.isArray(payload) || payload.length === 0) throw new Error('missing rubric tree');
  const nodes = new Map<string, TelemetryNode>();
  for (const node of payload as TelemetryNode[]) {
    if (typeof node.name !== 'string' || node.name.split('.').some((p) => p === '') || nodes.has(node.name)) throw new Error('invalid rubric name');
    if (typeof node.class_name !== 'string' || node.class_name === '') throw new Error('missing rubric class');
    if (!Array.isArray(node.children) || new Set(node.children).size !== node.children.length) throw new Error('invalid rubric children');
    if (typeof node.config_available !== 'boolean' || typeof node.config !== 'object') throw new Error('invalid rubric configuration');
    if (node.evaluated && !finite(node.score)) throw new Error('evaluated score is not finite');
    if (!node.evaluated && node.score !== null) throw new Error('unevaluated score must be absent');
    if (!['weighted_sum', 'sequential', 'gate', 'leaf'].includes(node.aggregation)) throw new Error(`aggregation ${node.aggregation} is not one the validator can check`);
    if (node.aggregation === 'leaf' && node.children.length > 0) throw new Error('leaf has children');
    if (node.aggregation === 'weighted_sum') {
      const weights = node.config['weights'] as number[];
      if (!Array.isArray(weights) || weights.length !== node.children.length || !weights.every(finite)) throw new Error('invalid rubric weights');
      if (Math.abs(weights.reduce((a, w) => a + w, 0) - 1) > 1e-6) throw new Error('rubric weights do not sum to one');
    }
    if (node.aggregation === 'gate' && (node.children.length !== 1 || !finite(node.config['threshold']))) throw new Error('invalid rubric gate');
    if (!node.config_available) throw new Error('rubric configuration is unavailable');
    nodes.set(node.name, node);
  }
  if (!nodes.has('root')) throw new Error('missing rubric root');
  const linked = new Set<string>();
  for (const [name, node] of nodes) {
    for (const child of node.children) {
      if (!nodes.has(child) || linked.has(child) || child.slice(0, child.lastIndexOf('.')) !== name) throw new Error('invalid rubric edge');
      linked.add(child);
    }
  }
  if (linked.size !== nodes.size - 1) throw new Error('disconnected rubric tree');
  return nodes;
}

/** runtime.reward_attribution: one record per step, an unchanged definition, root = the emitted reward, every parent = its aggregation. */
export function rewardAttribution(evidence: Evidence): string[] {
  const problems: string[] = [];
  const telemetry = evidence.telemetry ?? {};
  const baseline = rubricNodes(telemetry['rubric']);
  const definition = (tree: Map<string, TelemetryNode>) => JSON.stringify([...tree.values()].map(({ score: _s, evaluated: _e, ...rest }) => rest));
  const steps = evidence.exchanges.filter((e) => e.operation === 'step');
  const records = telemetry['attribution'] as { step_index: number; rubric: unknown }[];
  if (!Array.isArray(records) || records.length !== steps.length) return ['attribution does not cover every observed step'];
  records.forEach((record, index) => {
    if (record.step_index !== index) problems.push(`step ${index}: attribution identity differs from the wire`);
    const nodes = rubricNodes(record.rubric);
    if (definition(nodes) !== definition(baseline)) problems.push(`step ${index}: rubric configuration changed`);
    const reward = parse(steps[index]!.response_json).data['reward'];
    const root = nodes.get('root')!;
    if (!root.evaluated || !finite(reward) || !close(root.score!, reward)) problems.push(`step ${index}: root score ${String(root.score)} differs from emitted reward ${String(reward)}`);
    for (const node of nodes.values()) {
      if (!node.evaluated || node.aggregation === 'leaf') continue;
      const children = node.children.map((c) => nodes.get(c)!);
      let expected = node.aggregation === 'sequential' ? 1 : 0;
      let visited = 0;
      for (const child of children) {
        if (!child.evaluated) {
          problems.push(`step ${index}: required child score was not evaluated`);
          break;
        }
        visited += 1;
        const score = child.score!;
        if (node.aggregation === 'weighted_sum') expected += score * (node.config['weights'] as number[])[visited - 1]!;
        else if (node.aggregation === 'gate') expected = score < (node.config['threshold'] as number) ? 0 : score;
        else {
          expected = score;
          if (score === 0) break;
        }
      }
      if (node.aggregation === 'sequential' && children.slice(visited).some((c) => c.evaluated)) problems.push(`step ${index}: sequential evaluated children after its gate`);
      if (!close(node.score!, expected)) problems.push(`step ${index}: ${node.name} ${node.score} does not match its children (${expected})`);
    }
  });
  return problems;
}

/** The first JSON path where two values differ, or null. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | null {
  if (typeof a !== typeof b || Array.isArray(a) !== Array.isArray(b) || (a === null) !== (b === null)) return path;
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return a.length === b.length ? null : `${path}[${Math.min(a.length, b.length)}]`;
  }
  if (typeof a === 'object' && a !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    for (const key of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
      if (!(key in ao) || !(key in bo)) return `${path}.${key}`;
      const d = firstDifference(ao[key], bo[key], `${path}.${key}`);
      if (d) return d;
    }
    return null;
  }
  return a === b ? null : path;
}
