import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, type App } from './app';
import { ConfigError, loadConfig } from './config';
import { projectRoot } from './core/paths';
import { createLogger } from './log';

/** The one place that reads the environment; everything else receives the parsed config. */
async function main(): Promise<void> {
  const envFile = join(projectRoot(), '.env');
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  const config = loadConfig(process.env);
  const logger = createLogger(config.LOG_LEVEL);
  const app = await createApp(config, { logger });

  try {
    await listen(app.server, config.PORT, config.HOST);
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  logger.info(
    {
      url: `http://localhost:${config.PORT}`,
      messages: `http://localhost:${config.PORT}/api/messages`,
    },
    'hotline bot listening',
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(
      { signal, graceMs: config.SHUTDOWN_GRACE_MS },
      'shutting down: not ready, no new connections, finishing turns in flight',
    );
    const force = setTimeout(() => {
      logger.error(
        { graceMs: config.SHUTDOWN_GRACE_MS, cut: app.pending() },
        'shutdown grace period ran out; exiting with what is listed as cut',
      );
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS);
    force.unref();
    app.close().then(
      () => {
        logger.info('stopped');
        process.exit(0);
      },
      (err: unknown) => {
        logger.error({ err }, 'error while shutting down');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('unhandledRejection', (err) => logger.error({ err }, 'unhandled rejection'));
}

/** Listens, or rejects with what an operator can act on (a port in use is not a stack trace). */
function listen(server: App['server'], port: number, host: string): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const failed = (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE')
        reject(
          new Error(
            `端口 ${port} 已被占用 / port ${port} on ${host} is already in use: stop the other ` +
              'process or set PORT to a free port',
          ),
        );
      else if (err.code === 'EACCES')
        reject(
          new Error(`no permission to listen on port ${port}: use a port above 1023 or a proxy`),
        );
      else if (err.code === 'ENOTFOUND' || err.code === 'EADDRNOTAVAIL')
        reject(
          new Error(
            `HOST ${host} 不是本机地址 / HOST ${host} is not an address of this machine: set ` +
              'HOST to one of its addresses, 0.0.0.0 (all) or 127.0.0.1',
          ),
        );
      else reject(err);
    };
    server.once('error', failed);
    server.listen(port, host, () => {
      server.removeListener('error', failed);
      resolve();
    });
  });
}

main().catch((err: unknown) => {
  const message = err instanceof ConfigError || err instanceof Error ? err.message : String(err);
  process.stderr.write(`hotline bot failed to start:\n${message}\n`);
  process.exit(1);
});
