import { strict as assert } from 'node:assert';
import pino from 'pino';
import sinon from 'sinon';
import { withConversationLock, type ConversationLock } from '../../src/bot/conversationLock';
import { MemoryConversationLock } from '../../src/store/memory/conversationLock';
import { RedisConversationLock } from '../../src/store/redis/conversationLock';
import { RedisKeys } from '../../src/store/redis/keys';
import { cleanup, connect, scanKeys, testPrefix } from '../support/redis';

const KEY = 'webchat/conversations/c-1/';
const TTL = 60_000;
const logger = pino({ level: 'silent' });

interface LockHarness {
  lock: ConversationLock;
  /** A second instance's view of the same holds. */
  peer: () => ConversationLock;
  /** Makes every hold expire now (what the TTL would do in time). */
  expire: () => Promise<void>;
  close: () => Promise<void>;
}

/** What every ConversationLock adapter must do; run against Redis and memory alike. */
function conversationLockContract(name: string, open: () => Promise<LockHarness>): void {
  describe(`${name} ConversationLock contract`, () => {
    let h: LockHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('gives a free conversation to one holder and refuses everyone else', async () => {
      const token = await h.lock.tryAcquire(KEY, TTL);
      assert.ok(token !== null && token > 0, 'token !== null && token > 0');
      assert.equal(await h.lock.tryAcquire(KEY, TTL), null);
      assert.equal(await h.peer().tryAcquire(KEY, TTL), null);
      assert.notEqual(await h.peer().tryAcquire('webchat/conversations/c-2/', TTL), null);
    });

    it('lets the next holder in after a release, with a larger token', async () => {
      const first = await h.lock.tryAcquire(KEY, TTL);
      assert.ok(first !== null, 'first !== null');
      await h.lock.release(KEY, first);
      const second = await h.peer().tryAcquire(KEY, TTL);
      assert.ok(second !== null && second > first, `${second} after ${first}`);
    });

    it('renews only for the token that holds it', async () => {
      const token = await h.lock.tryAcquire(KEY, TTL);
      assert.ok(token !== null, 'token !== null');
      assert.equal(await h.lock.extend(KEY, token, TTL), true);
      assert.equal(await h.peer().extend(KEY, token + 1, TTL), false);
    });

    it('fences off a holder whose hold expired: no renewal, and its release frees nothing', async () => {
      const stale = await h.lock.tryAcquire(KEY, TTL);
      assert.ok(stale !== null, 'stale !== null');
      await h.expire();
      const fresh = await h.peer().tryAcquire(KEY, TTL);
      assert.ok(fresh !== null && fresh > stale, 'fresh !== null && fresh > stale');
      assert.equal(await h.lock.extend(KEY, stale, TTL), false);
      await h.lock.release(KEY, stale);
      assert.equal(await h.lock.tryAcquire(KEY, TTL), null, 'the new holder keeps it');
    });

    it('runs the turns of one conversation one after another across instances', async () => {
      let counter = 0;
      let inside = 0;
      const turn = (lock: ConversationLock) =>
        withConversationLock(
          { lock, logger },
          KEY,
          { ttlMs: TTL, waitMs: 10_000 },
          async (confirm) => {
            inside += 1;
            assert.equal(inside, 1, 'two turns of one conversation at once');
            const read = counter;
            await new Promise((resolve) => setImmediate(resolve));
            await confirm();
            counter = read + 1;
            inside -= 1;
          },
        );
      await Promise.all(Array.from({ length: 20 }, (_, i) => turn(i % 2 ? h.lock : h.peer())));
      assert.equal(counter, 20);
    });

    it('gives up after the wait with CONVERSATION_BUSY, leaving the holder be', async () => {
      const token = await h.lock.tryAcquire(KEY, TTL);
      assert.ok(token !== null, 'token !== null');
      let ran = false;
      await assert.rejects(
        withConversationLock(
          { lock: h.peer(), logger },
          KEY,
          { ttlMs: TTL, waitMs: 50 },
          async () => {
            ran = true;
          },
        ),
        { code: 'CONVERSATION_BUSY' },
      );
      assert.equal(ran, false);
      assert.equal(await h.lock.extend(KEY, token, TTL), true);
    });

    it('refuses to confirm a hold that was lost, with CONVERSATION_LOCK_LOST', async () => {
      await assert.rejects(
        withConversationLock(
          { lock: h.lock, logger },
          KEY,
          { ttlMs: TTL, waitMs: 0 },
          async (confirm) => {
            await h.expire();
            await h.peer().tryAcquire(KEY, TTL);
            await confirm();
          },
        ),
        { code: 'CONVERSATION_LOCK_LOST' },
      );
    });
  });
}

describe('withConversationLock', () => {
  const timing = { ttlMs: TTL, waitMs: 0 };
  /** A lock that takes holds but cannot let go of them, as when Redis drops at that moment. */
  function lockWhoseReleaseFails(): ConversationLock {
    const lock = new MemoryConversationLock({ now: () => new Date() });
    sinon.stub(lock, 'release').rejects(new Error('Connection is closed.'));
    return lock;
  }

  afterEach(() => sinon.restore());

  it("returns the turn's result when the hold cannot be released, and logs the release failure", async () => {
    const warn = sinon.spy();
    const result = await withConversationLock(
      { lock: lockWhoseReleaseFails(), logger: { warn } },
      KEY,
      timing,
      async () => 'replied',
    );
    assert.equal(result, 'replied');
    sinon.assert.calledOnce(warn);
    assert.equal(warn.firstCall.args[0].err.message, 'Connection is closed.');
  });

  it("rejects with the turn's own error when the hold cannot be released either", async () => {
    const warn = sinon.spy();
    await assert.rejects(
      withConversationLock(
        { lock: lockWhoseReleaseFails(), logger: { warn } },
        KEY,
        timing,
        async () => {
          throw new Error('the turn failed');
        },
      ),
      { message: 'the turn failed' },
    );
    sinon.assert.calledOnce(warn);
  });

  it('lets go of the hold after the turn when it can', async () => {
    const lock = new MemoryConversationLock({ now: () => new Date() });
    const warn = sinon.spy();
    await withConversationLock({ lock, logger: { warn } }, KEY, timing, async () => undefined);
    assert.notEqual(await lock.tryAcquire(KEY, TTL), null);
    sinon.assert.notCalled(warn);
  });
});

conversationLockContract('memory', async () => {
  let now = Date.parse('2026-11-27T07:00:00Z');
  const lock = new MemoryConversationLock({ now: () => new Date(now) });
  return {
    lock,
    peer: () => lock,
    expire: async () => {
      now += TTL + 1;
    },
    close: async () => undefined,
  };
});

conversationLockContract('redis', async () => {
  const redis = connect();
  const other = connect();
  const prefix = testPrefix();
  return {
    lock: new RedisConversationLock(redis, new RedisKeys(prefix)),
    peer: () => new RedisConversationLock(other, new RedisKeys(prefix)),
    expire: async () => {
      // The hold lives in the conversation's state item, with the time it lasts until.
      const items = await scanKeys(redis, `${prefix}bot:*`);
      assert.ok(items.length > 0, 'items.length > 0');
      for (const key of items) {
        assert.ok((await redis.pttl(key)) > 0, 'an item made for a hold expires');
        await redis.hset(key, 'heldUntil', 0);
      }
    },
    close: async () => {
      await other.quit();
      await cleanup(redis, prefix);
    },
  };
});
