import { strict as assert } from 'node:assert';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { AccessTokens } from '../../src/access/tokens';
import { createApp, type App } from '../../src/app';
import { loadConfig } from '../../src/config';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { RedisTokenStore } from '../../src/store/redis/tokenStore';
import { FRIDAY_3PM } from '../support/dialogHarness';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { FakeConnector } from '../channels/teams/fakes';
import { at, deadline, fileTicket, HOUR, T0 } from '../supervision/support';

interface Listed {
  notifications: { id: string; type: string; level: string; ticketId: string; at: string }[];
}

/** Supervision notifications over HTTP: who reads which feed, on the real server and Redis. */
describe('Supervision notifications API', () => {
  let app: App;
  let base: string;
  let prefix: string;
  let ticketId: string;
  const tokens: Record<string, string> = {};
  const emulator = new FakeConnector();

  before(async () => {
    await emulator.start();
    prefix = testPrefix();
    const config = loadConfig({
      ...REDIS_ENV,
      REDIS_KEY_PREFIX: prefix,
      LOG_LEVEL: 'silent',
      SUPERVISION_ENABLED: 'false',
    });
    app = await createApp(config, { logger: pino({ level: 'silent' }), clock: FRIDAY_3PM });
    await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const redis = connect();
    try {
      const keys = new RedisKeys(prefix);
      const access = new AccessTokens(
        new RedisTokenStore(redis, keys),
        FRIDAY_3PM,
        new Set(['housing', 'market']),
      );
      for (const d of ['housing', 'market']) {
        tokens[d] = (await access.create({ role: 'department', department: d })).token;
      }
      tokens.duty = (await access.create({ role: 'duty' })).token;
      tokens.supervisor = (await access.create({ role: 'supervisor' })).token;
      const conversation = {
        channelId: 'emulator',
        conversationId: 'conv-supervised',
        reference: {
          channelId: 'emulator',
          serviceUrl: emulator.serviceUrl,
          conversation: { id: 'conv-supervised' },
          bot: { id: 'bot' },
          user: { id: 'user-1' },
        },
      };
      const store = new RedisTicketStore(redis, keys);
      ticketId = (await fileTicket(store, 1, [deadline('accept', 1, 2)], { conversation })).id;
    } finally {
      await redis.quit();
    }
    await app.supervision.tick(at(T0 + HOUR));
    await app.supervision.tick(at(T0 + 2 * HOUR));
  });

  after(async () => {
    await app.close();
    await emulator.close();
    await cleanup(connect(), prefix);
  });

  async function list(token: string | undefined, query = ''): Promise<[number, Listed]> {
    const res = await fetch(`${base}/api/notifications${query}`, {
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
    });
    return [res.status, (await res.json()) as Listed];
  }

  it('refuses a caller without a token', async () => {
    const [status, body] = await list(undefined);
    assert.equal(status, 401);
    assert.deepEqual(body, {
      code: 'UNAUTHORIZED',
      message:
        '须提供有效的令牌（Authorization: Bearer <令牌>） / a valid "Authorization: Bearer <token>" header is required',
    });
  });

  it('shows a department its own yellow warning and red 督办, oldest first', async () => {
    const [status, body] = await list(tokens.housing);
    assert.equal(status, 200);
    assert.deepEqual(
      body.notifications.map((n) => [n.ticketId, n.type, n.level]),
      [
        [ticketId, 'warning', 'yellow'],
        [ticketId, 'overdue', 'red'],
      ],
    );
  });

  it('shows another department none of them', async () => {
    const [status, body] = await list(tokens.market);
    assert.equal(status, 200);
    assert.deepEqual(body.notifications, []);
  });

  it('shows supervisors and duty staff every notification once', async () => {
    for (const role of ['supervisor', 'duty']) {
      const [status, body] = await list(tokens[role]);
      assert.equal(status, 200);
      assert.deepEqual(
        body.notifications.map((n) => n.level),
        ['yellow', 'red'],
        role,
      );
    }
  });

  it('lists only what came after `since`', async () => {
    const [, body] = await list(tokens.housing, `?since=${at(T0 + HOUR).toISOString()}`);
    assert.deepEqual(
      body.notifications.map((n) => n.type),
      ['overdue'],
    );
  });

  it('answers 400 for a `since` that is not a time', async () => {
    const [status, body] = await list(tokens.supervisor, '?since=yesterday');
    assert.equal(status, 400);
    assert.equal((body as unknown as { code: string }).code, 'INVALID_INPUT');
  });

  it('has told the requester in the chat that the ticket is under 督办', async () => {
    const texts = emulator.received
      .filter((r) => r.conversationId === 'conv-supervised')
      .map((r) => (r.activity as { text?: string }).text);
    assert.deepEqual(texts, [
      `住房和城乡建设局未在规定时间内签收您的工单 ${ticketId}，已列入督办，我们将督促其尽快办理。`,
    ]);
  });
});
