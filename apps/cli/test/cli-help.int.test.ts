import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness';

const COMMANDS = [
  [],
  ['start'],
  ['migrate'],
  ['traces'],
  ['traces', 'import'],
  ['traces', 'export'],
  ['datasets'],
  ['datasets', 'build'],
  ['datasets', 'list'],
  ['datasets', 'export'],
  ['runs'],
  ['runs', 'submit'],
  ['runs', 'list'],
  ['runs', 'show'],
  ['runs', 'cancel'],
  ['runs', 'logs'],
];

describe('tunix-rt --help', () => {
  it('works on every command', async () => {
    const results = await Promise.all(COMMANDS.map((path) => runCli([...path, '--help'])));
    results.forEach((result, i) => {
      const path = COMMANDS[i]!.join(' ');
      expect(result.code, path).toBe(0);
      expect(result.stdout, path).toContain(`Usage: tunix-rt${path ? ` ${path}` : ''}`);
    });
    const api = results.filter((_, i) => COMMANDS[i]!.length === 2 && !['migrate'].includes(COMMANDS[i]![0]!));
    for (const result of api) expect(result.stdout).toContain('TUNIX_URL');
  });

  it('exits 2 for unknown commands and bad option values, 1 when the API is unreachable', async () => {
    const [unknown, badValue, missingArg, unreachable] = await Promise.all([
      runCli(['nope']),
      runCli(['traces', 'import', 'f.jsonl', '--batch-size', '5000']),
      runCli(['runs', 'show']),
      runCli(['runs', 'list'], { TUNIX_URL: 'http://127.0.0.1:9' }),
    ]);
    expect(unknown.code).toBe(2);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toContain('1 to 1000');
    expect(missingArg.code).toBe(2);
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain('cannot reach the API at http://127.0.0.1:9');
  });
});
