import { strict as assert } from 'node:assert';
import type { Clock } from '../../src/core/clock';
import {
  HandoffRequestSchema,
  TRANSCRIPT_LIMIT,
  type HandoffRequest,
  type HandoffRequestInput,
  type HandoffStore,
  type StaffRef,
  type TranscriptEntry,
} from '../../src/handoff/types';

export interface HandoffHarness {
  store: HandoffStore;
  /** Another store over the same data, as a second instance sees it (Redis: its own connection). */
  instance(): HandoffStore;
  close(): Promise<void>;
}

/** The time the stores are given as `now` (presence expiry); tests move it. */
export class TestClock implements Clock {
  constructor(public at: Date) {}
  now(): Date {
    return this.at;
  }
  advance(seconds: number): void {
    this.at = new Date(this.at.getTime() + seconds * 1000);
  }
}

const T0 = '2026-11-28T02:00:00.000Z';
/** `minutes` after T0, as ISO. */
const t = (minutes: number): string => new Date(Date.parse(T0) + minutes * 60_000).toISOString();

const zhang: StaffRef = { username: 'zhang', name: '张三' };
const li: StaffRef = { username: 'li', name: '李四' };

export function request(
  conversationKey: string,
  overrides: Partial<HandoffRequestInput> = {},
): HandoffRequest {
  return HandoffRequestSchema.parse({
    conversationKey,
    conversation: { channelId: 'webchat', conversationId: conversationKey, reference: {} },
    reason: 'human_requested',
    emergencyKind: null,
    lang: 'zh',
    at: T0,
    ticketId: null,
    ...overrides,
  });
}

function line(text: string, at = T0): TranscriptEntry {
  return { at, from: 'person', text };
}

