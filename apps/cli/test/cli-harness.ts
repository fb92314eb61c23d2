import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createTestApp, type TestApp } from '../../api/test/harness';

const BIN = join(import.meta.dirname, '../bin/tunix-rt.mjs');

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliServer {
  url: string;
  test: TestApp;
  /** Runs the real binary against this server (asynchronously: the server lives in this process). */
  cli(args: string[], env?: Record<string, string>): Promise<CliResult>;
  close(): Promise<void>;
}

/** A real API on a fresh database (PGlite, or PostgreSQL with TEST_DATABASE_URL) on a free port. */
export async function startCliServer(vars: Record<string, string> = {}): Promise<CliServer> {
  const test = await createTestApp(vars);
  await test.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = test.app.server.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    test,
    cli: (args, env = {}) => runCli(args, { TUNIX_URL: url, ...env }),
    close: () => test.close(),
  };
}

export function runCli(args: string[], env: Record<string, string> = {}, timeoutMs = 60_000): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, TUNIX_API_KEY: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      stdout += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      stderr += d;
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`tunix-rt ${args.join(' ')} timed out\nstdout: ${stdout}\nstderr: ${stderr}`));
    }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

export const randomKey = (prefix: string) => `${prefix}_${Math.random().toString(36).slice(2, 10)}`;

export function trace(overrides: Record<string, unknown> = {}) {
  return {
    trace_version: '1.0',
    prompt: 'What is 2 + 2?',
    final_answer: '4',
    steps: [{ i: 0, type: 'compute', content: 'Add 2 and 2' }],
    ...overrides,
  };
}
