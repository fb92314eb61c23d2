import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '../bin/tunix-rt.mjs');
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** Starts the product as the README does and waits for /api/health. */
async function start(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [BIN, 'start'], {
    env: { ...process.env, TUNIX_DATA_DIR: dataDir, BACKEND_PORT: String(port), DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('server did not become healthy');
}

const stop = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });

describe('tunix-rt start on the embedded database', () => {
  it('keeps a trace across a restart and refuses a second process on the same data directory', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tunix-start-'));
    const port = await freePort();
    const first = await start(dataDir, port);
    const created = await fetch(`http://127.0.0.1:${port}/api/traces`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        trace_version: '1.0',
        prompt: 'persist me',
        final_answer: 'ok',
        steps: [{ i: 0, type: 't', content: 'c' }],
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const second = spawnSync(process.execPath, [BIN, 'migrate', 'up'], {
      env: { ...process.env, TUNIX_DATA_DIR: dataDir, DATABASE_URL: '' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(second.status).not.toBe(0);
    expect(second.stderr).toContain('already open');

    expect(await stop(first)).toBe(0);
    await start(dataDir, port);
    const fetched = await fetch(`http://127.0.0.1:${port}/api/traces/${id}`);
    expect(fetched.status).toBe(200);
    expect(((await fetched.json()) as { payload: { prompt: string } }).payload.prompt).toBe('persist me');
  });

  it('starts after a crash (SIGKILL) left its lock file behind', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'tunix-crash-'));
    const port = await freePort();
    const first = await start(dataDir, port);
    first.kill('SIGKILL');
    await new Promise((r) => first.once('exit', r));
    const again = await start(dataDir, port);
    expect(again.exitCode).toBeNull();
  });

  it('refuses a bad configuration naming the variable', () => {
    const run = spawnSync(process.execPath, [BIN, 'start'], {
      env: { ...process.env, BACKEND_PORT: 'eighty' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('BACKEND_PORT');
  });
});
