import { strict as assert } from 'node:assert';
import type { HandoffRequest, HandoffStore } from '../../src/handoff/types';

export interface HandoffHarness {
  store: HandoffStore;
  close(): Promise<void>;
}

function request(conversationKey: string, overrides: Partial<HandoffRequest> = {}): HandoffRequest {
  return {
    conversationKey,
    conversation: { channelId: 'webchat', conversationId: conversationKey, reference: {} },
    reason: 'human_requested',
    emergencyKind: null,
    lang: 'zh',
    at: '2026-11-28T02:00:00.000Z',
    ticketId: null,
    ...overrides,
  };
}

export function handoffStoreContract(name: string, open: () => Promise<HandoffHarness>): void {
  describe(`${name} HandoffStore contract`, () => {
    let h: HandoffHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('puts emergencies ahead of older ordinary requests', async () => {
      await h.store.flag(request('a', { at: '2026-11-28T01:00:00.000Z' }));
      await h.store.flag(request('b', { at: '2026-11-28T01:30:00.000Z' }));
      await h.store.flag(
        request('c', {
          at: '2026-11-28T02:00:00.000Z',
          reason: 'emergency',
          emergencyKind: 'fire',
        }),
      );
      assert.deepEqual(
        (await h.store.waiting(10)).map((r) => r.conversationKey),
        ['c', 'a', 'b'],
      );
    });

    it('keeps one entry per conversation and reads it back whole', async () => {
      await h.store.flag(request('a', { ticketId: null }));
      await h.store.flag(request('a', { ticketId: 'QD20261128-000001', reason: 'unsure' }));
      const waiting = await h.store.waiting(10);
      assert.deepEqual(waiting, [
        request('a', { ticketId: 'QD20261128-000001', reason: 'unsure' }),
      ]);
    });

    it('does not let a later ordinary flag demote an emergency', async () => {
      await h.store.flag(request('a', { reason: 'emergency', emergencyKind: 'medical' }));
      await h.store.flag(request('b', { at: '2026-11-28T00:00:00.000Z' }));
      await h.store.flag(request('a', { at: '2026-11-28T03:00:00.000Z' }));
      const waiting = await h.store.waiting(10);
      assert.equal(waiting[0]?.conversationKey, 'a');
      assert.equal(waiting[0]?.reason, 'emergency');
      assert.equal(waiting[0]?.emergencyKind, 'medical');
    });
  });
}
