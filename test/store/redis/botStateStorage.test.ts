import assert from 'node:assert/strict';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  MemoryStorage,
  MessageFactory,
  TestAdapter,
  TurnContext,
  type Storage,
} from 'botbuilder';
import { Dialog, DialogSet, TextPrompt, WaterfallDialog } from 'botbuilder-dialogs';
import sinon from 'sinon';
import { HOLD_TOKEN_FIELD } from '../../../src/bot/conversationLock';
import { MemberConversationState } from '../../../src/bot/memberConversationState';
import { RedisBotStorage, storedKeyId } from '../../../src/store/redis/botStateStorage';
import { RedisConversationLock } from '../../../src/store/redis/conversationLock';
import { StorageConflictError, StoreError } from '../../../src/store/redis/errors';
import { RedisKeys } from '../../../src/store/redis/keys';
import { type RedisClient, cleanup, connect, scanKeys, testPrefix } from '../../support/redis';

/** What the contract needs: a storage, and more clients of the same data (other bot instances). */
interface Harness {
  storage: Storage;
  peer(): Storage;
}

/** The view a JavaScript caller has; botbuilder's own storage tests pass null here. */
interface UntypedStorage {
  read(keys: unknown): Promise<unknown>;
  write(changes: unknown): Promise<unknown>;
  delete(keys: unknown): Promise<unknown>;
}

const CRAZY_KEY = '!@#$%^&*()~/\\><,.?\';"`~';

/**
 * botbuilder's StorageBaseTests (botbuilder-core/tests/storageBaseTests.js), plus the eTag and
 * copy semantics MemoryStorage has. Run against MemoryStorage too, to show the Redis storage
 * behaves like the one botbuilder ships.
 */
