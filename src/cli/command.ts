/** One subcommand of `hotline`: its own file, registered in main.ts. */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  /** Resolves to the process exit code; `env` is the environment main() was started with. */
  run(args: string[], env?: Record<string, string | undefined>): Promise<number>;
}

/** `--name value` and `--flag` options; anything else is positional. */
export interface ParsedArgs {
  flags: Set<string>;
  options: Map<string, string>;
  positional: string[];
}

export function parseArgs(args: readonly string[], valued: readonly string[]): ParsedArgs {
  const parsed: ParsedArgs = { flags: new Set(), options: new Map(), positional: [] };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? '';
    if (!arg.startsWith('--')) {
      parsed.positional.push(arg);
      continue;
    }
    const [name = '', inline] = arg.slice(2).split('=', 2);
    if (!valued.includes(name)) {
      parsed.flags.add(name);
      continue;
    }
    const value = inline ?? args[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    parsed.options.set(name, value);
  }
  return parsed;
}

export class UsageError extends Error {
  readonly code = 'USAGE';
}
