import type { TunixStatus } from '@tunix-rt/contract';
import { runCommand } from '../process/child';

export interface CliProbe {
  available: boolean;
  /** Trimmed `--version` output, `"unknown"` when it printed nothing, null when unavailable. */
  version: string | null;
  /** Why the CLI is unusable (API.md §6.4 local step 1 wording); empty when available. */
  reason: string;
}

const PROBE_TIMEOUT_MS = 5000;

/**
 * D5: Tunix is available when `<TUNIX_CLI> --version` exits 0 within 5 s; no Python import
 * probe. The answer is cached for `cacheMs` and concurrent callers share one probe, so a
 * status poll storm spawns one process, and installing the CLI is noticed within seconds.
 */
export function createCliProbe(cli: string, cacheMs = 10_000): () => Promise<CliProbe> {
  let cached: { at: number; value: Promise<CliProbe> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > cacheMs) cached = { at: now, value: probeCli(cli) };
    return cached.value;
  };
}

export async function probeCli(cli: string): Promise<CliProbe> {
  const name = cli.split('/').pop() || cli;
  const result = await runCommand(cli, ['--version'], { timeoutMs: PROBE_TIMEOUT_MS, maxBytes: 4096 });
  const unavailable = (reason: string): CliProbe => ({ available: false, version: null, reason });
  if (result.error) {
    const code = (result.error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return unavailable(`${name} command not found in PATH`);
    return unavailable(`Unexpected error: ${result.error.message}`);
  }
  if (result.timedOut) return unavailable(`${name} --version timed out after ${PROBE_TIMEOUT_MS / 1000} seconds`);
  if (result.exitCode !== 0) return unavailable(`${name} --version failed with exit code ${result.exitCode}`);
  return { available: true, version: result.stdout.trim() || 'unknown', reason: '' };
}

/** GET /api/tunix/status (API.md §6.1): key order available, version, runtime_required, message. */
export function toTunixStatus(probe: CliProbe): TunixStatus {
  return probe.available
    ? {
        available: true,
        version: probe.version,
        runtime_required: false,
        message:
          'Tunix runtime is available. Supports dry-run validation and local execution. Use POST /api/tunix/run with dry_run=false to execute training runs locally.',
      }
    : {
        available: false,
        version: null,
        runtime_required: true,
        message:
          "Tunix runtime not installed. Dry-run mode available for validation. Install Tunix for local execution: pip install -e '.[tunix]'",
      };
}
