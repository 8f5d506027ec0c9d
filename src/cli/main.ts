import { Command, CommanderError } from 'commander';
import { InputError, RunIncompleteError } from '../domain/problems.js';
import { toolVersion } from '../adapters/package-root.js';
import { EXIT, type ExitCode } from './exit-codes.js';
import { registerCommands } from './register-commands.js';

/**
 * The composition root: parses arguments, loads only the command that runs, and is the one place
 * that maps typed errors to exit codes (0 ok, 1 gate failed, 2 bad input, 3 run incomplete).
 */
export async function main(argv: readonly string[]): Promise<ExitCode> {
  const program = new Command('spameval')
    .description('Evaluate AI spam classifiers against versioned golden sets, with the statistics a T&S team needs.')
    .version(toolVersion(), '-V, --version')
    // program options only before the command, so that a command may have its own --version
    // (e.g. `golden import --version 1.1.0`) without printing the tool's
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ outputError: (text, write) => write(text) })
    .showHelpAfterError('(run with --help for usage)')
    .addHelpText(
      'after',
      `
Examples:
  $ spameval run                                   # the suite in ./spameval.config.yaml
  $ spameval report .spameval/runs/<run> --format html --out report.html
  $ spameval diff baselines/current .spameval/runs/<run>
  $ spameval golden stats spamassassin-public

Exit codes: 0 all gates hold, 1 a gate failed or a diff regressed, 2 bad usage or invalid input,
3 the run could not finish. Each command has --help with examples.`,
    );
  let exitCode: ExitCode = EXIT.ok;
  registerCommands(program, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    return exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): ExitCode {
  if (error instanceof CommanderError) {
    // --help and --version end here with code 0; anything else is a usage error
    return error.exitCode === 0 ? EXIT.ok : EXIT.badInput;
  }
  if (error instanceof InputError) {
    process.stderr.write(`spameval: invalid input\n${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof RunIncompleteError) {
    process.stderr.write(`spameval: ${error.message}\n`);
    return EXIT.runIncomplete;
  }
  process.stderr.write(`spameval: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  return EXIT.runIncomplete;
}
