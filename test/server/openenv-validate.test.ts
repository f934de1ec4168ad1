import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startServer, type TestServer } from '../helpers/server.js';

/** The six runtime checks of `openenv validate --url` (reference/openenv-protocol.md §6), against a listening server. */
let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

async function json(path: string, init?: RequestInit): Promise<[number, Record<string, unknown>]> {
  const res = await fetch(`${server.url}${path}`, init);
  return [res.status, (await res.json()) as Record<string, unknown>];
}

describe('openenv validate --url', () => {
  it('passes all six criteria, in the openenv-http/1.x profile and simulation mode', async () => {
    const [openapiStatus, openapi] = await json('/openapi.json');
    expect(openapiStatus).toBe(200);
    const version = (openapi['info'] as { version: unknown }).version;
    expect(typeof version).toBe('string');
    expect(String(version).startsWith('1.')).toBe(true);

    expect(await json('/health')).toEqual([200, { status: 'healthy' }]);

    const [metadataStatus, metadata] = await json('/metadata');
    expect(metadataStatus).toBe(200);
    expect([typeof metadata['name'], typeof metadata['description']]).toEqual(['string', 'string']);

    const [schemaStatus, schema] = await json('/schema');
    expect(schemaStatus).toBe(200);
    for (const key of ['action', 'observation', 'state']) expect(typeof schema[key]).toBe('object');

    const [mcpStatus, mcp] = await json('/mcp', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(mcpStatus).toBe(200);
    expect(mcp['jsonrpc']).toBe('2.0');

    const paths = Object.keys(openapi['paths'] as object);
    expect(['/reset', '/step', '/state'].every((p) => paths.includes(p))).toBe(true);
  });
});
