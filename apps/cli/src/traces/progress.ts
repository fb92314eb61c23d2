import cliProgress from 'cli-progress';
import type { ImportCounts } from './importer';

export interface Progress {
  update(counts: ImportCounts): void;
  /** Prints a message without tearing the bar. */
  log(stream: NodeJS.WriteStream, text: string): void;
  stop(counts: ImportCounts): void;
}

const rate = (lines: number, startedAt: number) => {
  const seconds = (Date.now() - startedAt) / 1000;
  return seconds > 0 ? Math.round(lines / seconds) : 0;
};

/**
 * A bar with rate and ETA on a terminal (by bytes of the file, so the ETA needs no
 * pre-count of lines); plain lines at most every `intervalMs` otherwise (logs, CI, pipes).
 */
export function createProgress(totalBytes: number, options: { tty: boolean; intervalMs?: number }): Progress {
  const startedAt = Date.now();
  if (options.tty) {
    const multi = new cliProgress.MultiBar(
      {
        stream: process.stdout,
        format: '{bar} {percentage}% | {imported} ok, {rejected} rejected | {rate} lines/s | ETA {eta_formatted}',
        barsize: 24,
        hideCursor: true,
        clearOnComplete: false,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
    );
    const bar = multi.create(Math.max(totalBytes, 1), 0, { lines: 0, imported: 0, rejected: 0, rate: 0 });
    const payload = (c: ImportCounts) => ({
      lines: c.lines,
      imported: c.imported,
      rejected: c.rejected,
      rate: rate(c.lines, startedAt),
    });
    return {
      update: (c) => bar.update(Math.min(c.bytes, totalBytes), payload(c)),
      log: (stream, text) => {
        // Both streams are the same terminal here: let the bar redraw below the message.
        if (stream.isTTY) multi.log(`${text}\n`);
        else stream.write(`${text}\n`);
      },
      stop: (c) => {
        bar.update(Math.max(totalBytes, 1), payload(c));
        multi.stop();
      },
    };
  }
  const intervalMs = options.intervalMs ?? 2000;
  let last = startedAt;
  return {
    update: (c) => {
      const now = Date.now();
      if (now - last < intervalMs) return;
      last = now;
      const percent = totalBytes > 0 ? Math.min(100, Math.floor((c.bytes / totalBytes) * 100)) : 100;
      process.stdout.write(
        `progress: ${c.lines} lines (${percent}%), ${c.imported} imported, ${c.rejected} rejected, ${rate(c.lines, startedAt)} lines/s\n`,
      );
    },
    log: (stream, text) => stream.write(`${text}\n`),
    stop: () => {},
  };
}
