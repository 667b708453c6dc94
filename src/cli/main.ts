/**
 * The entry point: runs the command line (program.ts) and turns every way it can end into
 * one exit status and, for an error, one line on stderr (README, Exit codes): 0 done,
 * 1 a runtime failure, 2 a usage error (with a hint to --help), 70 a bug (with its stack).
 */
import { CommanderError, type Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { MagnetoError } from '../protocol/index.js';
import { sanitize } from '../ui/render/sanitize.js';
import { exitCodeOf, ExitCode } from './exit-codes.js';
import { buildProgram } from './program.js';

/** Next to dist/ in the package (package.json `files`); this file is dist/cli.js once built. */
const SAMPLES_DIR = fileURLToPath(new URL('../samples/', import.meta.url));
/** The built web page (scripts/web-build.mjs), next to dist/cli.js; absent when run from the sources. */
const PAGE_DIR = fileURLToPath(new URL('./web/', import.meta.url));

/** A commander error, and the command it came from (for the `--help` hint). */
class CommandLineError extends Error {
  constructor(
    readonly error: CommanderError,
    readonly command: Command,
  ) {
    super(error.message);
  }
}

function line(text: string): void {
  process.stderr.write(`magneto-watch: ${sanitize(text)}\n`);
}

/** `magneto-watch serve` for the serve command. */
function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * Every command reports its parse errors as a {@link CommandLineError} instead of exiting,
 * and writes none itself: main.ts writes the one line.
 */
function overrideExits(cmd: Command): void {
  cmd.configureOutput({ ...cmd.configureOutput(), outputError: () => undefined });
  cmd.exitOverride((error) => {
    throw new CommandLineError(error, cmd);
  });
  for (const sub of cmd.commands) overrideExits(sub);
}

function exitFor(error: unknown): number {
  if (error instanceof CommandLineError) {
    const { error: e, command } = error;
    // --help and --version (0), or help printed because a command needs a subcommand.
    if (e.exitCode === 0) return ExitCode.Ok;
    if (e.code === 'commander.help' || e.code === 'commander.helpDisplayed') return ExitCode.Usage;
    const message = e.message
      .replace(/^error: /, '')
      .replace(/\s*\n\s*/g, ' ')
      .replace(/\.$/, '');
    line(`${message}; see '${commandPath(command)} --help'`);
    return ExitCode.Usage;
  }
  if (error instanceof MagnetoError) {
    line(error.message);
    return exitCodeOf(error);
  }
  // A bug, not a user mistake: keep the stack for the report.
  process.stderr.write(`magneto-watch: internal error: ${(error as Error)?.stack ?? String(error)}\n`);
  return ExitCode.Internal;
}

const program = buildProgram({
  env: process.env,
  samplesDir: SAMPLES_DIR,
  pageDir: PAGE_DIR,
  warn: (text) => line(text),
});
overrideExits(program);
program.parseAsync(process.argv).catch((error: unknown) => process.exit(exitFor(error)));
