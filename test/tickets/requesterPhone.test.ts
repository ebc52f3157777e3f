import { strict as assert } from 'node:assert';
import { TicketNotFoundError } from '../../src/core/errors';
import type { TicketStore } from '../../src/tickets/ports';
import { TICKET_STORES } from '../support/ticketStores';
import { changeRequesterPhone } from '../../src/tickets/requesterPhone';
import type { Ticket } from '../../src/tickets/ticket';
import { sampleEvent, sampleTicket } from '../support/fixtures';

const ME = 'emulator:user-1';
const NOW = new Date('2026-12-08T02:00:00.000Z');

const stores = TICKET_STORES;

for (const [where, open] of stores) {
  describe(`a requester's new phone number on their ticket (${where})`, () => {
    let store: TicketStore;
    let close: () => Promise<void>;
    const deps = () => ({ store, clock: { now: () => NOW } });

    beforeEach(() => {
      ({ store, close } = open());
    });
    afterEach(async () => {
      await close();
    });

    async function file(phone: string | undefined): Promise<Ticket> {
      const ticket = sampleTicket({
        requester: { key: ME, type: 'citizen', ...(phone === undefined ? {} : { phone }) },
      });
      await store.create(ticket, sampleEvent());
      return ticket;
    }

    it('puts the new number where departments call back, and says so in the history, masked', async () => {
      const t = await file('13812345678');
      const next = await changeRequesterPhone(deps(), t.id, ME, '13900001111');
      const stored = await store.get(t.id);
      assert.equal(stored?.requester.phone, '13900001111');
      assert.equal(stored?.version, t.version + 1);
      assert.deepEqual(next, stored);
      const event = (await store.history(t.id)).at(-1);
      assert.deepEqual(event?.data, { about: 'phone', from: '138****5678', to: '139****1111' });
      assert.ok(!JSON.stringify(event).includes('13812345678'), 'the old number is not in full');
    });

    it('gives a ticket filed without a phone its first one', async () => {
      const t = await file(undefined);
      await changeRequesterPhone(deps(), t.id, ME, '0532-88886666');
      assert.equal((await store.get(t.id))?.requester.phone, '0532-88886666');
      const event = (await store.history(t.id)).at(-1);
      assert.deepEqual(event?.data, { about: 'phone', from: null, to: '0532-****6666' });
    });

    it('records nothing when the number is the one the ticket has', async () => {
      const t = await file('13812345678');
      const before = (await store.history(t.id)).length;
      await changeRequesterPhone(deps(), t.id, ME, '13812345678');
      assert.equal((await store.history(t.id)).length, before);
      assert.equal((await store.get(t.id))?.version, t.version);
    });

    it("refuses someone else's ticket as if it did not exist", async () => {
      const t = await file('13812345678');
      await assert.rejects(
        changeRequesterPhone(deps(), t.id, 'emulator:someone-else', '13900001111'),
        TicketNotFoundError,
      );
      assert.equal((await store.get(t.id))?.requester.phone, '13812345678');
    });

    it('does not overwrite a change made in between: it reads the ticket again', async () => {
      const t = await file('13812345678');
      const racing: TicketStore = Object.create(store) as TicketStore;
      let raced = false;
      racing.transition = async (current, next, event) => {
        if (!raced) {
          raced = true;
          const moved = { ...current, updatedAt: NOW.toISOString(), version: current.version + 1 };
          await store.transition(current, moved, sampleEvent({ type: 'note', note: 'other' }));
        }
        return store.transition(current, next, event);
      };
      await changeRequesterPhone(
        { store: racing, clock: { now: () => NOW } },
        t.id,
        ME,
        '13900001111',
      );
      const stored = await store.get(t.id);
      assert.deepEqual([stored?.requester.phone, stored?.version], ['13900001111', t.version + 2]);
    });
  });
}
