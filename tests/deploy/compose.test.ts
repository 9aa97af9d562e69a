import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { Env } from '../../src/config/env.js';

/**
 * What docs/DEPLOY.md promises, checked without docker (CI has none): the compose file parses,
 * runs web, worker and Redis as the README says Redis must run, and passes every setting the
 * README documents. scripts/docker-smoke.sh builds the image and curls /healthz where docker works.
 */
const compose = parse(readFileSync('compose.yaml', 'utf8')) as {
  services: Record<string, { command?: string[]; environment?: Record<string, string>; healthcheck?: { test: string[] }; depends_on?: Record<string, { condition: string }>; build?: string; image?: string }>;
};
const readmeSettings = [...readFileSync('README.md', 'utf8').matchAll(/^\| `([A-Z_]+)` \|/gm)].map((m) => m[1]);
const exampleSettings = [...readFileSync('.env.example', 'utf8').matchAll(/^([A-Z_]+)=/gm)].map((m) => m[1]);

describe('compose.yaml', () => {
  it('runs web, worker and redis', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['redis', 'web', 'worker']);
    expect(compose.services.web?.command?.at(-1)).toBe('web');
    expect(compose.services.worker?.command?.at(-1)).toBe('worker');
  });

  it('runs Redis with AOF fsync every second, no eviction and hz 100', () => {
    const args = (compose.services.redis?.command ?? []).join(' ');
    expect(args).toContain('--appendonly yes');
    expect(args).toContain('--appendfsync everysec');
    expect(args).toContain('--maxmemory-policy noeviction');
    expect(args).toContain('--hz 100');
  });

  it('checks health on /healthz and starts the bot once Redis is healthy', () => {
    expect(compose.services.web?.healthcheck?.test.join(' ')).toContain('/healthz');
    expect(compose.services.redis?.healthcheck?.test.join(' ')).toContain('ping');
    expect(compose.services.web?.depends_on?.redis?.condition).toBe('service_healthy');
    expect(compose.services.worker?.depends_on?.redis?.condition).toBe('service_healthy');
  });

  it('passes every setting the README documents, and the README documents every setting the code reads', () => {
    const documented = [...readmeSettings].sort();
    expect(documented).toEqual(Object.keys(Env.shape).sort());
    expect([...exampleSettings].sort()).toEqual(documented);
    for (const service of ['web', 'worker']) expect(Object.keys(compose.services[service]?.environment ?? {}).sort()).toEqual(documented);
    expect(compose.services.web?.environment?.REDIS_URL).toBe('redis://redis:6379');
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync('Dockerfile', 'utf8');
  it('installs production dependencies only and runs as a user that is not root', () => {
    const final = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
    expect(final).toContain('npm ci --omit=dev');
    expect(final).toMatch(/^USER node$/m);
    expect(final).toMatch(/^CMD \["node", "dist\/src\/runtime\/main\.js", "web"\]$/m);
  });
});