function storageContract(harness: () => Harness): void {
  let storage: Storage;
  beforeEach(() => {
    storage = harness().storage;
  });

  it('returns no items when reading an unknown key', async () => {
    const result = await storage.read(['unknown']);
    assert.deepEqual(result, {});
  });

  it('rejects null keys when reading, writing and deleting', async () => {
    const untyped: UntypedStorage = storage;
    await assert.rejects(untyped.read(null), new ReferenceError('Keys are required when reading.'));
    await assert.rejects(
      untyped.write(null),
      new ReferenceError('Changes are required when writing.'),
    );
    await assert.rejects(untyped.delete(null));
  });

  it('accepts empty reads, writes and deletes', async () => {
    await storage.write({});
    await storage.write([]);
    await storage.delete([]);
    assert.deepEqual(await storage.read([]), {});
  });

  it('creates objects and gives each an eTag', async () => {
    await storage.write({ createPoco: { id: 1 }, createPocoStoreItem: { id: 2 } });
    const read = await storage.read(['createPoco', 'createPocoStoreItem']);
    assert.equal(read.createPoco.id, 1);
    assert.equal(read.createPocoStoreItem.id, 2);
    assert.equal(typeof read.createPoco.eTag, 'string');
    assert.equal(typeof read.createPocoStoreItem.eTag, 'string');
    assert.notEqual(read.createPoco.eTag, read.createPocoStoreItem.eTag);
  });

  it('handles crazy keys', async () => {
    const keys = [CRAZY_KEY, '', ' ', 'a*b?[c]', '工单/市民 12345', 'emoji 🚌', 'line\nbreak\0nul'];
    await storage.write(Object.fromEntries(keys.map((key, id) => [key, { id }])));
    const read = await storage.read(keys);
    assert.deepEqual(
      keys.map((key) => read[key].id),
      keys.map((_, id) => id),
    );
  });

  it('updates an object, accepting a missing or wildcard eTag and rejecting a stale one', async () => {
    await storage.write({ pocoItem: { id: 1, count: 1 }, pocoStoreItem: { id: 1, count: 1 } });
    const loaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    const pocoItem = loaded.pocoItem;
    delete pocoItem.eTag;
    const pocoStoreItem = loaded.pocoStoreItem;
    pocoItem.count++;
    pocoStoreItem.count++;
    await storage.write(loaded);

    const reloaded = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(typeof reloaded.pocoItem.eTag, 'string');
    assert.notEqual(reloaded.pocoStoreItem.eTag, pocoStoreItem.eTag);
    assert.equal(reloaded.pocoItem.count, 2);
    assert.equal(reloaded.pocoStoreItem.count, 2);

    pocoItem.count = 123;
    await storage.write({ pocoItem });
    pocoStoreItem.count = 123;
    await assert.rejects(storage.write({ pocoStoreItem }), /eTag conflict/);

    const afterStale = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(afterStale.pocoItem.count, 123);
    assert.equal(afterStale.pocoStoreItem.count, 2);

    delete afterStale.pocoItem.eTag;
    afterStale.pocoItem.count = 100;
    afterStale.pocoStoreItem.count = 100;
    afterStale.pocoStoreItem.eTag = '*';
    await storage.write(afterStale);
    const final = await storage.read(['pocoItem', 'pocoStoreItem']);
    assert.equal(final.pocoItem.count, 100);
    assert.equal(final.pocoStoreItem.count, 100);
  });

  it('creates an object with a wildcard eTag', async () => {
    await storage.write({ star: { id: 1, eTag: '*' } });
    const read = await storage.read(['star']);
    assert.equal(read.star.id, 1);
    assert.notEqual(read.star.eTag, '*');
  });

  it('creates an object whose eTag refers to nothing stored, as MemoryStorage does', async () => {
    await storage.write({ orphan: { id: 1, eTag: 'from-a-deleted-item' } });
    assert.equal((await storage.read(['orphan'])).orphan.id, 1);
  });

  it('gives an item a new eTag on every write', async () => {
    const eTags = new Set<string>();
    for (let i = 0; i < 3; i++) {
      await storage.write({ item: { i } });
      eTags.add((await storage.read(['item'])).item.eTag);
    }
    assert.equal(eTags.size, 3);
  });

  it('checks each key of a batch on its own', async () => {
    await storage.write({ fresh: { v: 1 }, stale: { v: 1 } });
    const { fresh, stale } = await storage.read(['fresh', 'stale']);
    await storage.write({ stale: { v: 2 } });

    fresh.v = 3;
    stale.v = 3;
    await assert.rejects(storage.write({ fresh, stale, added: { v: 3 } }), /"stale"/);
    const read = await storage.read(['fresh', 'stale', 'added']);
    assert.deepEqual([read.fresh.v, read.stale.v, read.added.v], [3, 2, 3]);
  });

  it("keeps the stored item apart from the caller's objects", async () => {
    const item = { nested: { list: [1, 2] } };
    await storage.write({ copy: item });
    item.nested.list.push(3);
    const first = await storage.read(['copy']);
    first.copy.nested.list.push(4);
    const second = await storage.read(['copy']);
    assert.deepEqual(second.copy.nested.list, [1, 2]);
  });

  it('deletes an object', async () => {
    await storage.write({ delete1: { id: 1, count: 1 } });
    assert.equal((await storage.read(['delete1'])).delete1.count, 1);
    await storage.delete(['delete1']);
    assert.equal((await storage.read(['delete1'])).delete1, undefined);
  });

  it('deletes an unknown object without complaint', async () => {
    await storage.delete(['unknown_key']);
  });

  it('performs batch operations', async () => {
    await storage.write({ batch1: { count: 10 }, batch2: { count: 20 }, batch3: { count: 30 } });
    const result = await storage.read(['batch1', 'batch2', 'batch3']);
    assert.deepEqual([result.batch1.count, result.batch2.count, result.batch3.count], [10, 20, 30]);
    for (const item of Object.values(result)) assert.equal(typeof item.eTag, 'string');

    await storage.delete(['batch1', 'batch2', 'batch3']);
    assert.deepEqual(await storage.read(['batch1', 'batch2', 'batch3']), {});
  });

  it('lets exactly one of two concurrent writers holding the same eTag win', async () => {
    const other = harness().peer();
    for (let round = 0; round < 10; round++) {
      await storage.write({ race: { round } });
      const [a, b] = await Promise.all([storage.read(['race']), other.read(['race'])]);
      const outcomes = await Promise.allSettled([
        storage.write({ race: { ...a.race, writer: 'a' } }),
        other.write({ race: { ...b.race, writer: 'b' } }),
      ]);
      const won = outcomes.flatMap((o, i) => (o.status === 'fulfilled' ? [i ? 'b' : 'a'] : []));
      assert.equal(won.length, 1, `round ${round}: ${won.length} writers won`);
      assert.equal((await storage.read(['race'])).race.writer, won[0]);
    }
  });

  it('proceeds through a waterfall with a ConversationState on it', async () => {
    const convoState = new ConversationState(storage);
    const dialogs = new DialogSet(convoState.createProperty('dialogState'));
    dialogs.add(
      new TextPrompt('textPrompt', async (prompt) => {
        if ((prompt.recognized.value ?? '').length > 3) {
          await prompt.context.sendActivity(`You got it at the ${prompt.attemptCount}th try!`);
          return true;
        }
        await prompt.context.sendActivity(
          `Please send a name that is longer than 3 characters. ${prompt.attemptCount}`,
        );
        return false;
      }),
    );
    dialogs.add(
      new WaterfallDialog('waterfallDialog', [
        async (step) => {
          await step.context.sendActivity('step1');
          return Dialog.EndOfTurn;
        },
        async (step) =>
          step.prompt('textPrompt', { prompt: MessageFactory.text('Please type your name.') }),
        async (step) => {
          await step.context.sendActivity('step3');
          return Dialog.EndOfTurn;
        },
      ]),
    );
    const adapter = new TestAdapter(async (turnContext) => {
      const dc = await dialogs.createContext(turnContext);
      await dc.continueDialog();
      if (!turnContext.responded) await dc.beginDialog('waterfallDialog');
    }).use(new AutoSaveStateMiddleware(convoState));

    await adapter
      .send('hello')
      .assertReply('step1')
      .send('hello')
      .assertReply('Please type your name.')
      .send('hi')
      .assertReply('Please send a name that is longer than 3 characters. 1')
      .send('hi')
      .assertReply('Please send a name that is longer than 3 characters. 2')
      .send('hi')
      .assertReply('Please send a name that is longer than 3 characters. 3')
      .send('Kyle')
      .assertReply('You got it at the 4th try!')
      .assertReply('step3')
      .startTest();
  });
}

