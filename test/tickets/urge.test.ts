import { strict as assert } from 'node:assert';
import type { TicketStore } from '../../src/tickets/ports';
import { TICKET_STORES } from '../support/ticketStores';
import type { Ticket } from '../../src/tickets/ticket';
import {
  TicketUrges,
  URGE_INTERVAL_MS,
  type UrgeDesk,
  type UrgeNotice,
} from '../../src/tickets/urge';
import { sampleEvent, sampleTicket } from '../support/fixtures';

const ME = 'emulator:user-1';
const NOW = Date.parse('2026-12-01T02:00:00.000Z');
const HOUR = 3600_000;

/** Keeps what it was told; fails while `down`. */
class RecordingDesk implements UrgeDesk {
  readonly told: UrgeNotice[] = [];
  down = false;
  async urge(notice: UrgeNotice): Promise<void> {
    if (this.down) throw new Error('feed unreachable');
    this.told.push(notice);
  }
}

const stores = TICKET_STORES;

for (const [where, open] of stores) {
  describe(`催办: a requester urges their open ticket (${where})`, () => {
    let store: TicketStore;
    let close: () => Promise<void>;
    let desk: RecordingDesk;
    let now: number;
    let urges: TicketUrges;

    beforeEach(() => {
      ({ store, close } = open());
      desk = new RecordingDesk();
      now = NOW;
      urges = new TicketUrges({ store, clock: { now: () => new Date(now) }, desk });
    });
    afterEach(async () => {
      await close();
    });

    /** A ticket of `requester`, filed `seq` hours after midnight on 28 November. */
    async function file(seq: number, overrides: Partial<Ticket> = {}): Promise<Ticket> {
      const createdAt = new Date(Date.parse('2026-11-28T00:00:00.000Z') + seq * HOUR);
      const ticket = sampleTicket({
        id: `QD20261128-${String(seq).padStart(6, '0')}`,
        createdAt: createdAt.toISOString(),
        updatedAt: createdAt.toISOString(),
        ...overrides,
      });
      await store.create(ticket, sampleEvent({ at: createdAt.toISOString() }));
      return ticket;
    }

    async function urgeEvents(id: string) {
      return (await store.history(id)).filter((e) => e.data?.about === 'urge');
    }

    it('records the urge on the ticket and tells its department, yellow while on time', async () => {
      const t = await file(1);
      const result = await urges.urge(ME, null);
      assert.equal(result.outcome, 'urged');
      assert.equal(result.ticket.id, t.id);
      const notice: UrgeNotice = {
        ticketId: t.id,
        department: 'housing',
        level: 'yellow',
        dueAt: t.dueAt,
        at: new Date(NOW).toISOString(),
      };
      assert.deepEqual(desk.told, [notice]);
      assert.deepEqual(await urgeEvents(t.id), [
        {
          at: new Date(NOW).toISOString(),
          actor: { kind: 'requester', id: ME, role: 'requester' },
          type: 'note',
          note: '市民催办',
          data: { about: 'urge', level: 'yellow', department: 'housing', dueAt: t.dueAt },
        },
      ]);
      assert.equal((await store.get(t.id))?.version, 1);
    });

    it('records nothing for a second urge within 24 hours, and says when the first was', async () => {
      const t = await file(1);
      await urges.urge(ME, null);
      now = NOW + URGE_INTERVAL_MS - 1000;
      const again = await urges.urge(ME, t.id);
      assert.equal(again.outcome, 'already_urged');
      assert.equal(again.notice.at, new Date(NOW).toISOString());
      assert.equal((await urgeEvents(t.id)).length, 1);
      assert.equal(desk.told.length, 2, 'the same notice, told again: the feed keeps it once');
      assert.deepEqual(desk.told[1], desk.told[0]);
    });

    it('records a new urge once 24 hours have passed', async () => {
      const t = await file(1);
      await urges.urge(ME, null);
      now = NOW + URGE_INTERVAL_MS;
      const again = await urges.urge(ME, null);
      assert.equal(again.outcome, 'urged');
      assert.equal((await urgeEvents(t.id)).length, 2);
    });

    it("refuses someone else's ticket exactly like an unknown number, recording nothing", async () => {
      const theirs = await file(1, {
        requester: { key: 'emulator:someone-else', type: 'citizen' },
      });
      assert.deepEqual(await urges.urge(ME, theirs.id), { outcome: 'not_found', id: theirs.id });
      assert.deepEqual(await urges.urge(ME, 'QD20261128-999999'), {
        outcome: 'not_found',
        id: 'QD20261128-999999',
      });
      assert.deepEqual(await urgeEvents(theirs.id), []);
      assert.deepEqual(desk.told, []);
    });

    it('refuses a closed ticket, and finds nothing to urge when all are closed', async () => {
      const closed = await file(1, { status: 'closed' });
      const named = await urges.urge(ME, closed.id);
      assert.equal(named.outcome, 'closed');
      assert.deepEqual(await urges.urge(ME, null), { outcome: 'none' });
      assert.deepEqual(await urgeEvents(closed.id), []);
      assert.deepEqual(desk.told, []);
    });

    it('does not urge an answered ticket waiting for its rating', async () => {
      const answered = await file(1, { status: 'replied' });
      assert.equal((await urges.urge(ME, null)).outcome, 'answered');
      assert.equal((await urges.urge(ME, answered.id)).outcome, 'answered');
      assert.deepEqual(desk.told, []);
    });

    it('urges the most recent of several open tickets and names the others', async () => {
      const older = await file(1);
      const newer = await file(2);
      await file(3, { status: 'closed' });
      const result = await urges.urge(ME, null);
      assert.equal(result.outcome, 'urged');
      assert.equal(result.ticket.id, newer.id);
      assert.deepEqual(
        result.others.map((t) => t.id),
        [older.id],
      );
      const named = await urges.urge(ME, older.id);
      assert.equal(named.outcome, 'urged');
      assert.equal(named.ticket.id, older.id);
    });

    it('is red when the ticket is past a time limit or already under 督办', async () => {
      const late = await file(1, { dueAt: new Date(NOW - HOUR).toISOString() });
      const supervised = await file(2, { supervised: true });
      await urges.urge(ME, late.id);
      await urges.urge(ME, supervised.id);
      assert.deepEqual(
        desk.told.map((n) => [n.ticketId, n.level]),
        [
          [late.id, 'red'],
          [supervised.id, 'red'],
        ],
      );
    });

    it('tells the duty desk while no department has the ticket', async () => {
      await file(1, { status: 'received', leadDepartment: null });
      const result = await urges.urge(ME, null);
      assert.equal(result.outcome, 'urged');
      assert.equal(desk.told[0]?.department, null);
    });

    it('keeps an urge the feed missed, says so, and tells the feed again when urged again', async () => {
      const t = await file(1);
      desk.down = true;
      const first = await urges.urge(ME, null);
      assert.equal(first.outcome, 'urged');
      assert.equal(first.notified, false);
      assert.equal((await urgeEvents(t.id)).length, 1);
      desk.down = false;
      now = NOW + HOUR;
      const again = await urges.urge(ME, null);
      assert.equal(again.outcome, 'already_urged');
      assert.equal(again.notified, true);
      assert.equal(desk.told[0]?.at, new Date(NOW).toISOString());
    });

    it('records one urge of two sent at once', async () => {
      const t = await file(1);
      const results = await Promise.all([urges.urge(ME, null), urges.urge(ME, null)]);
      assert.deepEqual(results.map((r) => r.outcome).sort(), ['already_urged', 'urged']);
      assert.equal((await urgeEvents(t.id)).length, 1);
    });
  });
}
