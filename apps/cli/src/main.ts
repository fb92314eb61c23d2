import { Command } from 'commander';
import { registerDatasetCommands } from './commands/datasets';
import { registerRunCommands } from './commands/runs';
import { registerServerCommands } from './commands/server';
import { registerTraceCommands } from './commands/traces';

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('tunix-rt')
    .description('Reasoning traces, datasets and Tunix training runs')
    .version('0.1.0')
    // Root options only before the subcommand, so `datasets build --version v1` is not `-V`.
    .enablePositionalOptions()
    .showHelpAfterError()
    // Usage errors exit 2 (help and --version still exit 0).
    .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));
  registerServerCommands(program);
  registerTraceCommands(program);
  registerDatasetCommands(program);
  registerRunCommands(program);
  await program.parseAsync(argv);
}
