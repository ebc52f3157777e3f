import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../src/core/paths';

const ROOT = projectRoot(__dirname);

export interface Run {
  child: ChildProcess;
  /** Everything written to stdout and stderr so far. */
  out: () => string;
  exited: Promise<number | null>;
}

/**
 * The real entry point as a child process, as `npm run dev` runs it, with only PATH, HOME and
 * `env` in its environment (so a developer's shell cannot change what the test sees).
 */
export function startServerProcess(env: Record<string, string>): Run {
  let out = '';
  const child = spawn(
    process.execPath,
    ['--disable-warning=DEP0111', '--require', 'tsx/cjs', join(ROOT, 'src', 'index.ts')],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, out: () => out, exited };
}

/** Polls `check` until it holds, or fails after `ms`. */
export async function waitFor(check: () => boolean, ms: number, pollMs = 20): Promise<void> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/**
 * Waits until the server says it is listening; if it does not within `ms` (or exits first), fails
 * with the end of what it wrote, so a failure in CI says why.
 */
export async function waitForListening(run: Run, ms: number): Promise<void> {
  let exited = false;
  void run.exited.then(() => (exited = true));
  const listening = () => run.out().includes('hotline bot listening');
  await waitFor(() => exited || listening(), ms).catch(() => undefined);
  if (!listening())
    throw new Error(`the server did not start listening:\n${run.out().slice(-2000)}`);
}
