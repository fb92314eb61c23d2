// Trainer metrics convention: the trainer prints one JSON object per line, e.g.
// {"step": 10, "loss": 0.42, "lr": 2e-05}. Lines that do not look like that are ordinary log
// output, so parsing never throws; the caps bound what a chatty or hostile trainer can store.

export const METRIC_LINE_MAX_CHARS = 4096;
export const METRIC_MAX_FIELDS = 32;

export interface MetricPoint {
  step: number;
  values: Record<string, number>;
}

export function parseMetricLine(line: string): MetricPoint | null {
  if (line.length > METRIC_LINE_MAX_CHARS) return null;
  const text = line.trim();
  // Cheap pre-check: most log lines are not JSON objects at all.
  if (!text.startsWith('{')) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const record = parsed as Record<string, unknown>;
  const step = record.step;
  if (typeof step !== 'number' || !Number.isSafeInteger(step) || step < 0) return null;
  // A null prototype keeps a "__proto__" metric an ordinary key.
  const values: Record<string, number> = Object.create(null);
  let count = 0;
  for (const [key, value] of Object.entries(record)) {
    if (key === 'step' || typeof value !== 'number' || !Number.isFinite(value)) continue;
    values[key] = value;
    if (++count >= METRIC_MAX_FIELDS) break;
  }
  return count > 0 ? { step, values } : null;
}
