import { strict as assert } from 'node:assert';
import {
  ActivityNotFoundError,
  ConversationNotFoundError,
  type DirectLineStore,
  type FeedEvent,
} from '../../src/channels/directline/ports';

export interface DirectLineHarness {
  store: DirectLineStore;
  close(): Promise<void>;
}

export type OpenDirectLineStore = (options: {
  ttlSeconds: number;
  maxActivities?: number;
}) => Promise<DirectLineHarness>;

const AT = '2026-11-28T02:00:00.000Z';

function message(text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { type: 'message', text, ...extra };
}

/** Waits until `events` holds `count` entries (feeds are asynchronous, as pub/sub is). */
async function eventually(events: FeedEvent[], count: number): Promise<void> {
  for (let i = 0; i < 100 && events.length < count; i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  assert.ok(events.length >= count, `expected ${count} feed events, got ${events.length}`);
}

export function directLineStoreContract(name: string, open: OpenDirectLineStore): void {
  describe(`${name} DirectLineStore contract`, () => {
    let h: DirectLineHarness;
    beforeEach(async () => {
      h = await open({ ttlSeconds: 3600, maxActivities: 5 });
    });
    afterEach(async () => {
      await h.close();
    });

    it('creates a conversation once and keeps the user it was created with', async () => {
      const first = await h.store.open('conv-aaaa', 'dl_user0001', AT);
      assert.deepEqual(first, {
        created: true,
        conversation: { id: 'conv-aaaa', userId: 'dl_user0001', createdAt: AT, seq: 0 },
      });
      const again = await h.store.open('conv-aaaa', 'dl_someone_else', '2027-01-01T00:00:00.000Z');
      assert.equal(again.created, false);
      assert.equal(again.conversation.userId, 'dl_user0001');
      assert.equal(again.conversation.createdAt, AT);
      assert.equal(await h.store.get('conv-none'), null);
    });

    it('binds the first user a conversation started without one hears from, and only that one', async () => {
      await h.store.open('conv-bbbb', null, AT);
      assert.deepEqual(await h.store.claimUser('conv-bbbb', 'r_first'), {
        userId: 'r_first',
        claimed: true,
      });
      assert.deepEqual(await h.store.claimUser('conv-bbbb', 'r_second'), {
        userId: 'r_first',
        claimed: false,
      });
      assert.equal((await h.store.get('conv-bbbb'))?.userId, 'r_first');
      await assert.rejects(h.store.claimUser('conv-none', 'x'), ConversationNotFoundError);
    });

    it('numbers activities with watermarks and ids and reads them back from a watermark', async () => {
      await h.store.open('conv-cccc', 'u', AT);
      const a = await h.store.append('conv-cccc', message('一'));
      const b = await h.store.append('conv-cccc', message('二', { id: 'ignored' }));
      const c = await h.store.append('conv-cccc', message('三'));
      assert.deepEqual(
        [a, b, c].map((x) => [x.seq, x.activity.id]),
        [
          [1, 'conv-cccc|0000001'],
          [2, 'conv-cccc|0000002'],
          [3, 'conv-cccc|0000003'],
        ],
      );
      const all = await h.store.read('conv-cccc', 0, 100);
      assert.deepEqual(
        all.activities.map((x) => x.activity.text),
        ['一', '二', '三'],
      );
      assert.equal(all.watermark, 3);
      const rest = await h.store.read('conv-cccc', 1, 1);
      assert.deepEqual(
        rest.activities.map((x) => x.activity.id),
        ['conv-cccc|0000002'],
      );
      assert.equal(rest.watermark, 2);
      assert.deepEqual(await h.store.read('conv-cccc', 3, 100), { activities: [], watermark: 3 });
      assert.equal((await h.store.get('conv-cccc'))?.seq, 3);
    });

    it('gives back channelData exactly as it was logged', async () => {
      await h.store.open('conv-dddd', 'u', AT);
      const channelData = {
        clientActivityID: '1732760000000abc',
        nested: { list: [], empty: {}, zh: '市南区/香港中路 "引号"', n: 12.5, flag: false },
      };
      const logged = await h.store.append('conv-dddd', message('x', { channelData }));
      assert.deepEqual(logged.activity.channelData, channelData);
      const [read] = (await h.store.read('conv-dddd', 0, 10)).activities;
      assert.deepEqual(read?.activity, logged.activity);
    });

    it("logs a client's activity once however often its POST is retried", async () => {
      await h.store.open('conv-ffff', 'u', AT);
      const first = await h.store.appendFromClient('conv-ffff', 'c-1', message('确认提交'));
      const unhandled = await h.store.appendFromClient('conv-ffff', 'c-1', message('确认提交'));
      await h.store.markHandled('conv-ffff', 'c-1');
      const again = await h.store.appendFromClient('conv-ffff', 'c-1', message('确认提交'));
      const other = await h.store.appendFromClient('conv-ffff', 'c-2', message('确认提交'));
      assert.deepEqual(
        [first.duplicate, unhandled.duplicate, again.duplicate, other.duplicate],
        [false, false, true, false],
        'a retry runs the turn again until the first one is marked handled',
      );
      assert.equal(unhandled.activity.id, first.activity.id);
      assert.equal(again.activity.id, first.activity.id);
      assert.notEqual(other.activity.id, first.activity.id);
      const log = await h.store.read('conv-ffff', 0, 10);
      assert.equal(log.activities.length, 2);
      assert.equal(log.watermark, 2);
      await assert.rejects(
        h.store.appendFromClient('conv-none', 'c-1', message('x')),
        ConversationNotFoundError,
      );
    });

    it('refuses to log into a conversation that does not exist', async () => {
      await assert.rejects(h.store.append('conv-none', message('x')), ConversationNotFoundError);
      await assert.rejects(h.store.read('conv-none', 0, 10), ConversationNotFoundError);
      await assert.rejects(h.store.announceSocket('conv-none'), ConversationNotFoundError);
    });

    it('moves a replaced activity to the end under its old id, and removes it wherever it is', async () => {
      await h.store.open('conv-eeee', 'u', AT);
      const first = await h.store.append('conv-eeee', message('旧'));
      await h.store.append('conv-eeee', message('其后'));
      const replaced = await h.store.replace('conv-eeee', first.activity.id, message('新'));
      assert.equal(replaced.seq, 3);
      assert.equal(replaced.activity.id, first.activity.id);
      const again = await h.store.replace('conv-eeee', first.activity.id, message('更新'));
      assert.equal(again.seq, 4);
      const page = await h.store.read('conv-eeee', 0, 10);
      assert.deepEqual(
        page.activities.map((x) => [x.seq, x.activity.text]),
        [
          [2, '其后'],
          [4, '更新'],
        ],
      );
      assert.equal(await h.store.remove('conv-eeee', first.activity.id), true);
      assert.equal(await h.store.remove('conv-eeee', first.activity.id), false);
      assert.equal(await h.store.remove('conv-eeee', 'other|0000002'), false);
      assert.deepEqual(
        (await h.store.read('conv-eeee', 0, 10)).activities.map((x) => x.activity.text),
        ['其后'],
      );
      await assert.rejects(
        h.store.replace('conv-eeee', 'conv-eeee|0000009', message('?')),
        ActivityNotFoundError,
      );
    });

    it('keeps only the newest activities beyond its maximum', async () => {
      await h.store.open('conv-ffff', 'u', AT);
      for (let i = 1; i <= 7; i++) await h.store.append('conv-ffff', message(String(i)));
      const page = await h.store.read('conv-ffff', 0, 100);
      assert.deepEqual(
        page.activities.map((x) => x.seq),
        [3, 4, 5, 6, 7],
      );
    });

    it('tells watchers of new activities and of newer sockets, until they stop watching', async () => {
      await h.store.open('conv-gggg', 'u', AT);
      await h.store.open('conv-hhhh', 'u', AT);
      const events: FeedEvent[] = [];
      const stop = await h.store.watch('conv-gggg', (e) => events.push(e));
      const others: FeedEvent[] = [];
      const stopOthers = await h.store.watch('conv-hhhh', (e) => others.push(e));
      await h.store.append('conv-gggg', message('a'));
      assert.equal(await h.store.announceSocket('conv-gggg'), 1);
      assert.equal(await h.store.announceSocket('conv-gggg'), 2);
      await eventually(events, 3);
      assert.deepEqual(events, [
        { kind: 'appended', seq: 1 },
        { kind: 'socket', generation: 1 },
        { kind: 'socket', generation: 2 },
      ]);
      assert.deepEqual(others, []);
      await stop();
      await h.store.append('conv-gggg', message('b'));
      await h.store.append('conv-hhhh', message('c'));
      await eventually(others, 1);
      assert.equal(events.length, 3);
      await stopOthers();
    });
  });
}
