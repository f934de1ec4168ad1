import { afterEach, describe, expect, it } from 'vitest';

import { LlmAgent } from '../src/agents/llm/llm-agent.js';
import type { LlmAgentInput } from '../src/agents/llm/options.js';
import { nativeToolSpecs } from '../src/agents/llm/tools.js';
import { createDefaultAgentRegistry } from '../src/agents/registry.js';
import { runEpisode } from '../src/agents/run-episode.js';
import { actionJsonSchemaOf, InProcessEnv } from '../src/eval/in-process-env.js';
import { type FakeOpenAiServer, type FakeReply, outagePolicy, type RecordedRequest, type Responder, startFakeOpenAiServer } from './fixtures/fake-openai-server.js';
import { createDefaultRegistry } from '../src/cli/default-registry.js';
import { createFixtureRegistry } from './fixtures/fixture-engine.js';

let server: FakeOpenAiServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

async function serve(responder: Responder): Promise<FakeOpenAiServer> {
  server = await startFakeOpenAiServer(responder);
  return server;
}

function scripted(replies: FakeReply[], then: Responder = outagePolicy()): Responder {
  return (req, i) => replies[i] ?? then(req, i);
}

const sleeps: number[] = [];
function agentFor(s: FakeOpenAiServer, opts: Partial<LlmAgentInput> = {}): LlmAgent {
  sleeps.length = 0;
  return new LlmAgent({ baseUrl: s.url, model: 'fake-model', apiKey: 'test-key', ...opts }, { sleep: async (ms) => void sleeps.push(ms) });
}

async function play(agent: LlmAgent, taskId = 'fixture-outage', seed = 0) {
  const registry = createFixtureRegistry();
  const env = new InProcessEnv(registry);
  const schema = actionJsonSchemaOf(registry, taskId);
  return runEpisode(env, agent, { taskId, seed, ...(schema ? { actionSchema: schema } : {}) });
}

const actionTypes = (t: Awaited<ReturnType<typeof play>>) => t.steps.map((s) => (s.action as { action_type: string } | null)?.action_type ?? null);
const bodies = (s: FakeOpenAiServer) => s.requests.map((r: RecordedRequest) => r.body);

