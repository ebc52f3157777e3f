import { strict as assert } from 'node:assert';
import type { HandoffEvent, HandoffEvents } from '../../src/handoff/types';

export interface HandoffEventsHarness {
  /** Two instances on one channel. */
  first: HandoffEvents;
  second: HandoffEvents;
  /** How many subscriptions the second instance holds open (Redis: subscriber connections). */
  openSubscriptions(): Promise<number>;
  close(): Promise<void>;
}

const zhang = { username: 'zhang', name: '张三' };
export const EVENTS: HandoffEvent[] = [
  { type: 'queue', conversationKey: 'webchat:a', status: 'claimed', staff: zhang },
  { type: 'queue', conversationKey: 'webchat:b', status: 'waiting', staff: null },
  {
    type: 'message',
    conversationKey: 'webchat:a',
    entry: { at: '2026-11-28T02:00:00.000Z', from: 'staff', name: '张三', text: '您好' },
  },
  { type: 'typing', conversationKey: 'webchat:a', staff: zhang },
  { type: 'presence', staff: zhang, presence: 'busy' },
];

/** Collects events and waits until `count` have arrived (or fails after two seconds). */
export function collector(): {
  events: HandoffEvent[];
  listener: (event: HandoffEvent) => void;
  until(count: number): Promise<HandoffEvent[]>;
} {
  const events: HandoffEvent[] = [];
  return {
    events,
    listener: (event) => events.push(event),
    async until(count) {
      const deadline = Date.now() + 2000;
      while (events.length < count) {
        if (Date.now() > deadline) assert.fail(`got ${events.length} of ${count} events`);
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      return events;
    },
  };
}

export function handoffEventsContract(
  name: string,
  open: () => Promise<HandoffEventsHarness>,
): void {
  describe(`${name} HandoffEvents contract`, () => {
    let h: HandoffEventsHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('delivers to a listener on another instance every event the first publishes, in order', async () => {
      const got = collector();
      const stop = await h.second.subscribe(got.listener);
      for (const event of EVENTS) await h.first.publish(event);
      assert.deepEqual(await got.until(EVENTS.length), EVENTS);
      await stop();
    });

    it('delivers each event once to every listener of an instance', async () => {
      const a = collector();
      const b = collector();
      const stopA = await h.second.subscribe(a.listener);
      const stopB = await h.second.subscribe(b.listener);
      await h.first.publish(EVENTS[0]!);
      await a.until(1);
      await b.until(1);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(a.events.length, 1);
      assert.equal(b.events.length, 1);
      await stopA();
      await stopB();
    });

    it('stops delivery on unsubscribe and closes the subscription with the last listener', async () => {
      const kept = collector();
      const dropped = collector();
      const stopKept = await h.second.subscribe(kept.listener);
      const stopDropped = await h.second.subscribe(dropped.listener);
      assert.equal(await h.openSubscriptions(), 1, 'listeners share one subscription');
      await stopDropped();
      await h.first.publish(EVENTS[0]!);
      await kept.until(1);
      assert.equal(dropped.events.length, 0);
      assert.equal(await h.openSubscriptions(), 1);
      await stopKept();
      assert.equal(await h.openSubscriptions(), 0);
      await h.first.publish(EVENTS[1]!);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(kept.events.length, 1);
    });

    it('subscribes again after the last listener left', async () => {
      await (
        await h.second.subscribe(() => undefined)
      )();
      const got = collector();
      const stop = await h.second.subscribe(got.listener);
      await h.first.publish(EVENTS[3]!);
      assert.deepEqual(await got.until(1), [EVENTS[3]]);
      await stop();
    });
  });
}
