export function formatDate(value: string | null | undefined): string {
  if (!value) return 'N/A';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? value : date.toLocaleString();
}

/** `0.00s` for a zero duration (UI.md defect: 0 rendered as N/A); `N/A` only when unknown. */
export function formatDuration(seconds: number | null | undefined): string {
  return seconds === null || seconds === undefined ? 'N/A' : `${seconds.toFixed(2)}s`;
}

/** Parses an optional integer field: '' → null, anything not an integer → NaN. */
export function parseIntField(text: string): number | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
}
