import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import type { Server } from 'restify';
import { WebSocket } from 'ws';
import { createDirectLineChannel, type DirectLineChannel } from '../../../src/channels/directline';
import { systemClock } from '../../../src/core/clock';
import { createServer } from '../../../src/server';
import { MemoryDirectLineStore } from '../../../src/store/memory/directLineStore';
import { getJson, postJson, SECRET } from './support';

interface Logged {
  id: string;
  type: string;
  text?: string;
}

/**
 * The channel on its own, with a tiny bot: what the adapter does with updates and deletes,
 * and how the stream keeps itself alive.
 */
describe('Direct Line channel', () => {
  let channel: DirectLineChannel;
  let server: Server;
  let domain: string;

  before(async () => {
    const logger = pino({ level: 'silent' });
    channel = createDirectLineChannel({
      store: new MemoryDirectLineStore({ ttlSeconds: 600 }),
      secret: SECRET,
      clock: systemClock,
      logger,
      heartbeatMs: 100,
      bot: async (ctx) => {
        if (ctx.activity.type !== 'message') return;
        const sent = await ctx.sendActivity('草稿');
        if (ctx.activity.text === '改') {
          await ctx.updateActivity({ ...ctx.activity, id: sent?.id, text: '定稿' });
        } else if (ctx.activity.text === '删') {
          await ctx.deleteActivity(sent?.id ?? '');
        }
      },
    });
    server = createServer({
      logger,
      onMessages: async () => undefined,
      readiness: async () => ({ ok: true, store: 'memory' }),
      mounts: [channel.mount],
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    domain = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3/directline`;
  });

  after(async () => {
    await channel.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  async function conversation(): Promise<{ id: string; token: string; streamUrl: string }> {
    const started = await postJson(`${domain}/conversations`, SECRET, {
      user: { id: 'dl_channel_test' },
    });
    assert.equal(started.status, 201);
    return {
      id: String(started.body.conversationId),
      token: String(started.body.token),
      streamUrl: String(started.body.streamUrl),
    };
  }

  async function say(c: { id: string; token: string }, text: string): Promise<Logged[]> {
    const url = `${domain}/conversations/${c.id}/activities`;
    assert.equal((await postJson(url, c.token, { type: 'message', text })).status, 200);
    return (await getJson(url, c.token)).body.activities as Logged[];
  }

  it('re-delivers an updated activity under its id, after the watermark it had', async () => {
    const c = await conversation();
    const log = await say(c, '改');
    const draftId = log.find((a) => a.text === '定稿')?.id;
    assert.ok(draftId, JSON.stringify(log));
    assert.deepEqual(
      log.map((a) => a.text),
      ['改', '定稿'],
      'the draft moved to the end as the final text',
    );
    assert.match(draftId, /\|0000002$/);
  });

  it('drops a deleted activity from the log', async () => {
    const c = await conversation();
    const log = await say(c, '删');
    assert.deepEqual(
      log.map((a) => a.text),
      ['删'],
    );
  });

  it('sends empty heartbeats and pings, and cuts a socket that stops answering them', async () => {
    const c = await conversation();
    const quiet = new WebSocket(c.streamUrl, { autoPong: false });
    const messages: string[] = [];
    let pinged = false;
    quiet.on('message', (data: Buffer) => messages.push(data.toString()));
    quiet.on('ping', () => {
      pinged = true;
    });
    const closed = new Promise<number>((resolve) => quiet.on('close', resolve));
    assert.equal(await closed, 1006, 'terminated without a closing handshake');
    assert.ok(pinged, 'pinged');
    assert.ok(messages.includes(''), 'an empty message is a heartbeat');
  });

  it('keeps a socket that answers its pings', async () => {
    const c = await conversation();
    const lively = new WebSocket(c.streamUrl);
    await new Promise((resolve) => lively.on('open', resolve));
    await new Promise((resolve) => setTimeout(resolve, 400));
    assert.equal(lively.readyState, WebSocket.OPEN);
    lively.close();
  });
});
