/** Nearest-rank percentile of unsorted samples (0 when empty). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return 0;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

/** Runs `fn` `reps` times and keeps every result; the report quotes medians (the machine is noisy). */
export async function repeat<T>(reps: number, fn: (rep: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let rep = 0; rep < reps; rep++) out.push(await fn(rep));
  return out;
}

/** Median of one numeric field over repetitions. */
export const medianOf = <T>(results: readonly T[], pick: (r: T) => number) => median(results.map(pick));