export function handoffStoreContract(
  name: string,
  open: (clock: Clock) => Promise<HandoffHarness>,
): void {
  describe(`${name} HandoffStore contract`, () => {
    let h: HandoffHarness;
    let store: HandoffStore;
    let clock: TestClock;
    beforeEach(async () => {
      clock = new TestClock(new Date(T0));
      h = await open(clock);
      store = h.store;
    });
    afterEach(async () => {
      await h.close();
    });

    const keysOf = async (): Promise<string[]> =>
      (await store.waiting(100)).map((c) => c.request.conversationKey);

    describe('flag', () => {
      it('orders the queue by priority first, then by the time each was flagged', async () => {
        await store.flag(request('human-early', { at: t(0) }), []);
        await store.flag(request('unsure-late', { at: t(5), reason: 'unsure' }), []);
        await store.flag(request('twice', { at: t(10), reason: 'dissatisfied_twice' }), []);
        await store.flag(request('enterprise', { at: t(3), reason: 'enterprise_priority' }), []);
        await store.flag(
          request('fire', { at: t(20), reason: 'emergency', emergencyKind: 'fire' }),
          [],
        );
        assert.deepEqual(await keysOf(), [
          'fire',
          'enterprise',
          'twice',
          'human-early',
          'unsure-late',
        ]);
        assert.equal(await store.position('enterprise'), 2);
        assert.equal(await store.position('unsure-late'), 5);
        assert.equal(await store.position('unknown'), null);
      });

      it('returns waiting and reads the case back whole, with no owner yet', async () => {
        const flagged = request('a', {
          message: '我要找人工',
          place: '香港中路8号',
          classification: { department: 'water', category: 'complaint', confidence: 0.6123456789 },
          requesterType: 'enterprise',
          ticketId: 'QD20261128-000001',
        });
        assert.equal(await store.flag(flagged, []), 'waiting');
        assert.deepEqual(await store.get('a'), {
          request: flagged,
          status: 'waiting',
          staff: null,
          claimedAt: null,
          staffActiveAt: null,
          endedAt: null,
        });
        assert.equal(await store.get('unknown'), null);
      });

      it('keeps one case per conversation: a second flag updates the request, not its place', async () => {
        await store.flag(request('a', { at: t(0) }), []);
        await store.flag(request('b', { at: t(1) }), []);
        await store.flag(request('a', { at: t(2), reason: 'unsure', ticketId: 'QD-1' }), []);
        assert.deepEqual(await keysOf(), ['a', 'b']);
        const a = await store.get('a');
        assert.equal(a?.request.reason, 'unsure');
        assert.equal(a?.request.ticketId, 'QD-1');
        assert.equal(a?.request.at, t(0), 'the wait counts from the first flag');
      });

      it('lets a higher priority move a waiting case up', async () => {
        await store.flag(request('a', { at: t(0) }), []);
        await store.flag(request('b', { at: t(1) }), []);
        await store.flag(request('b', { at: t(2), reason: 'dissatisfied_twice' }), []);
        assert.deepEqual(await keysOf(), ['b', 'a']);
      });

      it('does not let a later ordinary flag demote an emergency: reason, kind and place kept', async () => {
        await store.flag(
          request('a', { at: t(10), reason: 'emergency', emergencyKind: 'medical', place: '家里' }),
          [],
        );
        await store.flag(request('b', { at: t(0) }), []);
        await store.flag(request('a', { at: t(20), message: '还在吗', place: null }), []);
        assert.deepEqual(await keysOf(), ['a', 'b']);
        const a = await store.get('a');
        assert.equal(a?.request.reason, 'emergency');
        assert.equal(a?.request.emergencyKind, 'medical');
        assert.equal(a?.request.place, '家里');
        assert.equal(a?.request.message, '还在吗', 'the rest of the request is updated');
      });

      it('keeps a claimed case claimed and out of the queue, updating only its request', async () => {
        await store.flag(request('a'), [line('one')]);
        await store.claim('a', zhang, t(1));
        assert.equal(
          await store.flag(request('a', { at: t(2), ticketId: 'QD-9' }), [line('two')]),
          'claimed',
        );
        const a = await store.get('a');
        assert.equal(a?.status, 'claimed');
        assert.deepEqual(a?.staff, zhang);
        assert.equal(a?.request.ticketId, 'QD-9');
        assert.deepEqual(await store.waiting(10), []);
        assert.deepEqual(
          (await store.transcript('a', 10)).map((e) => e.text),
          ['one'],
          'a claimed case already has its transcript',
        );
      });

      it('appends the transcript only when the conversation was not already waiting or claimed', async () => {
        await store.flag(request('a'), [line('one'), line('two')]);
        await store.flag(request('a', { at: t(1) }), [line('repeated')]);
        assert.deepEqual(
          (await store.transcript('a', 10)).map((e) => e.text),
          ['one', 'two'],
        );
        await store.claim('a', zhang, t(2));
        await store.release('a', zhang, 'returned', t(3));
        assert.equal(await store.flag(request('a', { at: t(4) }), [line('three')]), 'waiting');
        assert.deepEqual(
          (await store.transcript('a', 10)).map((e) => e.text),
          ['one', 'two', 'three'],
        );
      });

      it('starts a returned or closed case waiting afresh, from the new flag', async () => {
        await store.flag(
          request('a', { at: t(0), reason: 'emergency', emergencyKind: 'fire' }),
          [],
        );
        await store.flag(request('b', { at: t(5) }), []);
        await store.claim('a', zhang, t(1));
        await store.release('a', zhang, 'closed', t(2));
        await store.flag(request('a', { at: t(10) }), []);
        assert.deepEqual(await store.get('a'), {
          request: request('a', { at: t(10) }),
          status: 'waiting',
          staff: null,
          claimedAt: null,
          staffActiveAt: null,
          endedAt: null,
        });
        assert.deepEqual(await keysOf(), ['b', 'a'], 'the old emergency is over');
      });
    });

    describe('claim', () => {
      it('gives a waiting conversation to the staff member and takes it off the queue', async () => {
        await store.flag(request('a'), []);
        assert.equal(await store.claim('a', zhang, t(1)), 'claimed');
        const a = await store.get('a');
        assert.equal(a?.status, 'claimed');
        assert.deepEqual(a?.staff, zhang);
        assert.equal(a?.claimedAt, t(1));
        assert.equal(a?.staffActiveAt, t(1));
        assert.deepEqual(await store.waiting(10), []);
        assert.equal(await store.position('a'), null);
        assert.deepEqual(
          (await store.claimed(10)).map((c) => c.request.conversationKey),
          ['a'],
        );
      });

      it('lets exactly one of ten simultaneous claims from ten instances win', async () => {
        await store.flag(request('a'), []);
        const staff = Array.from({ length: 10 }, (_, i) => ({
          username: `s${i}`,
          name: `值班${i}`,
        }));
        const results = await Promise.all(staff.map((s) => h.instance().claim('a', s, t(1))));
        assert.equal(results.filter((r) => r === 'claimed').length, 1);
        assert.equal(results.filter((r) => r === 'taken').length, 9);
        const winner = staff[results.indexOf('claimed')];
        assert.deepEqual((await store.get('a'))?.staff, winner);
      });

      it('answers already_yours to the owner and taken to anyone else', async () => {
        await store.flag(request('a'), []);
        await store.claim('a', zhang, t(1));
        assert.equal(await store.claim('a', zhang, t(2)), 'already_yours');
        assert.equal(await store.claim('a', li, t(2)), 'taken');
        assert.equal((await store.get('a'))?.claimedAt, t(1));
      });

      it('answers not_waiting for an unknown, returned or closed conversation', async () => {
        assert.equal(await store.claim('unknown', zhang, t(1)), 'not_waiting');
        await store.flag(request('r'), []);
        await store.claim('r', zhang, t(1));
        await store.release('r', zhang, 'returned', t(2));
        assert.equal(await store.claim('r', li, t(3)), 'not_waiting');
        await store.flag(request('c'), []);
        await store.end('c', t(1));
        assert.equal(await store.claim('c', li, t(3)), 'not_waiting');
      });

      it('lists claims oldest first', async () => {
        for (const key of ['a', 'b', 'c']) await store.flag(request(key), []);
        await store.claim('b', zhang, t(1));
        await store.claim('c', li, t(2));
        await store.claim('a', li, t(3));
        assert.deepEqual(
          (await store.claimed(10)).map((c) => c.request.conversationKey),
          ['b', 'c', 'a'],
        );
        assert.equal((await store.claimed(2)).length, 2);
      });
    });

    describe('release', () => {
      beforeEach(async () => {
        await store.flag(request('a', { at: t(0) }), []);
        await store.flag(request('b', { at: t(1) }), []);
        await store.flag(request('c', { at: t(2) }), []);
        await store.claim('b', zhang, t(3));
      });

      it('puts a conversation released to the queue back at its old place', async () => {
        assert.equal(await store.release('b', zhang, 'waiting', t(4)), true);
        assert.deepEqual(await keysOf(), ['a', 'b', 'c']);
        const b = await store.get('b');
        assert.equal(b?.status, 'waiting');
        assert.equal(b?.endedAt, null);
        assert.deepEqual(await store.claimed(10), []);
      });

      for (const target of ['returned', 'closed'] as const) {
        it(`ends a conversation released as ${target}, keeping its last owner`, async () => {
          assert.equal(await store.release('b', zhang, target, t(4)), true);
          const b = await store.get('b');
          assert.equal(b?.status, target);
          assert.equal(b?.endedAt, t(4));
          assert.deepEqual(b?.staff, zhang);
          assert.deepEqual(await keysOf(), ['a', 'c']);
          assert.deepEqual(await store.claimed(10), []);
          assert.deepEqual(await store.idleClaims(t(100), 10), []);
        });
      }

      it('refuses anyone but the owner, unless forced', async () => {
        assert.equal(await store.release('b', li, 'returned', t(4)), false);
        assert.equal((await store.get('b'))?.status, 'claimed');
        assert.equal(await store.release('b', li, 'returned', t(4), true), true);
        assert.equal((await store.get('b'))?.status, 'returned');
      });

      it('refuses a conversation that is not claimed', async () => {
        assert.equal(await store.release('a', zhang, 'closed', t(4), true), false);
        assert.equal(await store.release('unknown', zhang, 'closed', t(4), true), false);
        assert.equal((await store.get('a'))?.status, 'waiting');
      });
    });

    describe('transfer and touch', () => {
      beforeEach(async () => {
        await store.flag(request('a'), []);
        await store.claim('a', zhang, t(1));
      });

      it('moves a claim to another staff member only when asked by its owner', async () => {
        assert.equal(await store.transfer('a', li, li, t(2)), false);
        assert.equal(await store.transfer('a', zhang, li, t(3)), true);
        const a = await store.get('a');
        assert.deepEqual(a?.staff, li);
        assert.equal(a?.staffActiveAt, t(3));
        assert.equal(a?.claimedAt, t(1));
        assert.equal(await store.touch('a', zhang, t(4)), false, 'the old owner lost it');
        assert.equal(await store.claim('a', li, t(5)), 'already_yours');
      });

      it('refuses to transfer a conversation nobody owns', async () => {
        await store.flag(request('b'), []);
        assert.equal(await store.transfer('b', zhang, li, t(2)), false);
        assert.equal((await store.get('b'))?.staff, null);
      });

      it("records the owner's activity and nobody else's", async () => {
        assert.equal(await store.touch('a', zhang, t(5)), true);
        assert.equal((await store.get('a'))?.staffActiveAt, t(5));
        assert.equal(await store.touch('a', li, t(6)), false);
        assert.equal(await store.touch('unknown', zhang, t(6)), false);
        assert.equal((await store.get('a'))?.staffActiveAt, t(5));
      });
    });

    describe('idle claims', () => {
      beforeEach(async () => {
        await store.flag(request('silent', { at: t(0) }), []);
        await store.flag(request('busy', { at: t(1) }), []);
        await store.flag(request('later', { at: t(2) }), []);
        await store.claim('silent', zhang, t(3));
        await store.claim('busy', li, t(3));
        await store.touch('busy', li, t(20));
      });

      it('lists claims whose owner has been silent since before the cutoff', async () => {
        assert.deepEqual(
          (await store.idleClaims(t(10), 10)).map((c) => c.request.conversationKey),
          ['silent'],
        );
        assert.equal(
          (await store.idleClaims(t(3), 10)).length,
          0,
          'silent since exactly the cutoff',
        );
      });

      it('requeues an idle claim once when two sweeps race, at its old place', async () => {
        const results = await Promise.all([
          h.instance().requeueIfIdle('silent', t(10), t(30)),
          h.instance().requeueIfIdle('silent', t(10), t(30)),
        ]);
        assert.deepEqual(results.filter(Boolean).length, 1);
        assert.deepEqual(await keysOf(), ['silent', 'later']);
        assert.equal((await store.get('silent'))?.status, 'waiting');
        assert.deepEqual(
          (await store.claimed(10)).map((c) => c.request.conversationKey),
          ['busy'],
        );
        assert.deepEqual(await store.idleClaims(t(100), 10).then((c) => c.length), 1);
      });

      it('leaves a claim whose owner spoke after the cutoff', async () => {
        assert.equal(await store.requeueIfIdle('busy', t(10), t(30)), false);
        assert.equal((await store.get('busy'))?.status, 'claimed');
        assert.equal(await store.requeueIfIdle('later', t(10), t(30)), false, 'not claimed');
      });
    });

    describe('end', () => {
      it('closes a conversation whatever its status, and takes it off every list', async () => {
        await store.flag(request('w'), []);
        await store.flag(request('c'), []);
        await store.claim('c', zhang, t(1));
        assert.equal(await store.end('w', t(2)), true);
        assert.equal(await store.end('c', t(3)), true);
        assert.deepEqual(await store.waiting(10), []);
        assert.deepEqual(await store.claimed(10), []);
        assert.deepEqual(await store.idleClaims(t(100), 10), []);
        const c = await store.get('c');
        assert.equal(c?.status, 'closed');
        assert.equal(c?.endedAt, t(3));
        assert.equal((await store.get('w'))?.endedAt, t(2));
      });

      it('keeps the time a returned case ended when the person leaves later', async () => {
        await store.flag(request('a'), []);
        await store.claim('a', zhang, t(1));
        await store.release('a', zhang, 'returned', t(2));
        assert.equal(await store.end('a', t(9)), true);
        const a = await store.get('a');
        assert.equal(a?.status, 'closed');
        assert.equal(a?.endedAt, t(2));
      });

      it('answers false for an unknown conversation', async () => {
        assert.equal(await store.end('unknown', t(1)), false);
        assert.equal(await store.get('unknown'), null);
      });
    });

    describe('transcript', () => {
      it('keeps the last entries in order, oldest first', async () => {
        await store.flag(request('a'), [line('flagged')]);
        const total = TRANSCRIPT_LIMIT + 6;
        for (let i = 0; i < total; i += 1) {
          await store.append('a', {
            at: T0,
            from: i % 2 === 0 ? 'person' : 'staff',
            text: `m${i}`,
            ...(i % 2 === 0 ? {} : { name: '张三' }),
          });
        }
        const all = await store.transcript('a', 1000);
        assert.equal(all.length, TRANSCRIPT_LIMIT);
        assert.equal(all[0]?.text, `m${total - TRANSCRIPT_LIMIT}`);
        assert.deepEqual(all.at(-1), {
          at: T0,
          from: 'staff',
          text: `m${total - 1}`,
          name: '张三',
        });
        assert.deepEqual(
          (await store.transcript('a', 3)).map((e) => e.text),
          [`m${total - 3}`, `m${total - 2}`, `m${total - 1}`],
        );
      });

      it('reads an unknown conversation as empty', async () => {
        assert.deepEqual(await store.transcript('unknown', 10), []);
      });

      it('keeps a private note marked private', async () => {
        await store.append('a', {
          at: T0,
          from: 'staff',
          name: '张三',
          text: '回访',
          private: true,
        });
        assert.deepEqual(await store.transcript('a', 1), [
          { at: T0, from: 'staff', name: '张三', text: '回访', private: true },
        ]);
      });
    });

    describe('presence', () => {
      it('shows each staff member as they said, until the entry is not renewed in time', async () => {
        await store.setPresence(zhang, 'online', T0, 60);
        await store.setPresence(li, 'busy', T0, 120);
        assert.deepEqual(await store.presence(), [
          { ...li, presence: 'busy', at: T0 },
          { ...zhang, presence: 'online', at: T0 },
        ]);
        clock.advance(61);
        assert.deepEqual(await store.presence(), [
          { ...li, presence: 'busy', at: T0 },
          { ...zhang, presence: 'away', at: T0 },
        ]);
        await store.setPresence(zhang, 'online', clock.now().toISOString(), 60);
        const renewed = (await store.presence()).find((p) => p.username === 'zhang');
        assert.equal(renewed?.presence, 'online');
      });

      it('is empty before anyone said anything', async () => {
        assert.deepEqual(await store.presence(), []);
      });
    });
  });
}
