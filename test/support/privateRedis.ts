import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';

/**
 * A redis-server of the test's own, on a free port with a temp dir: for tests that restart,
 * restore or reconfigure Redis, which must never touch the shared one on 6379.
 */
export interface PrivateRedis {
  port: number;
  url: string;
  dir: string;
  /** Starts (or starts again) with these extra arguments, e.g. ['--appendonly', 'yes']. */
  start(args?: string[]): Promise<void>;
  /** SHUTDOWN NOSAVE: what is on disk stays as it was. */
  stop(): Promise<void>;
  /** SIGSTOP / SIGCONT: the server keeps its connections open and answers nothing meanwhile. */
  pause(): void;
  resume(): void;
  /** Stops the server and deletes its directory. */
  destroy(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export async function privateRedis(): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'hotline-redis-'));
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | null = null;

  const stop = async () => {
    if (child === null) return;
    const exited = new Promise((resolve) => child?.once('exit', resolve));
    const admin = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
    try {
      await admin.connect();
      await admin.shutdown('NOSAVE').catch(() => undefined);
    } catch {
      child.kill('SIGKILL');
    }
    admin.disconnect();
    await exited;
    child = null;
  };

  return {
    port,
    url,
    dir,
    async start(args = []) {
      const server = spawn(
        'redis-server',
        ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args],
        { stdio: 'ignore' },
      );
      child = server;
      const until = Date.now() + 5000;
      for (;;) {
        const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0 });
        probe.on('error', () => undefined);
        try {
          await probe.connect();
          if ((await probe.ping()) === 'PONG') return;
        } catch {
          if (Date.now() > until) throw new Error(`redis-server on ${port} did not start`);
          await new Promise((r) => setTimeout(r, 50));
        } finally {
          probe.disconnect();
        }
      }
    },
    stop,
    pause() {
      child?.kill('SIGSTOP');
    },
    resume() {
      child?.kill('SIGCONT');
    },
    async destroy() {
      child?.kill('SIGCONT');
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