describe('RedisBotStorage', () => {
  let prefix: string;
  let keys: RedisKeys;
  let redis: RedisClient;
  let peers: RedisClient[];
  let storage: RedisBotStorage;

  beforeEach(() => {
    prefix = testPrefix();
    keys = new RedisKeys(prefix);
    redis = connect();
    peers = [];
    storage = new RedisBotStorage(redis, keys);
  });

  afterEach(async () => {
    sinon.restore();
    await Promise.all(peers.map((peer) => peer.quit()));
    await cleanup(redis, prefix);
  });

  function peer(opts?: { ttlSeconds?: number }): RedisBotStorage {
    const connection = connect();
    peers.push(connection);
    return new RedisBotStorage(connection, keys, opts);
  }

  describe('botbuilder storage contract', () => {
    storageContract(() => ({ storage, peer }));
  });

  it('rejects a stale eTag with a StorageConflictError coded STATE_CONFLICT', async () => {
    await storage.write({ 'webchat/conversations/abc': { step: 1 } });
    const { 'webchat/conversations/abc': item } = await storage.read(['webchat/conversations/abc']);
    await storage.write({ 'webchat/conversations/abc': { step: 2 } });

    const error = await storage.write({ 'webchat/conversations/abc': item }).then(
      () => assert.fail('stale write succeeded'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof StorageConflictError, 'error instanceof StorageConflictError');
    assert.ok(error instanceof StoreError, 'error instanceof StoreError');
    assert.equal(error.code, 'STATE_CONFLICT');
    assert.equal(error.status, 409);
    assert.equal(error.key, 'webchat/conversations/abc');
    assert.equal(
      error.message,
      'Storage: error writing "webchat/conversations/abc" due to eTag conflict.',
    );
  });

  it('stores each item as a hash of eTag and JSON under keys.botState', async () => {
    await storage.write({ 'webchat/users/u1': { name: '李雷', eTag: '*' } });
    const stored = await redis.hgetall(keys.botState('webchat/users/u1'));
    assert.deepEqual(Object.keys(stored).sort(), ['doc', 'etag']);
    assert.deepEqual(JSON.parse(stored.doc ?? ''), { name: '李雷' });
    assert.equal((await storage.read(['webchat/users/u1']))['webchat/users/u1'].eTag, stored.etag);
  });

  it('returns __proto__ and constructor keys as plain own properties', async () => {
    await storage.write(JSON.parse('{"__proto__": {"a": 1}, "constructor": {"b": 2}}'));
    const read = await storage.read(['__proto__', 'constructor']);
    assert.equal(Object.getPrototypeOf(read), Object.prototype);
    assert.deepEqual(Object.keys(read), ['__proto__', 'constructor']);
    assert.equal(Object.getOwnPropertyDescriptor(read, '__proto__')?.value.a, 1);
    assert.equal(Object.getOwnPropertyDescriptor(read, 'constructor')?.value.b, 2);
  });

  it('stores keys longer than 200 bytes under their sha256 and keeps them apart', async () => {
    const long = 'webchat/conversations/' + 'x'.repeat(1000);
    await storage.write({ [`${long}a`]: { v: 'a' }, [`${long}b`]: { v: 'b' } });
    const read = await storage.read([`${long}a`, `${long}b`]);
    assert.deepEqual([read[`${long}a`].v, read[`${long}b`].v], ['a', 'b']);

    const stored = await scanKeys(redis, `${prefix}*`);
    assert.equal(stored.length, 2);
    for (const key of stored) assert.match(key, /bot:sha256:[0-9a-f]{64}$/);
  });

  it('keeps a key spelled like a digest apart from the key it is the digest of', async () => {
    const long = 'y'.repeat(300);
    const lookalike = storedKeyId(long);
    await storage.write({ [long]: { v: 'long' }, [lookalike]: { v: 'lookalike' } });
    const read = await storage.read([long, lookalike]);
    assert.deepEqual([read[long].v, read[lookalike].v], ['long', 'lookalike']);
  });

  it('keeps keys with different lone surrogates apart', async () => {
    await storage.write({ 'k\uD800': { v: 1 }, 'k\uD801': { v: 2 } });
    const read = await storage.read(['k\uD800', 'k\uD801']);
    assert.deepEqual([read['k\uD800'].v, read['k\uD801'].v], [1, 2]);
  });

  it('sets no expiry unless ttlSeconds is given', async () => {
    await storage.write({ item: { v: 1 } });
    assert.equal(await redis.ttl(keys.botState('item')), -1);
  });

  it('refreshes the expiry on every write when ttlSeconds is given', async () => {
    const expiring = peer({ ttlSeconds: 3600 });
    await expiring.write({ item: { v: 1 } });
    const ttl = await redis.ttl(keys.botState('item'));
    assert.ok(ttl > 3590 && ttl <= 3600, `ttl ${ttl}`);

    await redis.expire(keys.botState('item'), 5);
    await expiring.write({ item: { v: 2 } });
    assert.ok(
      (await redis.ttl(keys.botState('item'))) > 3590,
      "(await redis.ttl(keys.botState('item'))) > 3590",
    );
  });

  it('expires an item once its TTL has passed', async () => {
    await peer({ ttlSeconds: 1 }).write({ item: { v: 1 } });
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.deepEqual(await storage.read(['item']), {});
  });

  describe('a conversation held by a turn (RedisConversationLock keeps the hold in the item)', () => {
    const KEY = 'webchat/conversations/held/';
    const lock = () => new RedisConversationLock(redis, keys);

    it('writes for the holder, lets go of the hold in the same write, and stores no token', async () => {
      const token = await lock().tryAcquire(KEY, 60_000);
      assert.ok(token !== null, 'token !== null');
      await storage.write({ [KEY]: { turns: 1, [HOLD_TOKEN_FIELD]: token } });
      assert.notEqual(await lock().tryAcquire(KEY, 60_000), null, 'the write let go of it');
      const read = await storage.read([KEY]);
      assert.equal(read[KEY].turns, 1);
      assert.equal(HOLD_TOKEN_FIELD in read[KEY], false);
    });

    it('refuses the write of a turn whose hold another turn took over, keeping the newer state', async () => {
      const stale = await lock().tryAcquire(KEY, 60_000);
      assert.ok(stale !== null, 'stale !== null');
      await redis.hset(keys.botState(KEY), 'heldUntil', 0); // what the TTL does in time
      const fresh = await lock().tryAcquire(KEY, 60_000);
      assert.ok(fresh !== null && fresh > stale, 'fresh !== null && fresh > stale');
      await storage.write({ [KEY]: { by: 'fresh', [HOLD_TOKEN_FIELD]: fresh } });
      await assert.rejects(storage.write({ [KEY]: { by: 'stale', [HOLD_TOKEN_FIELD]: stale } }), {
        code: 'CONVERSATION_LOCK_LOST',
      });
      assert.equal((await storage.read([KEY]))[KEY].by, 'fresh');
    });

    it('keeps the state written before the hold, and its expiry, while the hold is taken', async () => {
      const expiring = peer({ ttlSeconds: 3600 });
      await expiring.write({ [KEY]: { turns: 1 } });
      const token = await lock().tryAcquire(KEY, 60_000);
      assert.ok(token !== null, 'token !== null');
      assert.equal((await storage.read([KEY]))[KEY].turns, 1);
      assert.ok(
        (await redis.ttl(keys.botState(KEY))) > 3590,
        '(await redis.ttl(keys.botState(KEY))) > 3590',
      );
      await lock().release(KEY, token);
      assert.equal((await storage.read([KEY]))[KEY].turns, 1);
    });

    it('lets a hold on a conversation with no state go by itself', async () => {
      assert.notEqual(await lock().tryAcquire(KEY, 60_000), null);
      const pttl = await redis.pttl(keys.botState(KEY));
      assert.ok(pttl > 0 && pttl <= 60_000, `pttl ${pttl}`);
      assert.deepEqual(await storage.read([KEY]), {});
    });
  });

  describe('under the change check of the bot states (they share the JSON they make)', () => {
    const KEY = 'webchat/conversations/shared-doc/';

    function turn(): TurnContext {
      return new TurnContext(new TestAdapter(async () => undefined), {
        type: 'message',
        channelId: 'webchat',
        conversation: { id: 'shared-doc', isGroup: false, conversationType: 'personal', name: '' },
        from: { id: 'u1', name: '' },
        recipient: { id: 'bot', name: '' },
      });
    }

    it('writes nothing for a turn that changed nothing, and what changed as it is at the save', async () => {
      await storage.write({ [KEY]: { said: ['a'], n: 1 } });
      const state = new MemberConversationState(storage);
      const write = sinon.spy(storage, 'write');
      const ctx = turn();
      const loaded = await state.load(ctx);
      await state.saveChanges(ctx);
      assert.equal(write.callCount, 0, 'read and unchanged');
      (loaded.said as string[]).push('b');
      loaded.n = 2;
      await state.saveChanges(ctx);
      assert.equal(write.callCount, 1);
      const { [KEY]: stored } = await storage.read([KEY]);
      assert.deepEqual(stored.said, ['a', 'b']);
      assert.equal(stored.n, 2);
    });

    it('writes an item read and then changed as it is now, not as it was read', async () => {
      await storage.write({ [KEY]: { n: 1 } });
      const { [KEY]: item } = await storage.read([KEY]);
      item.n = 2;
      await storage.write({ [KEY]: item });
      assert.equal((await storage.read([KEY]))[KEY].n, 2);
    });
  });

  it('refuses a ttlSeconds that is not a positive whole number', () => {
    for (const ttlSeconds of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      assert.throws(() => new RedisBotStorage(redis, keys, { ttlSeconds }), RangeError);
    }
  });

  it('writes nothing from a batch holding an item it cannot store', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const invalid: unknown[] = [null, 'text', [1], { eTag: 7 }, { n: 1n }, circular];
    for (const bad of invalid) {
      await assert.rejects(storage.write({ good: { v: 1 }, bad }), TypeError);
    }
    assert.deepEqual(await storage.read(['good', 'bad']), {});
  });

  it('rejects a stored item that is not a JSON object', async () => {
    await redis.hset(keys.botState('odd'), 'etag', 'e1', 'doc', '[1,2]');
    await assert.rejects(storage.read(['odd']), /not a JSON object/);
  });

  it('reports a script reply outside its contract as STORE_UNEXPECTED_REPLY', async () => {
    const fake = sinon.stub(redis, 'hotlineWriteBotState');
    for (const reply of [-99, 0, 'OK']) {
      fake.resolves(reply);
      await assert.rejects(storage.write({ item: { v: 1 } }), { code: 'STORE_UNEXPECTED_REPLY' });
    }
  });

  it('keeps conversation state in Redis across turns', async () => {
    const convoState = new ConversationState(storage);
    const turns = convoState.createProperty<number>('turns');
    const adapter = new TestAdapter(async (context) => {
      const n = (await turns.get(context, 0)) + 1;
      await turns.set(context, n);
      await context.sendActivity(`turn ${n}`);
    }).use(new AutoSaveStateMiddleware(convoState));

    await adapter.send('a').assertReply('turn 1').send('b').assertReply('turn 2').startTest();
    const stored = await scanKeys(redis, `${prefix}bot:*`);
    assert.equal(stored.length, 1);
    assert.equal(JSON.parse((await redis.hget(stored[0] ?? '', 'doc')) ?? '').turns, 2);
  });
});

describe('MemoryStorage (botbuilder reference for the same contract)', () => {
  let storage: MemoryStorage;
  beforeEach(() => {
    storage = new MemoryStorage();
  });
  storageContract(() => ({ storage, peer: () => storage }));
});
