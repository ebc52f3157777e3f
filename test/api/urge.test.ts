import { strict as assert } from 'node:assert';
import { AccessTokens } from '../../src/access/tokens';
import type { App } from '../../src/app';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { RedisTokenStore } from '../../src/store/redis/tokenStore';
import { sayAsEmulator, startApp } from '../support/emulator';
import { cleanup, connect, REDIS_ENV, testPrefix } from '../support/redis';
import { fileTicket } from '../supervision/support';

const NOW = { now: () => new Date('2026-12-01T02:00:00.000Z') };

interface Listed {
  notifications: Record<string, unknown>[];
}

/**
 * 催办 end to end: a person writes "催一下" to the real server, on the real Redis, and the
 * department reads the urge in its notification feed.
 */
describe('催办 over HTTP: from the chat to the department’s notification feed', function () {
  this.timeout(30_000);
  let app: App;
  let base: string;
  let prefix: string;
  let ticketId: string;
  const tokens: Record<string, string> = {};

  before(async () => {
    prefix = testPrefix();
    ({ app, base } = await startApp(
      { ...REDIS_ENV, REDIS_KEY_PREFIX: prefix, SUPERVISION_ENABLED: 'false' },
      NOW,
    ));
    const redis = connect();
    try {
      const keys = new RedisKeys(prefix);
      const access = new AccessTokens(
        new RedisTokenStore(redis, keys),
        NOW,
        new Set(['housing', 'market']),
      );
      for (const d of ['housing', 'market']) {
        tokens[d] = (await access.create({ role: 'department', department: d })).token;
      }
      const ticket = await fileTicket(new RedisTicketStore(redis, keys), 1, [], {
        requester: { key: 'emulator:user-urge', type: 'citizen' },
      });
      ticketId = ticket.id;
    } finally {
      await redis.quit();
    }
  });

  after(async () => {
    await app?.close();
    await cleanup(connect(), prefix);
  });

  async function feed(token: string | undefined): Promise<Listed> {
    const res = await fetch(`${base}/api/notifications`, {
      headers: { authorization: `Bearer ${token ?? ''}` },
    });
    assert.equal(res.status, 200);
    return (await res.json()) as Listed;
  }

  it('tells the person who was told, and puts the urge in that department’s feed only', async () => {
    const replies = await sayAsEmulator(base, 'user-urge', '催一下');
    assert.deepEqual(
      replies.map((r) => r.text),
      [
        `已为您催办工单 ${ticketId}，已通知承办单位住房和城乡建设局；` +
          '答复时限：2026年12月7日（周一）17:30 前。',
      ],
    );
    assert.deepEqual((await feed(tokens.housing)).notifications, [
      {
        id: `urge:${ticketId}:2026-12-01T02:00:00.000Z`,
        type: 'urge',
        level: 'yellow',
        ticketId,
        dueAt: '2026-12-07T09:30:00.000Z',
        department: 'housing',
        at: '2026-12-01T02:00:00.000Z',
      },
    ]);
    assert.deepEqual((await feed(tokens.market)).notifications, []);
  });
});
