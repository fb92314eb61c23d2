import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const CLI = fileURLToPath(new URL('../../apps/cli/bin/tunix-rt.mjs', import.meta.url));

/**
 * The product's environment for a bench process: request logging and the write rate limit are
 * off (they would measure the logger and the limiter), the run worker only where asked for.
 * Nothing is inherited except PATH/HOME, so a developer's `.env`-style variables cannot leak in.
 */
export function productEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    LOG_LEVEL: 'warn',
    TUNIX_WRITE_RATE_LIMIT: '0',
    TUNIX_EMBEDDED_WORKER: 'false',
    ...extra,
  };
}

export interface Proc {
  child: ChildProcess;
  pid: number;
  output(): string;
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * `node apps/cli/bin/tunix-rt.mjs ...args` as a child (never a shell). The working directory is
 * the data directory when there is one, so relative run outputs never land in the checkout.
 */
export function spawnCli(args: string[], env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Proc {
  const cwd = env.TUNIX_DATA_DIR ?? tmpdir();
  const child = spawn(
    process.execPath,
    [
      ...nodeArgs,
      ...(process.env.BENCH_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF_DIR}`] : []),
      CLI,
      ...args,
    ],
    { cwd, env, stdio: 'pipe' },
  );
  let out = '';
  const keep = (chunk: Buffer) => {
    out = (out + chunk.toString()).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    child,
    pid: child.pid!,
    output: () => out,
    exited,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export interface Server extends Proc {
  url: string;
  /** Peak resident set of the server process so far (VmHWM), in MB. */
  peakRssMb(): number;
  rssMb(): number;
}

/** Starts `tunix-rt start` and resolves once `/api/health` answers 200. */
export async function startServer(env: Record<string, string>, nodeArgs: string[] = []): Promise<Server> {
  const port = await freePort();
  const proc = spawnCli(['start'], productEnv({ ...env, BACKEND_PORT: String(port) }), nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  await waitHealthy(url, proc, 120_000);
  return {
    ...proc,
    url,
    peakRssMb: () => procStatusMb(proc.pid, 'VmHWM'),
    rssMb: () => procStatusMb(proc.pid, 'VmRSS'),
  };
}

/** Polls `/api/health` every 10 ms (bounded); fails early if the process exits. */
export async function waitHealthy(url: string, proc: Proc, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  proc.exited.then(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was healthy:\n${proc.output()}`);
    try {
      const res = await fetch(`${url}/api/health`);
      if (res.status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  await proc.stop();
  throw new Error(`server not healthy within ${timeoutMs} ms:\n${proc.output()}`);
}

export function procStatusMb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

/** Whether the product has a route yet: an unknown route answers exactly `{"detail":"Not Found"}`. */
export async function routeExists(url: string, method: 'GET' | 'POST', path: string): Promise<boolean> {
  const res = await fetch(url + path, {
    method,
    headers: method === 'GET' ? {} : { 'content-type': 'application/json' },
    body: method === 'GET' ? undefined : '{}',
  });
  const body = await res.text();
  return !(res.status === 404 && body === '{"detail":"Not Found"}');
}
