import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sampleTrace, type TestApp } from './harness';

const KEY = `${'k'.repeat(12)}-secret-key`;
const HASHED = 'another-operator-key-1234';

describe('API keys', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({
      TUNIX_API_KEYS: KEY,
      TUNIX_API_KEY_HASHES: createHash('sha256').update(HASHED).digest('hex'),
    });
  });
  afterAll(async () => t?.close());

  it('requires a bearer key for writes: 401 without, 403 when wrong, 201 when right', async () => {
    const none = await t.app.inject({ method: 'POST', url: '/api/traces', payload: sampleTrace() });
    expect(none.statusCode).toBe(401);
    expect(none.json().detail).toContain('Authorization: Bearer');
    expect(none.headers['www-authenticate']).toBe('Bearer');
    const wrong = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      payload: sampleTrace(),
      headers: { authorization: 'Bearer nope' },
    });
    expect(wrong.statusCode).toBe(403);
    expect(wrong.json()).toEqual({ detail: 'Invalid API key' });
    const ok = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      payload: sampleTrace(),
      headers: { authorization: `Bearer ${KEY}` },
    });
    expect(ok.statusCode).toBe(201);
    const hashed = await t.app.inject({
      method: 'POST',
      url: '/api/traces',
      payload: sampleTrace(),
      headers: { authorization: `Bearer ${HASHED}` },
    });
    expect(hashed.statusCode).toBe(201);
  });

  it('leaves reads and health open by default', async () => {
    expect((await t.app.inject({ url: '/api/traces' })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('API keys for reads', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TUNIX_API_KEYS: KEY, TUNIX_AUTH_READS: 'true' });
  });
  afterAll(async () => t?.close());

  it('requires the key for reads when configured, but not for health', async () => {
    expect((await t.app.inject({ url: '/api/traces' })).statusCode).toBe(401);
    expect((await t.app.inject({ url: '/api/traces', headers: { authorization: `Bearer ${KEY}` } })).statusCode).toBe(
      200,
    );
    expect((await t.app.inject({ url: '/api/health' })).statusCode).toBe(200);
  });
});

describe('rate limits and headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ TUNIX_WRITE_RATE_LIMIT: '3' });
  });
  afterAll(async () => t?.close());

  it('limits writes per client with a 429 detail, never reads', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push((await t.app.inject({ method: 'POST', url: '/api/traces', payload: sampleTrace() })).statusCode);
    expect(codes).toEqual([201, 201, 201, 429]);
    const limited = await t.app.inject({ method: 'POST', url: '/api/traces', payload: sampleTrace() });
    expect(limited.json().detail).toContain('Rate limit exceeded');
    for (let i = 0; i < 5; i++) expect((await t.app.inject({ url: '/api/traces' })).statusCode).toBe(200);
  });

  it('sends security headers', async () => {
    const res = await t.app.inject({ url: '/api/health' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
  });
});

describe('configuration', () => {
  it('names the bad variable', async () => {
    const { loadEnv } = await import('../src/env');
    expect(() => loadEnv({ BACKEND_PORT: '70000' }, '')).toThrow(/BACKEND_PORT/);
    expect(() => loadEnv({ REDIAI_MODE: 'Mock' }, '')).toThrow(/REDIAI_MODE/);
    expect(() => loadEnv({ TRACE_MAX_BYTES: '' }, '')).toThrow(/TRACE_MAX_BYTES/);
    expect(() => loadEnv({ DATABASE_URL: 'mysql://x' }, '')).toThrow(/DATABASE_URL/);
    expect(() => loadEnv({ REDIAI_BASE_URL: 'not-a-url' }, '')).toThrow(/REDIAI_BASE_URL/);
    expect(loadEnv({ backend_port: '9000' }, '').port).toBe(9000);
    expect(loadEnv({ TUNIX_CLI: 'bin/trainer' }, '').tunixCli).toBe(`${process.cwd()}/bin/trainer`);
    expect(loadEnv({ TUNIX_CLI: 'tunix' }, '').tunixCli).toBe('tunix');
  });
});
