import type { Activity } from 'botframework-directlinejs';
import jwt from 'jsonwebtoken';
import { strict as assert } from 'node:assert';
import sinon from 'sinon';
import { WebSocket } from 'ws';
import { RedisDirectLineStore } from '../../../src/store/redis/directLineStore';
import { cleanup, connect, scanKeys, testPrefix } from '../../support/redis';
import {
  getJson,
  MovableClock,
  postJson,
  refusedStatus,
  REQUEST,
  SECRET,
  startInstance,
  textOf,
  webChatToken,
  type Instance,
  type WebChatToken,
} from './support';

/** What the Direct Line endpoints accept and refuse, over plain HTTP. */
describe('Direct Line 3.0 at the boundary', function () {
  this.timeout(30_000);
  let prefix: string;
  let server: Instance;
  let mine: WebChatToken;
  let theirs: WebChatToken;

  before(async () => {
    prefix = testPrefix();
    server = await startInstance(prefix, new MovableClock());
    mine = await webChatToken(server.base);
    theirs = await webChatToken(server.base);
    for (const t of [mine, theirs]) {
      assert.equal((await postJson(`${server.domain}/conversations`, t.token, {})).status, 201);
    }
  });

  afterEach(() => sinon.restore());

  after(async () => {
    await server.app.close();
    await cleanup(connect(), prefix);
  });

  const activitiesOf = (t: WebChatToken) =>
    `${server.domain}/conversations/${t.conversationId}/activities`;

  it('hands a widget a conversation-scoped token with a new user, or the one it brings back', async () => {
    const fresh = await webChatToken(server.base);
    assert.equal(fresh.expires_in, 1800);
    assert.match(fresh.conversationId, /^[A-Za-z0-9_-]{22}$/);
    const claims = jwt.decode(fresh.token);
    assert.ok(
      claims !== null && typeof claims === 'object',
      "claims !== null && typeof claims === 'object'",
    );
    assert.equal(claims.user, fresh.userId, 'directlinejs reads the user id from the token');
    assert.equal(claims.conv, fresh.conversationId);
    assert.equal(fresh.token.includes(SECRET), false);

    const returning = await webChatToken(server.base, {
      userId: mine.userId,
      userKey: mine.userKey,
    });
    assert.equal(returning.userId, mine.userId);
    assert.notEqual(returning.conversationId, mine.conversationId);

    // Knowing someone's id is not enough to become them: without its key, a new identity.
    const claimed = await webChatToken(server.base, { userId: mine.userId });
    assert.notEqual(claimed.userId, mine.userId);
    const wrongKey = await webChatToken(server.base, {
      userId: mine.userId,
      userKey: fresh.userKey,
    });
    assert.notEqual(wrongKey.userId, mine.userId);

    const forged = await postJson(`${server.base}/api/webchat/token`, null, { userId: 'admin' });
    assert.equal(forged.status, 400);
    assert.equal(forged.body.code, 'BAD_ARGUMENT');
  });

  it("keeps a token for one conversation out of another's (403)", async () => {
    const read = await getJson(activitiesOf(theirs), mine.token);
    assert.equal(read.status, 403);
    assert.equal(read.body.code, 'FORBIDDEN');
    const write = await postJson(activitiesOf(theirs), mine.token, { type: 'message', text: 'x' });
    assert.equal(write.status, 403);
    const reconnect = await getJson(
      `${server.domain}/conversations/${theirs.conversationId}`,
      mine.token,
    );
    assert.equal(reconnect.status, 403);
    const stream = new WebSocket(
      `${server.domain.replace('http', 'ws')}/conversations/${theirs.conversationId}/stream?t=${mine.token}`,
    );
    assert.equal(await refusedStatus(stream), 403);
  });

  it('answers 401 without credentials and 403 for a token it did not sign', async () => {
    const none = await fetch(activitiesOf(mine));
    assert.equal(none.status, 401);
    assert.equal(((await none.json()) as { code: string }).code, 'UNAUTHORIZED');
    const foreign = jwt.sign({ conv: mine.conversationId, user: mine.userId }, 'another secret', {
      expiresIn: 600,
    });
    const read = await getJson(activitiesOf(mine), foreign);
    assert.equal(read.status, 403);
    assert.equal(read.body.code, 'TOKEN_INVALID');
    assert.equal((await getJson(activitiesOf(mine), 'not-a-token')).status, 403);
    const unsigned = jwt.sign({ conv: mine.conversationId, user: mine.userId }, null, {
      algorithm: 'none',
      expiresIn: 600,
    });
    const bare = await getJson(activitiesOf(mine), unsigned);
    assert.equal(bare.status, 403, 'an unsigned token is refused');
    assert.equal(bare.body.code, 'TOKEN_INVALID');
  });

  it('never answers GET activities of a valid conversation with an error', async () => {
    const garbage = await getJson(`${activitiesOf(mine)}?watermark=abc`, mine.token);
    assert.equal(garbage.status, 200);
    assert.ok((garbage.body.activities as Activity[]).length > 0, 'read from the start');
    const ahead = await getJson(`${activitiesOf(mine)}?watermark=999999`, mine.token);
    assert.deepEqual(ahead, { status: 200, body: { activities: [], watermark: '999999' } });

    sinon.stub(RedisDirectLineStore.prototype, 'read').rejects(new Error('Redis went away'));
    const failing = await getJson(`${activitiesOf(mine)}?watermark=1`, mine.token);
    assert.deepEqual(failing, { status: 200, body: { activities: [], watermark: '1' } });
  });

  it('answers 404 for a conversation that does not exist', async () => {
    const res = await getJson(
      `${server.domain}/conversations/AAAAAAAAAAAAAAAAAAAAAA/activities`,
      SECRET,
    );
    assert.equal(res.status, 404);
    assert.equal(res.body.code, 'CONVERSATION_NOT_FOUND');
  });

  it('answers 404 to a web chat posting into its conversation once that has expired, and runs no turn', async () => {
    const gone = await webChatToken(server.base);
    await postJson(`${server.domain}/conversations`, gone.token, undefined);
    const redis = connect();
    try {
      const state = `${prefix}bot:webchat/conversations/${gone.conversationId}/`;
      const before = await redis.hgetall(state);
      for (const key of await scanKeys(redis, `${prefix}{dl:${gone.conversationId}}*`)) {
        await redis.del(key);
      }
      const res = await postJson(activitiesOf(gone), gone.token, {
        type: 'message',
        from: { id: gone.userId },
        text: '你好',
      });
      assert.equal(res.status, 404);
      assert.equal(res.body.code, 'CONVERSATION_NOT_FOUND');
      assert.deepEqual(await scanKeys(redis, `${prefix}{dl:${gone.conversationId}}*`), []);
      assert.deepEqual(await redis.hgetall(state), before, 'no turn ran');
    } finally {
      await redis.quit();
    }
  });

  it('refuses malformed and oversized activities with JSON {code, message}', async () => {
    const untyped = await postJson(activitiesOf(mine), mine.token, { text: 'no type' });
    assert.equal(untyped.status, 400);
    assert.equal(untyped.body.code, 'BAD_ARGUMENT');
    assert.match(String(untyped.body.message), /^type:/);

    const big = await postJson(activitiesOf(mine), mine.token, {
      type: 'message',
      text: 'x',
      channelData: { blob: 'x'.repeat(70_000) },
    });
    assert.equal(big.status, 413);
    assert.equal(big.body.code, 'PAYLOAD_TOO_LARGE');

    const broken = await postJson(activitiesOf(mine), mine.token, '{"type": "message", "text": ');
    assert.equal(broken.status, 400);
    assert.equal(typeof broken.body.message, 'string');

    const upload = await postJson(
      `${server.domain}/conversations/${mine.conversationId}/upload`,
      mine.token,
      {},
    );
    assert.equal(upload.status, 400);
    assert.equal(upload.body.code, 'UPLOAD_NOT_SUPPORTED');
  });

  it("posts as the token's user whatever from.id the body claims", async () => {
    const posted = await postJson(activitiesOf(mine), mine.token, {
      type: 'message',
      text: '你好',
      from: { id: theirs.userId },
    });
    assert.equal(posted.status, 200);
    const read = await getJson(activitiesOf(mine), mine.token);
    const echo = (read.body.activities as Activity[]).find((x) => x.id === posted.body.id);
    assert.equal(echo?.from.id, mine.userId);
    assert.equal(echo?.from.role, 'user');
  });

  it('answers a retried POST with the first id and lets the bot hear it once', async () => {
    const fresh = await webChatToken(server.base);
    await postJson(`${server.domain}/conversations`, fresh.token, {});
    const url = `${server.domain}/conversations/${fresh.conversationId}/activities`;
    const activity = {
      type: 'message',
      text: '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路',
      channelData: { clientActivityID: 'retry-me-1' },
    };
    const first = await postJson(url, fresh.token, activity);
    const retried = await postJson(url, fresh.token, activity);
    assert.equal(first.status, 200);
    assert.equal(retried.status, 200);
    assert.equal(retried.body.id, first.body.id);
    const log = (await getJson(url, fresh.token)).body.activities as Activity[];
    const text = (a: Activity) => (a.type === 'message' ? (a.text ?? '') : '');
    assert.equal(log.filter((a) => text(a) === activity.text).length, 1, 'logged once');
    const questions = log.filter((a) => a.from.role !== 'user' && /市民/.test(text(a)));
    assert.equal(questions.length, 1, 'the bot answered once');
  });

  it('lets a server with the secret generate tokens and start conversations; a token cannot', async () => {
    const generated = await postJson(`${server.domain}/tokens/generate`, SECRET, {
      user: { id: 'dl_server_made_user' },
    });
    assert.equal(generated.status, 200);
    assert.equal(
      jwt.decode(String(generated.body.token), { json: true })?.user,
      'dl_server_made_user',
    );
    const refused = await postJson(`${server.domain}/tokens/generate`, mine.token, {});
    assert.equal(refused.status, 403);

    // Started with the secret and no user: the user (and the welcome) comes with the first post.
    const started = await postJson(`${server.domain}/conversations`, SECRET, {});
    assert.equal(started.status, 201);
    const url = `${server.domain}/conversations/${String(started.body.conversationId)}/activities`;
    assert.deepEqual((await getJson(url, SECRET)).body.activities, []);
    const posted = await postJson(url, SECRET, {
      type: 'message',
      text: REQUEST,
      from: { id: 'r_visitor' },
    });
    assert.equal(posted.status, 200);
    const log = (await getJson(url, SECRET)).body.activities as Activity[];
    assert.match(textOf(log[0]!), /12345/);
    assert.equal(log[1]?.id, posted.body.id);
    assert.equal(log[1]?.from.id, 'r_visitor');
    assert.match(textOf(log[2]!), /市民/);
  });

  it('answers CORS preflights for what Web Chat sends, and marks every answer', async () => {
    const preflight = await fetch(activitiesOf(mine), {
      method: 'OPTIONS',
      headers: {
        origin: 'https://www.example.gov.cn',
        'access-control-request-method': 'POST',
        'access-control-request-headers':
          'authorization,content-type,x-ms-bot-agent,x-requested-with',
      },
    });
    assert.equal(preflight.status, 204);
    assert.equal(preflight.headers.get('access-control-allow-origin'), '*');
    const allowed = (preflight.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'x-ms-bot-agent', 'x-requested-with']) {
      assert.ok(allowed.includes(h), `${h} in ${allowed}`);
    }
    const token = await fetch(`${server.base}/api/webchat/token`, { method: 'OPTIONS' });
    assert.equal(token.status, 204);
    const refused = await fetch(activitiesOf(mine));
    assert.equal(refused.headers.get('access-control-allow-origin'), '*');
  });
});

describe('Direct Line: the public token endpoint under a flood', () => {
  it('answers 429 once one address has opened its burst of conversations', async () => {
    const prefix = testPrefix();
    const server = await startInstance(prefix, new MovableClock());
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 25; i++) {
        const res = await fetch(`${server.base}/api/webchat/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '{}',
        });
        statuses.push(res.status);
      }
      assert.ok(
        statuses.slice(0, 20).every((s) => s === 200),
        statuses.join(),
      );
      assert.ok(statuses.slice(20).includes(429), statuses.join());
    } finally {
      await server.app.close();
      await cleanup(connect(), prefix);
    }
  });
});
