import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { createApp, type App } from '../../src/app';
import type { Clock } from '../../src/core/clock';
import { loadConfig } from '../../src/config';

export interface BotMessage {
  type: string;
  text?: string;
  attachments?: unknown[];
}

let seq = 0;

/**
 * One message as the Bot Framework Emulator sends it to POST /api/messages, with
 * expectReplies so the replies come back in the response. Asserts 200; returns the bot's
 * message activities.
 */
export async function sayAsEmulator(
  base: string,
  user: string,
  text: string,
  { serviceUrl = 'http://127.0.0.1:1' }: { serviceUrl?: string } = {},
): Promise<BotMessage[]> {
  seq += 1;
  const res = await fetch(`${base}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'message',
      id: `emulator-${process.pid}-${seq}`,
      text,
      channelId: 'emulator',
      serviceUrl,
      deliveryMode: 'expectReplies',
      from: { id: user, name: 'Test User' },
      recipient: { id: 'bot' },
      conversation: { id: `conv-${user}` },
      locale: 'zh-CN',
    }),
  });
  assert.equal(res.status, 200, await res.clone().text());
  const body = (await res.json()) as { activities: BotMessage[] };
  return body.activities.filter((a) => a.type === 'message');
}

/** The real app on a free loopback port, silent, configured from `env`. */
export async function startApp(
  env: Record<string, string | undefined>,
  clock?: Clock,
): Promise<{ app: App; base: string }> {
  const config = loadConfig({ LOG_LEVEL: 'silent', ...env });
  const app = await createApp(config, {
    logger: pino({ level: 'silent' }),
    ...(clock === undefined ? {} : { clock }),
  });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  return { app, base: `http://127.0.0.1:${port}` };
}
