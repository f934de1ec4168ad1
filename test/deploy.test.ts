import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const ROOT = resolve(__dirname, '..');
const read = (file: string) => readFileSync(resolve(ROOT, file), 'utf8');

describe('deployment files', () => {
  it('openenv.yaml is valid YAML with the OpenEnv manifest fields', () => {
    const manifest = parse(read('openenv.yaml')) as Record<string, unknown>;
    expect(manifest).toMatchObject({ spec_version: 1, name: 'firedrill', type: 'space', runtime: 'docker', app: 'bin/firedrill.js serve', port: 8000 });
    expect(typeof manifest['description']).toBe('string');
    expect(Object.values(manifest['variables'] as object).every((v) => typeof v === 'string')).toBe(true);
  });

  it('the Dockerfile builds a slim Node image serving port 8000 as a non-root user with a health check', () => {
    const lines = read('Dockerfile').split('\n');
    const from = lines.filter((l) => l.startsWith('FROM '));
    expect(from.at(-1)).toBe('FROM node:20-slim');
    expect(lines).toContain('EXPOSE 8000');
    expect(lines).toContain('USER node');
    expect(lines.find((l) => l.startsWith('HEALTHCHECK'))).toBeDefined();
    expect(lines.some((l) => l.includes('/health'))).toBe(true);
    expect(lines).toContain('CMD ["node", "bin/firedrill.js", "serve"]');
  });

  it('the README documents the Hugging Face Space front matter', () => {
    const block = /```yaml\n(---\n[\s\S]*?\n---)\n```/.exec(read('README.md'))?.[1];
    expect(block).toBeDefined();
    const front = parse(block!.replace(/^---\n|\n---$/g, '')) as Record<string, unknown>;
    expect(front).toMatchObject({ sdk: 'docker', app_port: 8000, tags: ['openenv'] });
  });
});
