import { type ChildProcess, spawn } from 'node:child_process';
import { constants } from 'node:os';

// The only place that starts child processes (STYLE.md §6). Never a shell: the command and
// its arguments go to execve as an array, so request fields cannot be interpreted by one.

export interface ProcessOptions {
  command: string;
  args: readonly string[];
  cwd?: string;
  /** Added to the inherited environment (trainers get the server's environment, CONFIG.md §1). */
  extraEnv?: Record<string, string>;
  /** Wall-clock limit; on expiry the process is terminated and `timedOut` is set. */
  timeoutMs?: number;
  /** Between SIGTERM and SIGKILL when the timeout fires. */
  killGraceMs?: number;
  onStdout?: (chunk: Buffer) => void;
  onStderr?: (chunk: Buffer) => void;
}

export interface ProcessResult {
  /** The exit code, or `-<signal number>` when a signal ended the process (reference convention). */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** Set when the process could not be started at all (ENOENT, EACCES…). */
  error: Error | null;
  durationMs: number;
}

export interface RunningProcess {
  readonly pid: number | undefined;
  readonly done: Promise<ProcessResult>;
  /** SIGTERM now, SIGKILL after `graceMs` if the process is still alive. */
  terminate(graceMs: number): void;
}

export function signalNumber(signal: NodeJS.Signals): number {
  return constants.signals[signal] ?? 0;
}

export function startProcess(options: ProcessOptions): RunningProcess {
  const started = performance.now();
  let child: ChildProcess;
  let timedOut = false;
  let exited = false;
  let killTimer: NodeJS.Timeout | undefined;
  let timeoutTimer: NodeJS.Timeout | undefined;

  // Its own process group, so a kill also reaches whatever the trainer started itself.
  child = spawn(options.command, [...options.args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.extraEnv },
    shell: false,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    windowsHide: true,
  });

  const signalGroup = (signal: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      child.kill(signal);
    }
  };
  const terminate = (graceMs: number) => {
    if (exited || killTimer) return;
    signalGroup('SIGTERM');
    killTimer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
    killTimer.unref();
  };

  child.stdout?.on('data', (chunk: Buffer) => options.onStdout?.(chunk));
  child.stderr?.on('data', (chunk: Buffer) => options.onStderr?.(chunk));

  const done = new Promise<ProcessResult>((resolve) => {
    let settled = false;
    const finish = (result: Omit<ProcessResult, 'durationMs' | 'timedOut'>) => {
      if (settled) return;
      settled = true;
      exited = true;
      clearTimeout(timeoutTimer);
      clearTimeout(killTimer);
      resolve({ ...result, timedOut, durationMs: performance.now() - started });
    };
    child.once('error', (error) => {
      // A spawn failure never emits 'exit'; an error after spawning (kill failed) is ignored.
      if (child.pid === undefined) finish({ exitCode: null, signal: null, error });
    });
    child.once('exit', (code, signal) => {
      exited = true;
      const exitCode = signal ? -signalNumber(signal) : code;
      // 'close' waits for the pipes; a grandchild holding them open must not hang the run.
      const grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        finish({ exitCode, signal, error: null });
      }, 2000);
      grace.unref();
      child.once('close', () => {
        clearTimeout(grace);
        finish({ exitCode, signal, error: null });
      });
    });
  });

  if (options.timeoutMs !== undefined) {
    timeoutTimer = setTimeout(() => {
      timedOut = true;
      terminate(options.killGraceMs ?? 2000);
    }, options.timeoutMs);
    timeoutTimer.unref();
  }

  return { pid: child.pid, done, terminate };
}

export interface CapturedResult extends ProcessResult {
  stdout: string;
  stderr: string;
}

/** A short command whose (small) output is wanted as text, e.g. `tunix --version`. */
export async function runCommand(
  command: string,
  args: readonly string[],
  options: { timeoutMs: number; maxBytes?: number },
): Promise<CapturedResult> {
  const max = options.maxBytes ?? 65_536;
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let outBytes = 0;
  let errBytes = 0;
  const result = await startProcess({
    command,
    args,
    timeoutMs: options.timeoutMs,
    killGraceMs: 500,
    onStdout: (chunk) => {
      if (outBytes < max) out.push(chunk);
      outBytes += chunk.length;
    },
    onStderr: (chunk) => {
      if (errBytes < max) err.push(chunk);
      errBytes += chunk.length;
    },
  }).done;
  return { ...result, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
