import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { admitWhen, type Refusal } from '../../src/bot/turnAdmission';
import { scriptNames } from '../../src/store/redis/commands';
import { botInstance } from '../support/botInstance';
import { type RedisClient, cleanup, connect, testPrefix } from '../support/redis';

function message(id: string): Partial<Activity> {
  return {
    type: 'message',
    id,
    text: id,
    channelId: 'webchat',
    from: { id: 'dl_user-admission', name: '' },
    conversation: { id: 'conv-admission', isGroup: false, conversationType: 'personal', name: '' },
  };
}

/** What the client sends to Redis from now on: command names, scripts by name. */
function watchCommands(redis: RedisClient): string[] {
  const sent: string[] = [];
  const send = redis.sendCommand.bind(redis) as (...args: unknown[]) => unknown;
  (redis as unknown as { sendCommand: (...args: unknown[]) => unknown }).sendCommand = (
    ...args: unknown[]
  ) => {
    const command = args[0] as { name: string; args: unknown[] };
    sent.push(
      command.name === 'evalsha'
        ? `script:${scriptNames.get(String(command.args[0])) ?? '?'}`
        : command.name,
    );
    return send(...args);
  };
  return sent;
}

const STATE_KEY = 'webchat/conversations/conv-admission/';

describe("a turn and the conversation's rate limit (/api/messages counts without waiting)", function () {
  this.timeout(30_000);
  let redis: RedisClient;
  let prefix: string;

  beforeEach(() => {
    redis = connect();
    prefix = testPrefix();
  });
  afterEach(() => cleanup(redis, prefix));

  it("sends the turn's claim, hold and state reads before the limit has answered", async () => {
    const sent = watchCommands(redis);
    let answer: (refusal: Refusal) => void = () => undefined;
    const refusal = new Promise<Refusal>((resolve) => (answer = resolve));
    const { adapter, storage } = botInstance(redis, prefix, (ctx, run) => {
      admitWhen(ctx, refusal);
      return run();
    });
    const turn = adapter.send(message('first'));
    const firstRoundTrip = ['script:hotlineLockAcquire', 'hmget', 'set'];
    for (let i = 0; i < 200 && !firstRoundTrip.every((c) => sent.includes(c)); i++) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    assert.ok(sent.includes('script:hotlineLockAcquire'), sent.join());
    assert.ok(sent.includes('hmget'), `state read: ${sent.join()}`);
    assert.ok(sent.includes('set'), `activity claim: ${sent.join()}`);
    answer(null);
    await turn;
    const state = (await storage.read([STATE_KEY]))[STATE_KEY] as { seen?: string[] };
    assert.deepEqual(state.seen, ['first']);
  });

  it('runs nothing and keeps nothing when refused: the same activity sent after the wait runs', async () => {
    let refused = true;
    const { adapter, storage } = botInstance(redis, prefix, (ctx, run) => {
      admitWhen(ctx, Promise.resolve(refused ? 1000 : null));
      return run();
    });
    await adapter.send(message('m1'));
    assert.deepEqual(await storage.read([STATE_KEY]), {}, 'a refused turn wrote state');
    refused = false;
    // Neither a re-send to ignore (its claim was let go) nor a conversation still held.
    await adapter.send(message('m1'));
    const state = (await storage.read([STATE_KEY]))[STATE_KEY] as { seen?: string[] };
    assert.deepEqual(state.seen, ['m1']);
  });
});