describe('LLM agent over an OpenAI-compatible server', () => {
  it('solves the fixture with native tool calls generated from the action schemas, passing temperature, seed and the key', async () => {
    const s = await serve(outagePolicy());
    const agent = agentFor(s, { temperature: 0.2, seed: 7, priceInputPerM: 2, priceOutputPerM: 8 });
    const t = await play(agent);
    expect(actionTypes(t)).toEqual(['read_logs', 'diagnose', 'apply_fix', 'verify_health', 'resolve']);
    expect(t.end.status).toBe('done');
    // Fixed at T+5 (read, diagnose, 3-minute fix): 0.4 + 0.4 + 0.2 × (1 − 5/20).
    expect(t.end.report?.score).toBe(0.95);
    const first = s.requests[0] as RecordedRequest;
    expect(first.path).toBe('/v1/chat/completions');
    expect(first.headers.authorization).toBe('Bearer test-key');
    expect(first.body).toMatchObject({ model: 'fake-model', temperature: 0.2, seed: 7, max_tokens: 1024, tool_choice: 'auto' });
    expect(first.body.stream).toBeFalsy();
    const names = first.body.tools?.map((x) => x.function.name);
    expect(names).toEqual(['list_services', 'read_logs', 'query_metrics', 'diagnose', 'apply_fix', 'verify_health', 'resolve']);
    expect(first.body.tools?.[1]?.function.parameters).toEqual(nativeToolSpecs(['read_logs'])[0]?.inputSchema);
    expect(first.body.tools?.[1]?.function.parameters).toMatchObject({ type: 'object', required: ['service'], additionalProperties: false });
    expect(Object.keys((first.body.tools?.[1]?.function.parameters['properties'] ?? {}) as object)).toEqual(['service', 'contains', 'level', 'limit']);
    expect(first.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(first.body.messages[1]?.content).toContain('[A1] CRITICAL gateway: HTTP 5xx above 5%');
    // The observation of a tool call comes back as a tool message with its id.
    const second = s.requests[1] as RecordedRequest;
    expect(second.body.messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool']);
    expect(second.body.messages[3]?.tool_call_id).toBe(second.body.messages[2]?.tool_calls?.[0]?.id);
    expect(second.body.messages[3]?.content).toContain('db ERROR could not write WAL segment: No space left on device');
    // 5 calls; prompt tokens 10 per message: 2, 4, 6, 8, 10 messages.
    expect(agent.usage()).toEqual({ prompt_tokens: 300, completion_tokens: 35, calls: 5, cost_usd: (300 * 2 + 35 * 8) / 1e6 });
    expect(t.end.usage).toEqual(agent.usage());
    expect(t.steps.map((x) => x.usage.calls)).toEqual([1, 2, 3, 4, 5]);
  });

  it('streams (SSE) with the same actions and observations as without streaming, and counts streamed usage', async () => {
    const s1 = await serve(outagePolicy());
    const plain = await play(agentFor(s1));
    await s1.close();
    const s2 = await serve(outagePolicy());
    const agent = agentFor(s2, { stream: true });
    const streamed = await play(agent);
    expect(bodies(s2).every((b) => b.stream === true && b.stream_options?.include_usage === true)).toBe(true);
    expect(streamed.steps.map((x) => [x.action, x.observation, x.reward])).toEqual(plain.steps.map((x) => [x.action, x.observation, x.reward]));
    expect(agent.usage()).toMatchObject({ prompt_tokens: 300, completion_tokens: 35, calls: 5 });
  });

  it('estimates tokens when a server reports no usage', async () => {
    const s = await serve(() => ({ kind: 'tool_calls', calls: [{ name: 'resolve', arguments: {} }], usage: null }));
    const agent = agentFor(s);
    await play(agent);
    expect(agent.usage().calls).toBe(1);
    expect(agent.usage().completion_tokens).toBe(Math.ceil('resolve{}'.length / 4));
    expect(agent.usage().prompt_tokens).toBeGreaterThan(100);
  });

  it('falls back to JSON in text when the server rejects tools, and keeps playing', async () => {
    const policy = outagePolicy();
    const s = await serve((req, i) =>
      req.body.tools ? { kind: 'status', status: 400, body: { error: { message: '"auto" tool choice requires --enable-auto-tool-choice', type: 'BadRequestError', param: null, code: 400 } } } : policy(req, i),
    );
    const agent = agentFor(s);
    const t = await play(agent);
    expect(agent.usingJsonMode).toBe(true);
    expect(actionTypes(t)).toEqual(['read_logs', 'diagnose', 'apply_fix', 'verify_health', 'resolve']);
    expect(bodies(s).map((b) => Boolean(b.tools))).toEqual([true, false, false, false, false, false]);
    const sys = s.requests[1]?.body.messages[0]?.content ?? '';
    expect(sys).toContain('Reply with exactly one JSON object and nothing else: {"action_type": "<one of the actions>", ...parameters}.');
    expect(sys).toContain('- read_logs: Read recent log lines of a service, newest last, optionally filtered.');
    expect(agent.usage().calls).toBe(5);
  });

  it('switches to max_completion_tokens when the server asks for it', async () => {
    const policy = outagePolicy();
    const s = await serve((req, i) =>
      'max_tokens' in req.body
        ? { kind: 'status', status: 400, body: { error: { message: "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead.", type: 'invalid_request_error', param: 'max_tokens', code: 'unsupported_parameter' } } }
        : policy(req, i),
    );
    const t = await play(agentFor(s, { maxTokens: 300 }));
    expect(t.end.status).toBe('done');
    expect(s.requests.map((r) => ['max_tokens' in r.body, r.body['max_completion_tokens'] ?? null])).toEqual([[true, null], ...Array(5).fill([false, 300])]);
  });

  it('never sends tools in json mode, and plays the text task through the single act tool otherwise', async () => {
    const s = await serve((req) =>
      req.body.tools
        ? { kind: 'tool_calls', calls: [{ name: 'act', arguments: req.body.messages.length < 3 ? { action_type: 'diagnose', value: 'disk full' } : { action_type: 'apply_fix', value: 'clean the disk' } }] }
        : { kind: 'text', content: '{"action_type": "noop", "value": ""}' },
    );
    const t = await play(agentFor(s), 'fixture-text-sre');
    expect(s.requests[0]?.body.tools?.map((x) => x.function.name)).toEqual(['act']);
    expect(s.requests[0]?.body.tools?.[0]?.function.parameters).toMatchObject({
      type: 'object',
      properties: { action_type: { enum: ['diagnose', 'apply_fix', 'noop'] }, value: { type: 'string', maxLength: 500 } },
    });
    expect(t.steps.map((x) => x.action)).toEqual([{ action_type: 'diagnose', value: 'disk full' }, { action_type: 'apply_fix', value: 'clean the disk' }]);
    expect(t.end.report?.score).toBe(0.95);
    await s.close();
    const s2 = await serve((req) => ({ kind: 'text', content: req.body.tools ? 'x' : '{"action_type": "noop", "value": ""}' }));
    const t2 = await play(agentFor(s2, { toolMode: 'json' }), 'fixture-text-sre');
    expect(bodies(s2).some((b) => b.tools)).toBe(false);
    expect(t2.end.turns).toBe(5);
  });

  it('re-asks after malformed replies: prose, broken tool arguments, an unknown tool, a body without choices', async () => {
    const s = await serve(
      scripted([
        { kind: 'text', content: 'I think the database is the problem.' },
        { kind: 'tool_calls', calls: [{ name: 'read_logs', arguments: '{"service": "db", ' }] },
        { kind: 'tool_calls', calls: [{ name: 'restart_everything', arguments: {} }] },
        { kind: 'raw', body: '{"id":"x","object":"chat.completion","choices":[]}' },
      ]),
    );
    const agent = agentFor(s, { maxParseRetries: 3, retryBaseMs: 100 });
    const t = await play(agent);
    expect(actionTypes(t)).toEqual(['read_logs', 'diagnose', 'apply_fix', 'verify_health', 'resolve']);
    const msgs = s.requests[4]?.body.messages ?? [];
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'tool']);
    expect(msgs[3]?.content).toBe('Your reply contained no usable action. Call exactly one of the tools, with JSON arguments.');
    expect(msgs[5]?.content).toBe('Error: The arguments of read_logs are not a JSON object. Your reply contained no usable action. Call exactly one of the tools, with JSON arguments.');
    expect(msgs[7]?.content).toContain("There is no tool named 'restart_everything'.");
    // The empty choices list is a broken reply: retried after a backoff, not shown to the model.
    expect(sleeps.length).toBe(1);
    // Calls count completions received: 3 malformed, 5 good (the broken body is not one).
    expect(agent.usage().calls).toBe(3 + 5);
  });

  it('gives up a turn with a ParseError after the re-asks, and the runner asks again', async () => {
    const s = await serve(scripted([{ kind: 'text', content: 'hmm' }, { kind: 'text', content: 'still thinking' }]));
    const t = await play(agentFor(s, { maxParseRetries: 1 }));
    expect(t.steps[0]?.error).toEqual({ kind: 'ParseError', message: 'No usable action after 2 replies.' });
    expect(actionTypes(t)).toEqual([null, 'read_logs', 'diagnose', 'apply_fix', 'verify_health', 'resolve']);
  });

  it('retries 429 (honouring retry-after), 5xx and timeouts with backoff, then succeeds', async () => {
    const s = await serve(
      scripted([
        { kind: 'status', status: 429, headers: { 'retry-after': '2' }, body: { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded', param: null } } },
        { kind: 'status', status: 503 },
        { kind: 'hang', ms: 5000 },
      ]),
    );
    const retries: string[] = [];
    const agent = new LlmAgent({ baseUrl: s.url, model: 'fake-model', apiKey: 'k', retryBaseMs: 1000, timeoutMs: 300 }, { sleep: async (ms) => void sleeps.push(ms), onRetry: (n, ms, why) => void retries.push(`${n}:${why}`) });
    sleeps.length = 0;
    const t = await play(agent);
    expect(retries).toEqual(['1:HTTP 429', '2:HTTP 503', '3:timeout']);
    expect(sleeps[0]).toBe(2000);
    // Exponential with jitter: attempt 2 in [1000, 2000], attempt 3 in [2000, 4000].
    expect(sleeps[1]).toBeGreaterThanOrEqual(1000);
    expect(sleeps[1]).toBeLessThanOrEqual(2000);
    expect(sleeps[2]).toBeGreaterThanOrEqual(2000);
    expect(sleeps[2]).toBeLessThanOrEqual(4000);
    expect(t.end.status).toBe('done');
    expect(agent.usage().calls).toBe(5);
  });

  it('does not retry client errors such as 401: the episode ends at once as an error, with the message', async () => {
    const s = await serve(() => ({ kind: 'status', status: 401, body: { error: { message: 'Incorrect API key provided', type: 'invalid_request_error', code: 'invalid_api_key', param: null } } }));
    const t = await play(agentFor(s));
    expect(s.requests.length).toBe(1);
    expect(t.end.status).toBe('error');
    expect(t.end.error).toContain('Incorrect API key provided');
    expect(t.steps.length).toBe(1);
    expect(t.steps[0]?.error?.kind).toBe('Exception');
    expect(t.steps[0]?.error?.message).toContain('Incorrect API key provided');
  });

  it('executes the first of several tool calls and answers the others', async () => {
    const s = await serve(scripted([{ kind: 'tool_calls', calls: [{ name: 'read_logs', arguments: { service: 'db' } }, { name: 'read_logs', arguments: { service: 'api' } }] }]));
    await play(agentFor(s));
    const msgs = s.requests[1]?.body.messages ?? [];
    expect(msgs.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'tool']);
    expect(msgs[3]?.tool_call_id).toBe('call_1_0');
    expect(msgs[4]).toMatchObject({ tool_call_id: 'call_1_1', content: 'Not executed: one action per turn. Call it again later if it is still needed.' });
  });

  it('bounds the context: long output is truncated with a note, older observations are summarised', async () => {
    const s = await serve(
      scripted([
        { kind: 'tool_calls', calls: [{ name: 'read_logs', arguments: { service: 'db', limit: 200 } }] },
        { kind: 'tool_calls', calls: [{ name: 'list_services', arguments: {} }] },
        { kind: 'tool_calls', calls: [{ name: 'list_services', arguments: {} }] },
      ]),
    );
    await play(agentFor(s, { maxObservationChars: 1000, keepFullObservations: 2 }));
    const second = s.requests[1]?.body.messages ?? [];
    const logs = second[3]?.content ?? '';
    expect(logs.length).toBeLessThan(1300);
    expect(logs).toMatch(/\[… \d+ characters omitted to fit the context; narrow the request \(service, contains, level, limit, window\) to see less at once …\]/);
    const fourth = s.requests[3]?.body.messages ?? [];
    expect(fourth[1]?.content).toMatch(/^\[Older output elided to save context \(\d+ characters\)\. First line: # Checkout errors\. Repeat the action to see it again\.\]$/);
    expect(fourth[3]?.content).toMatch(/^\[Older output elided/);
    expect(fourth[5]?.content).toContain('- gateway');
  });

  it('plays a built-in native task: one tool per available action, the engine’s own text as observations', async () => {
    const registry = createDefaultRegistry();
    const taskId = registry.ids()[0] as string;
    const s = await serve(scripted([
      { kind: 'tool_calls', calls: [{ name: 'list_services', arguments: {} }] },
      { kind: 'tool_calls', calls: [{ name: 'read_logs', arguments: { service: 'no-such-service' } }] },
    ], () => ({ kind: 'tool_calls', calls: [{ name: 'resolve', arguments: { summary: 'done' } }] })));
    const env = new InProcessEnv(registry);
    const t = await runEpisode(env, agentFor(s), { taskId, seed: 0 });
    const available = t.header.observation['available_actions'] as string[];
    expect(s.requests[0]?.body.tools?.map((x) => x.function.name)).toEqual(available);
    expect(t.steps.map((x) => (x.action as { action_type: string }).action_type)).toEqual(['list_services', 'read_logs', 'resolve']);
    expect(s.requests[1]?.body.messages.at(-1)?.content).toBe(t.steps[0]?.observation?.['text']);
    expect(s.requests[2]?.body.messages.at(-1)?.content).toContain('no-such-service');
    expect(t.end.status).toBe('done');
    expect(t.end.report?.task_id).toBe(taskId);
  });

  it('is registered as "llm" and takes a per-episode request seed when none is configured', async () => {
    const s = await serve(outagePolicy());
    const agent = createDefaultAgentRegistry().get('llm')?.create({ baseUrl: s.url, model: 'm', apiKey: 'k', unrelated: 1 });
    expect(agent?.name).toBe('llm:m');
    await play(agent as LlmAgent);
    const seeds = new Set(bodies(s).map((b) => b.seed));
    expect(seeds.size).toBe(1);
    expect(typeof [...seeds][0]).toBe('number');
  });
});
