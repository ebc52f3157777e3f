import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HotlineError } from '../core/errors';
import { projectRoot } from '../core/paths';
import { classifyCommand } from './classify';
import type { Command } from './command';
import { UsageError } from './command';
import { evalCommand } from './eval';
import { migrateKeysCommand } from './migrateKeys';
import { reportCommand } from './report';
import { staffCommand } from './staff';
import { tokenCommand } from './token';
import { trainCommand } from './train';
import { triageCommand } from './triage';
import { tuneCommand } from './tune';

/** Subcommands of `hotline`; add a new one in its own file and list it here. */
const COMMANDS: readonly Command[] = [
  trainCommand,
  evalCommand,
  tuneCommand,
  triageCommand,
  classifyCommand,
  tokenCommand,
  staffCommand,
  reportCommand(),
  migrateKeysCommand,
];

function help(): string {
  const lines = COMMANDS.map(
    (c) => `  ${c.name.padEnd(10)} ${c.summary}\n  ${' '.repeat(10)} usage: hotline ${c.usage}`,
  );
  return `usage: hotline <command> [options]\n\ncommands:\n${lines.join('\n')}\n`;
}

export async function main(
  argv: readonly string[],
  env: Record<string, string | undefined> = {},
): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    process.stdout.write(help());
    return name ? 0 : 2;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    process.stderr.write(`hotline: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  try {
    return await command.run(args, env);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`hotline ${name}: ${err.message}\nusage: hotline ${command.usage}\n`);
      return 2;
    }
    if (err instanceof HotlineError) {
      process.stderr.write(`hotline ${name}: ${err.message} (${err.code})\n`);
      return 1;
    }
    throw err;
  }
}

/** Run when started directly (tsx or node) or through bin/hotline.js, not when imported. */
function isEntry(): boolean {
  const entry = require.main;
  return entry === module || entry?.filename === join(projectRoot(__dirname), 'bin', 'hotline.js');
}

if (isEntry()) {
  // Like the server: .env first, real environment variables win.
  const envFile = join(projectRoot(__dirname), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  main(process.argv.slice(2), process.env).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(
        `hotline: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
      );
      process.exitCode = 1;
    },
  );
}
