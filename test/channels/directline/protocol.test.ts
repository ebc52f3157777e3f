import { TurnContext } from 'botbuilder';
import { DirectLine, type Activity } from 'botframework-directlinejs';
import { strict as assert } from 'node:assert';
import { WebSocket } from 'ws';
import { cleanup, connect, testPrefix } from '../../support/redis';
import {
  getJson,
  installBrowserGlobals,
  MovableClock,
  post,
  postJson,
  Received,
  refusedStatus,
  REQUEST,
  startInstance,
  textOf,
  fields,
  webChatToken,
  type Instance,
} from './support';

const WELCOME = /12345/;
const QUESTION = /市民/;

/**
 * botframework-directlinejs 0.15 (what Web Chat runs) against the real server: two instances
 * over one Redis, as behind a load balancer.
 */
describe('Direct Line 3.0 with botframework-directlinejs as the client', function () {
  this.timeout(30_000);
  const clock = new MovableClock();
  let prefix: string;
  let a: Instance;
  let b: Instance;
  let restoreGlobals: () => void;
  const open: Received[] = [];

  before(async () => {
    restoreGlobals = installBrowserGlobals();
    prefix = testPrefix();
    a = await startInstance(prefix, clock);
    b = await startInstance(prefix, clock);
  });

  afterEach(() => {
    for (const r of open.splice(0)) r.end();
  });

  after(async () => {
    restoreGlobals();
    await a.app.close();
    await b.app.close();
    await cleanup(connect(), prefix);
  });

  function connectClient(options: ConstructorParameters<typeof DirectLine>[0]): Received {
    const received = new Received(new DirectLine({ pollingInterval: 200, ...options }));
    open.push(received);
    return received;
  }

  async function converse(received: Received, userId: string, clientActivityID: string) {
    const welcome = await received.waitFor('the welcome', (x) => WELCOME.test(textOf(x)));
    assert.equal(welcome.from.role, 'bot');
    const id = await post(received.dl, {
      type: 'message',
      text: REQUEST,
      from: { id: userId },
      channelData: { clientActivityID },
    });
    assert.match(id, /^[A-Za-z0-9_-]+\|\d{7}$/);
    const echo = await received.waitFor('the echo', (x) => x.id === id);
    assert.equal(echo.channelData?.clientActivityID, clientActivityID);
    assert.equal(echo.from.id, userId);
    assert.equal(textOf(echo), REQUEST);
    const question = await received.waitFor('the question', (x) => QUESTION.test(textOf(x)));
    assert.equal(fields(question).replyToId, id);
    assert.equal(question.from.role, 'bot');
    return { welcome, echo, question };
  }

  it('greets a polling client, echoes its request with its clientActivityID and asks back', async () => {
    const t = await webChatToken(a.base);
    assert.match(t.userId, /^dl_[A-Za-z0-9_-]{8,64}$/);
    const client = connectClient({ token: t.token, domain: a.domain, webSocket: false });
    const { echo } = await converse(client, t.userId, 'poll-1');
    assert.equal(echo.conversation?.id, t.conversationId);
  });

  it('does the same over a WebSocket', async () => {
    const polls: string[] = [];
    const onRequest = (req: { method?: string; url?: string }) => {
      if (req.method === 'GET' && /\/activities/.test(req.url ?? '')) polls.push(req.url ?? '');
    };
    a.app.server.on('after', onRequest);
    try {
      const t = await webChatToken(a.base);
      const client = connectClient({ token: t.token, domain: a.domain, webSocket: true });
      await converse(client, t.userId, 'ws-1');
      assert.deepEqual(polls, [], 'everything came over the socket');
    } finally {
      a.app.server.removeListener('after', onRequest);
    }
  });

  it('resumes after a reload from the watermark it had, polling or streaming', async () => {
    const t = await webChatToken(a.base);
    const first = connectClient({ token: t.token, domain: a.domain, webSocket: false });
    const { welcome, question } = await converse(first, t.userId, 'resume-1');
    // The watermark a reloaded page kept: the last one it received.
    const watermark = (question.id ?? '').split('|')[1] ?? '';
    assert.ok(Number(watermark) >= 3, `watermark ${watermark}`);
    first.end();

    for (const webSocket of [false, true]) {
      const again = connectClient({
        token: t.token,
        conversationId: t.conversationId,
        watermark: String(Number(watermark) - 1),
        domain: b.domain,
        webSocket,
      });
      const replayed = await again.waitFor('the last activity', (x) => x.id === question.id);
      assert.equal(textOf(replayed), textOf(question));
      assert.ok(!again.activities.some((x) => x.id === welcome.id), 'nothing before the watermark');
      const id = await post(again.dl, {
        type: 'message',
        text: '市民',
        from: { id: t.userId },
        channelData: { clientActivityID: `resume-${webSocket}` },
      });
      await again.waitFor('the echo after resuming', (x) => x.id === id);
      again.end();
      if (!webSocket) continue;
      // Stop the socket before the next client of this conversation opens one.
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  });

  it('serves one conversation from two instances: posted through A, streamed from B', async () => {
    const t = await webChatToken(a.base);
    const writer = connectClient({ token: t.token, domain: a.domain, webSocket: false });
    await writer.waitFor('the welcome', (x) => WELCOME.test(textOf(x)));
    const reader = connectClient({
      token: t.token,
      conversationId: t.conversationId,
      domain: b.domain,
      webSocket: true,
    });
    await reader.waitFor('the welcome on B', (x) => WELCOME.test(textOf(x)));
    const id = await post(writer.dl, {
      type: 'message',
      text: REQUEST,
      from: { id: t.userId },
      channelData: { clientActivityID: 'two-instances' },
    });
    const echo = await reader.waitFor('the echo on B', (x) => x.id === id);
    assert.equal(echo.channelData?.clientActivityID, 'two-instances');
    await reader.waitFor('the reply on B', (x) => QUESTION.test(textOf(x)));

    const polled = await getJson(
      `${b.domain}/conversations/${t.conversationId}/activities`,
      t.token,
    );
    assert.equal(polled.status, 200);
    const ids = (polled.body.activities as Activity[]).map((x) => x.id);
    assert.ok(ids.includes(id), 'ids.includes(id)');
    assert.equal(polled.body.watermark, String(ids.length));
  });

  it('keeps one socket per conversation: a newer one, on any instance, closes the older', async () => {
    const t = await webChatToken(a.base);
    const started = await postJson(`${a.domain}/conversations`, t.token, {});
    assert.equal(started.status, 201);
    const older = new WebSocket(String(started.body.streamUrl));
    const olderClosed = new Promise<number>((resolve) => older.on('close', resolve));
    const olderMessages: string[] = [];
    older.on('message', (data: Buffer) => olderMessages.push(data.toString()));
    await new Promise((resolve) => older.on('open', resolve));
    await waitUntil(() => olderMessages.length > 0);
    const backlog = JSON.parse(olderMessages[0] ?? '{}') as {
      activities: Activity[];
      watermark: string;
    };
    assert.equal(backlog.watermark, '1');
    assert.match(textOf(backlog.activities[0]!), WELCOME);

    const reconnect = await getJson(
      `${b.domain}/conversations/${t.conversationId}?watermark=1`,
      t.token,
    );
    assert.equal(reconnect.status, 200);
    assert.equal(reconnect.body.conversationId, t.conversationId);
    assert.match(String(reconnect.body.streamUrl), /watermark=1&t=/);
    const newer = new WebSocket(String(reconnect.body.streamUrl));
    await new Promise((resolve) => newer.on('open', resolve));
    assert.equal(await olderClosed, 1000);
    assert.equal(newer.readyState, WebSocket.OPEN);
    newer.close();
  });

  it('delivers proactive messages (ticket news, duty staff) to the poll and to the socket', async () => {
    const t = await webChatToken(a.base);
    const streamed = connectClient({ token: t.token, domain: a.domain, webSocket: true });
    const { echo } = await converse(streamed, t.userId, 'proactive-1');
    const reference = TurnContext.getConversationReference(fields(echo));

    await b.app.directLine!.adapter.continueConversationAsync('', reference, async (ctx) => {
      await ctx.sendActivity('您的工单已办结。');
    });
    await b.app.notifier.notify(
      { channelId: 'webchat', conversationId: t.conversationId, reference: { ...reference } },
      '值班人员已接入。',
    );
    const news = await streamed.waitFor(
      'the news on the socket',
      (x) => textOf(x) === '您的工单已办结。',
    );
    assert.equal(news.from.role, 'bot');
    await streamed.waitFor('the notifier on the socket', (x) => textOf(x) === '值班人员已接入。');

    const polled = await getJson(
      `${a.domain}/conversations/${t.conversationId}/activities`,
      t.token,
    );
    const texts = (polled.body.activities as Activity[]).map(textOf);
    assert.ok(
      texts.includes('您的工单已办结。') && texts.includes('值班人员已接入。'),
      texts.join('|'),
    );
  });

  it('refreshes a token before it expires and refuses it after', async () => {
    const t = await webChatToken(a.base);
    const refreshed = await postJson(`${a.domain}/tokens/refresh`, t.token, '');
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.body.conversationId, t.conversationId);
    assert.equal(refreshed.body.expires_in, 1800);
    const fresh = String(refreshed.body.token);
    assert.equal((await postJson(`${a.domain}/conversations`, fresh, {})).status, 201);
    try {
      clock.advance(31 * 60 * 1000);
      const expired = await getJson(
        `${b.domain}/conversations/${t.conversationId}/activities`,
        fresh,
      );
      assert.equal(expired.status, 403);
      assert.equal(expired.body.code, 'TOKEN_EXPIRED');
      assert.equal((await postJson(`${a.domain}/tokens/refresh`, fresh, '')).status, 403);
      const stream = new WebSocket(
        `${b.domain.replace('http', 'ws')}/conversations/${t.conversationId}/stream?t=${fresh}`,
      );
      assert.equal(await refusedStatus(stream), 403);
    } finally {
      clock.reset();
    }
  });

  it('answers a WebSocket upgrade to any other path with 404 instead of leaving it open', async () => {
    // A hanging upgrade held a socket for good and made every SIGTERM wait out its grace.
    const origin = new URL(a.domain).origin.replace('http', 'ws');
    for (const path of ['/healthz', '/v3/directline/conversations', '/nope']) {
      const refused = refusedStatus(new WebSocket(`${origin}${path}`));
      const hung = new Promise<never>((_, reject) =>
        setTimeout(() => reject(new Error(`${path}: no answer`)), 3000).unref(),
      );
      assert.equal(await Promise.race([refused, hung]), 404, path);
    }
  });
});

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
