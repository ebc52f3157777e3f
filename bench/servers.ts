import { readFileSync } from 'node:fs';
import { fork, type ChildProcess, type Serializable } from 'node:child_process';
import { join } from 'node:path';
import { z } from 'zod';

const StatsMessage = z.object({
  stats: z.object({
    rssBytes: z.number(),
    cpuMicros: z.number(),
    heapUsedBytes: z.number(),
    requests: z.number(),
    roundTrips: z.number(),
    writes: z.number(),
    background: z.number(),
    byName: z.record(z.string(), z.number()),
  }),
});
const ProfiledMessage = z.object({ profiled: z.enum(['start', 'stop']) });
const CountingMessage = z.object({ counting: z.boolean() });
const PortMessage = z.object({ port: z.number().int().positive() });

export type ServerStats = z.infer<typeof StatsMessage>['stats'];

/** A bench/server.ts child: the bot or the echo bot, in a process of its own. */
export interface ServerProcess {
  base: string;
  pid: number;
  /** `afterGc`: heap used is read after a full collection (the process needs --expose-gc). */
  stats(afterGc?: boolean): Promise<ServerStats>;
  /** Starts the CPU profiler; `stop` writes what it sampled to `file`. */
  profile(what: 'start'): Promise<void>;
  profile(what: 'stop', file: string): Promise<void>;
  /** Round trips to Redis counted or not (bench/roundTrips.ts: counting costs the server CPU). */
  count(on: boolean): Promise<void>;
  stop(): Promise<void>;
}

export async function startServer(
  kind: 'bot' | 'echo',
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<ServerProcess> {
  const child: ChildProcess = fork(join(__dirname, 'server.ts'), [kind], {
    env: { ...process.env, ...env },
    execArgv: ['--import', 'tsx', ...startFlags(), ...nodeArgs],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${kind} server exited (${String(code)})`)));
    child.on('message', (m: unknown) => {
      const parsed = PortMessage.safeParse(m);
      if (parsed.success) resolve(parsed.data.port);
    });
  });
  child.removeAllListeners('exit');
  return {
    base: `http://127.0.0.1:${port}`,
    pid: child.pid ?? 0,
    stats: async (afterGc = false) =>
      (await ask(child, afterGc ? 'stats-after-gc' : 'stats', StatsMessage)).stats,
    profile: async (what: 'start' | 'stop', file?: string) => {
      await ask(child, { profile: what, file }, ProfiledMessage);
    },
    count: async (on: boolean) => {
      await ask(child, on ? 'count-on' : 'count-off', CountingMessage);
    },
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.send('stop');
      await exited;
    },
  };
}

/** Sends the child a message and waits for its first reply of the expected shape. */
function ask<T>(child: ChildProcess, message: Serializable, reply: z.ZodType<T>): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (m: unknown) => {
      const parsed = reply.safeParse(m);
      if (!parsed.success) return;
      child.off('message', onMessage);
      resolve(parsed.data);
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/**
 * The node flags of `npm start` (package.json), so both servers run with production's runtime
 * settings (the young generation's size among them: it decides how often the collector runs).
 */
export function startFlags(): string[] {
  const pkg = z
    .object({ scripts: z.object({ start: z.string() }) })
    .parse(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')));
  // "exec node …": the shell becomes the server, so SIGTERM sent to npm reaches it.
  const words = pkg.scripts.start.replace(/^exec\s+/, '').split(/\s+/);
  if (words[0] !== 'node') throw new Error(`npm start does not run node: ${pkg.scripts.start}`);
  return words.slice(1).filter((w) => w.startsWith('--'));
}
