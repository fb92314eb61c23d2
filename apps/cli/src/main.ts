import { Command } from 'commander';
import { registerServerCommands } from './commands/server';

export async function main(argv: string[]): Promise<void> {
  const program = new Command()
    .name('tunix-rt')
    .description('Reasoning traces, datasets and Tunix training runs')
    .version('0.1.0')
    .showHelpAfterError();
  registerServerCommands(program);
  await program.parseAsync(argv);
}
