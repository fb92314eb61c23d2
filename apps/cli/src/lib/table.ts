import Table from 'cli-table3';

/** A plain table for humans; scripts use `--json`. */
export function renderTable(head: string[], rows: Array<Array<string | number | null | undefined>>): string {
  const table = new Table({ head, style: { head: [], border: [] } });
  for (const row of rows) table.push(row.map((cell) => (cell === null || cell === undefined ? '' : String(cell))));
  return table.toString();
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
