import type { Activity, DirectLine } from 'botframework-directlinejs';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { WebSocket } from 'ws';
import XMLHttpRequest from 'xhr2';
import { createApp, type App } from '../../../src/app';
import { loadConfig } from '../../../src/config';
import type { Clock } from '../../../src/core/clock';
import { REDIS_ENV } from '../../support/redis';

export const SECRET = 'test-directline-secret-0123456789-abcdefghij';
export const REQUEST = '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路';

/** A clock that runs with real time and can be pushed forward (token expiry). */
export class MovableClock implements Clock {
  private offsetMs = 0;
  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }
  advance(ms: number): void {
    this.offsetMs += ms;
  }
  reset(): void {
    this.offsetMs = 0;
  }
}

export interface Instance {
  app: App;
  base: string;
  domain: string;
}

/** One bot server on a free port over the test Redis (instances share `prefix`), or in memory. */
export async function startInstance(prefix: string | null, clock: Clock): Promise<Instance> {
  const config = loadConfig({
    ...(prefix === null ? {} : { ...REDIS_ENV, REDIS_KEY_PREFIX: prefix }),
    LOG_LEVEL: 'silent',
    DIRECTLINE_SECRET: SECRET,
    NLU_MODEL_PATH: process.env.NLU_MODEL_PATH,
  });
  const app = await createApp(config, { logger: pino({ level: 'silent' }), clock });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return { app, base, domain: `${base}/v3/directline` };
}

/**
 * directlinejs is browser code: rxjs's ajax needs XMLHttpRequest, and WebSocket support is
 * decided by the global `WebSocket` when a DirectLine is constructed.
 */
export function installBrowserGlobals(): () => void {
  const g = globalThis as Record<string, unknown>;
  const saved = { XMLHttpRequest: g.XMLHttpRequest, WebSocket: g.WebSocket };
  g.XMLHttpRequest = XMLHttpRequest;
  g.WebSocket = WebSocket;
  return () => {
    g.XMLHttpRequest = saved.XMLHttpRequest;
    g.WebSocket = saved.WebSocket;
  };
}

export interface WebChatToken {
  token: string;
  conversationId: string;
  userId: string;
  userKey: string;
  expires_in: number;
}

export async function webChatToken(base: string, body?: unknown): Promise<WebChatToken> {
  const res = await fetch(`${base}/api/webchat/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body ?? {}),
  });
  if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
  return (await res.json()) as WebChatToken;
}

/** Everything a DirectLine receives, with a way to wait for what a test expects. */
export class Received {
  readonly activities: Activity[] = [];
  private readonly subscription: { unsubscribe(): void };

  constructor(readonly dl: DirectLine) {
    this.subscription = dl.activity$.subscribe((a) => this.activities.push(a));
  }

  async waitFor(
    what: string,
    predicate: (a: Activity) => boolean,
    timeoutMs = 10_000,
  ): Promise<Activity> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.activities.find(predicate);
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        const seen = this.activities.map((a) => `${a.type}:${a.id ?? ''}`).join(', ');
        throw new Error(`timed out waiting for ${what}; received [${seen}]`);
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  end(): void {
    this.subscription.unsubscribe();
    this.dl.end();
  }
}

export function post(dl: DirectLine, activity: Activity): Promise<string> {
  return new Promise((resolve, reject) => {
    dl.postActivity(activity).subscribe({ next: resolve, error: reject });
  });
}

/** Any field of an activity, including those directlinejs's types leave out (replyToId). */
export function fields(a: Activity): Record<string, unknown> {
  return { ...a };
}

export function textOf(a: Activity): string {
  return a.type === 'message' ? (a.text ?? '') : '';
}

export async function getJson(
  url: string,
  token: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

export async function postJson(
  url: string,
  token: string | null,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** The HTTP status a refused WebSocket upgrade was answered with. */
export function refusedStatus(ws: WebSocket): Promise<number> {
  return new Promise((resolve, reject) => {
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('open', () => reject(new Error('the stream was opened')));
    ws.on('error', () => undefined);
  });
}
