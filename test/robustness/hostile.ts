import type { Rng } from '../../src/lib/index.js';

/** Seeded generators of malformed and hostile client input. */
const KEYS = ['__proto__', 'constructor', 'prototype', 'action', 'action_type', 'type', 'data', 'seed', 'task_id', 'episode_id', 'session_id', 'service', 'minutes', 'tool_name', 'arguments', 'jsonrpc', 'method', 'params', 'id', 'metadata', 'timeout_s', '', 'ключ', '🔥'];
const STRINGS = ['', 'default', 'new', 'toy-small', 'inspect', 'wait', 'resolve', 'reset', 'step', 'state', 'close', 'mcp', 'list_tools', 'call_tool', 'tools/call', 'tools/list', 'openenv/session/create', '2.0', '\u0000', '\ud800', '\uffff', '<script>', "'; DROP TABLE x; --", '%00', '../../etc/passwd'];
const NUMBERS = [0, -0, 1, -1, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 0.5, 3.7, 99, 1e21];

export function hostileValue(rng: Rng, depth = 0): unknown {
  const r = rng.next();
  if (depth > 4 || r < 0.1) return rng.pick([null, true, false]);
  if (r < 0.25) return rng.pick(NUMBERS);
  if (r < 0.45) return hostileString(rng);
  if (r < 0.6) return Array.from({ length: rng.int(0, 4) }, () => hostileValue(rng, depth + 1));
  const out: Record<string, unknown> = {};
  for (let i = rng.int(0, 5); i > 0; i--) out[rng.pick(KEYS)] = hostileValue(rng, depth + 1);
  return out;
}

export function hostileString(rng: Rng): string {
  const r = rng.next();
  if (r < 0.5) return rng.pick(STRINGS);
  if (r < 0.8) return 'x'.repeat(rng.int(100, 5000));
  if (r < 0.99) return Array.from({ length: rng.int(1, 50) }, () => String.fromCharCode(rng.int(0, 0xffff))).join('');
  return 'y'.repeat(rng.int(300_000, 1_200_000));
}

/** A plausible message with one part broken, so hostile input also reaches deep validation. */
function nearlyValid(rng: Rng): unknown {
  const base = rng.pick<Record<string, unknown>>([
    { task_id: 'toy-small', seed: 3 },
    { action: { action_type: 'inspect', service: 'svc-a' } },
    { action: { action_type: 'wait', minutes: 2 }, timeout_s: 1 },
    { action: { type: 'call_tool', tool_name: 'wait', arguments: { minutes: 1 } } },
    { action: { type: 'list_tools' } },
    { jsonrpc: '2.0', method: 'tools/call', params: { name: 'inspect', arguments: { service: 'svc-b' } }, id: 1 },
    { jsonrpc: '2.0', method: 'openenv/session/create', params: { seed: 1 }, id: 'a' },
    { type: 'reset', data: { seed: 1, task_id: 'toy-large' } },
    { type: 'step', data: { action_type: 'fix', service: 'svc-a', kind: 'restart' } },
    { type: 'mcp', data: { jsonrpc: '2.0', method: 'tools/list', id: 2 } },
    { type: 'state' },
  ]);
  const copy = JSON.parse(JSON.stringify(base)) as Record<string, unknown>;
  const target = copy['action'] && typeof copy['action'] === 'object' && rng.chance(0.6) ? (copy['action'] as Record<string, unknown>) : copy['data'] && typeof copy['data'] === 'object' && rng.chance(0.6) ? (copy['data'] as Record<string, unknown>) : copy;
  target[rng.chance(0.7) ? rng.pick(Object.keys(target).concat(KEYS)) : rng.pick(KEYS)] = hostileValue(rng, 2);
  return copy;
}

/** One hostile document as bytes: JSON, truncated JSON, invalid UTF-8, deep nesting, poisoning keys, garbage. */
export function hostileBody(rng: Rng): Buffer {
  const r = rng.next();
  if (r < 0.35) return Buffer.from(JSON.stringify(nearlyValid(rng)));
  if (r < 0.55) return Buffer.from(JSON.stringify(hostileValue(rng)));
  if (r < 0.65) {
    const text = JSON.stringify(nearlyValid(rng));
    return Buffer.from(text.slice(0, rng.int(0, Math.max(0, text.length - 1))));
  }
  if (r < 0.72) {
    const bytes = Buffer.from(JSON.stringify(nearlyValid(rng)));
    for (let i = rng.int(1, 4); i > 0; i--) bytes[rng.int(0, bytes.length - 1)] = rng.pick([0xff, 0xfe, 0xc0, 0x80, 0xed]);
    return bytes;
  }
  if (r < 0.8) {
    const depth = rng.pick([33, 100, 10_000, 100_000]);
    return Buffer.from(rng.chance(0.5) ? '['.repeat(depth) + ']'.repeat(depth) : '{"a":'.repeat(depth) + '1' + '}'.repeat(depth));
  }
  if (r < 0.88) {
    const poison = rng.pick(['{"__proto__":{"polluted":true}}', '{"action":{"__proto__":{"polluted":true},"action_type":"wait","minutes":1}}', '{"constructor":{"prototype":{"polluted":true}}}', '{"type":"reset","data":{"__proto__":{"polluted":1}}}', '{"jsonrpc":"2.0","method":"tools/list","params":{"__proto__":{"polluted":1}},"id":1}']);
    return Buffer.from(poison);
  }
  if (r < 0.95) return Buffer.from(Array.from({ length: rng.int(1, 64) }, () => rng.int(0, 255)));
  return Buffer.from(rng.pick(['', ' ', 'null', '""', '0', '[]', '{}', 'true', '{"a":1}{"b":2}', '\ufeff{}']));
}
