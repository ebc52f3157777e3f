import { strict as assert } from 'node:assert';
import type { TicketStore } from '../../src/tickets/ports';
import type { Ticket, TicketEvent } from '../../src/tickets/ticket';
import { sampleEvent, sampleTicket } from '../support/fixtures';

export interface StoreHarness {
  store: TicketStore;
  close(): Promise<void>;
}

/** The behaviour every TicketStore adapter must have; run against Redis and memory alike. */
export function ticketStoreContract(name: string, open: () => Promise<StoreHarness>): void {
  describe(`${name} TicketStore contract`, () => {
    let h: StoreHarness;
    beforeEach(async () => {
      h = await open();
    });
    afterEach(async () => {
      await h.close();
    });

    it('numbers each day from 1, independently per date', async () => {
      assert.equal(await h.store.nextSequence('20261128'), 1);
      assert.equal(await h.store.nextSequence('20261128'), 2);
      assert.equal(await h.store.nextSequence('20261129'), 1);
      assert.equal(await h.store.nextSequence('20261128'), 3);
    });

    it('hands out distinct numbers to concurrent callers', async () => {
      const nums = await Promise.all(
        Array.from({ length: 50 }, () => h.store.nextSequence('20261130')),
      );
      assert.deepEqual(
        [...nums].sort((a, b) => a - b),
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
    });

    it('numbers above the highest ticket stored for the day, even one it did not number', async () => {
      await h.store.create(sampleTicket({ id: 'QD20261128-000005' }), sampleEvent());
      assert.equal(await h.store.nextSequence('20261128'), 6);
      assert.equal(await h.store.nextSequence('20261129'), 1);
    });

    it('numbers above the floor a caller has seen issued, and on from there', async () => {
      assert.equal(await h.store.nextSequence('20261128'), 1);
      assert.equal(await h.store.nextSequence('20261128', 10), 11);
      assert.equal(await h.store.nextSequence('20261128'), 12);
      assert.equal(await h.store.nextSequence('20261128', 3), 13);
    });

    it('reads back a created ticket field for field, with its first history event', async () => {
      const t = sampleTicket();
      const res = await h.store.create(t, sampleEvent());
      assert.equal(res.created, true);
      assert.deepEqual(await h.store.get(t.id), t);
      assert.deepEqual(await h.store.history(t.id), [sampleEvent()]);
    });

    it('keeps null district and location as null', async () => {
      const t = sampleTicket({ district: null, location: null });
      await h.store.create(t, sampleEvent());
      const back = await h.store.get(t.id);
      assert.equal(back?.district, null);
      assert.equal(back?.location, null);
    });

    it('returns null for an unknown ticket and an empty history', async () => {
      assert.equal(await h.store.get('QD20260101-999999'), null);
      assert.deepEqual(await h.store.history('QD20260101-999999'), []);
    });

    it('refuses to overwrite an existing ticket id', async () => {
      await h.store.create(sampleTicket(), sampleEvent());
      await assert.rejects(h.store.create(sampleTicket({ text: 'other' }), sampleEvent()), {
        code: 'TICKET_EXISTS',
      });
      assert.equal((await h.store.get(sampleTicket().id))?.text, sampleTicket().text);
    });

    it('creates one ticket for one dedupe key and returns it to the second caller', async () => {
      const first = sampleTicket({ id: 'QD20261128-000010' });
      const second = sampleTicket({ id: 'QD20261128-000011' });
      const [a, b] = await Promise.all([
        h.store.create(first, sampleEvent(), 'activity:abc'),
        h.store.create(second, sampleEvent(), 'activity:abc'),
      ]);
      assert.deepEqual([a.created, b.created].sort(), [false, true]);
      assert.equal(a.ticket.id, b.ticket.id);
      const winner = a.created ? first.id : second.id;
      const loser = a.created ? second.id : first.id;
      assert.equal(await h.store.findByDedupeKey('activity:abc'), winner);
      assert.equal(await h.store.get(loser), null);
      assert.deepEqual(await h.store.history(loser), [], 'nothing of the second ticket is left');
    });

    it('appends history events in order and moves updatedAt', async () => {
      const t = sampleTicket();
      await h.store.create(t, sampleEvent());
      const note = sampleEvent({
        at: '2026-11-28T03:00:00.000Z',
        type: 'note',
        actor: { kind: 'staff', id: 'staff-7', department: 'housing' },
        note: 'called the property company',
      });
      await h.store.appendEvent(t.id, note);
      assert.deepEqual(await h.store.history(t.id), [sampleEvent(), note]);
      assert.equal((await h.store.get(t.id))?.updatedAt, '2026-11-28T03:00:00.000Z');
    });

    it('refuses to append to an unknown ticket with TICKET_NOT_FOUND', async () => {
      await assert.rejects(h.store.appendEvent('QD20260101-000404', sampleEvent()), {
        code: 'TICKET_NOT_FOUND',
      });
      assert.deepEqual(await h.store.history('QD20260101-000404'), []);
    });

    it("lists a requester's tickets newest first and only theirs", async () => {
      await h.store.create(
        sampleTicket({ id: 'QD20261127-000001', createdAt: '2026-11-27T01:00:00.000Z' }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({ id: 'QD20261128-000002', createdAt: '2026-11-28T01:00:00.000Z' }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({
          id: 'QD20261128-000003',
          requester: { key: 'emulator:someone-else', type: 'citizen' },
        }),
        sampleEvent(),
      );
      const mine = await h.store.listByRequester('emulator:user-1', 10);
      assert.deepEqual(
        mine.map((t) => t.id),
        ['QD20261128-000002', 'QD20261127-000001'],
      );
      assert.deepEqual(
        (await h.store.listByRequester('emulator:user-1', 1)).map((t) => t.id),
        ['QD20261128-000002'],
      );
    });

    it("lists an organisation's tickets filed by any member, newest first, and no one else's", async () => {
      const member = (key: string, organization?: string) => ({
        key,
        type: 'enterprise' as const,
        ...(organization === undefined ? {} : { organization }),
      });
      await h.store.create(
        sampleTicket({
          id: 'QD20261127-000001',
          createdAt: '2026-11-27T01:00:00.000Z',
          requester: member('msteams:alice', 'msteams:tenant-a'),
        }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({
          id: 'QD20261128-000002',
          createdAt: '2026-11-28T01:00:00.000Z',
          requester: member('msteams:bob', 'msteams:tenant-a'),
        }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({ id: 'QD20261128-000003', requester: member('msteams:carol', 'msteams:b') }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({ id: 'QD20261128-000004', requester: member('msteams:alice') }),
        sampleEvent(),
      );
      assert.deepEqual(
        (await h.store.listByOrganization('msteams:tenant-a', 10)).map((t) => t.id),
        ['QD20261128-000002', 'QD20261127-000001'],
      );
      assert.deepEqual(
        (await h.store.listByOrganization('msteams:tenant-a', 1)).map((t) => t.id),
        ['QD20261128-000002'],
      );
      assert.deepEqual(await h.store.listByOrganization('msteams:nobody', 10), []);
    });

    it("lists a department's open tickets by earliest due", async () => {
      await h.store.create(
        sampleTicket({ id: 'QD20261128-000021', dueAt: '2026-12-09T09:30:00.000Z' }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({ id: 'QD20261128-000022', dueAt: '2026-12-01T09:30:00.000Z' }),
        sampleEvent(),
      );
      await h.store.create(
        sampleTicket({ id: 'QD20261128-000023', leadDepartment: 'urban' }),
        sampleEvent(),
      );
      assert.deepEqual(
        (await h.store.listOpenByDepartment('housing', 10)).map((t) => t.id),
        ['QD20261128-000022', 'QD20261128-000021'],
      );
      assert.deepEqual(
        (await h.store.listOpenByDepartment('urban', 10)).map((t) => t.id),
        ['QD20261128-000023'],
      );
    });

    describe('transition', () => {
      const step = (overrides: Partial<TicketEvent> = {}): TicketEvent =>
        sampleEvent({
          at: '2026-11-28T03:00:00.000Z',
          type: 'accept',
          actor: { kind: 'staff', id: 'tok-1', role: 'department', department: 'housing' },
          ...overrides,
        });

      it('writes the next state and appends the event, keeping the history before it', async () => {
        const t = sampleTicket();
        await h.store.create(t, sampleEvent());
        const next = { ...t, status: 'accepted' as const, version: 1, updatedAt: step().at };
        await h.store.transition(t, next, step());
        assert.deepEqual(await h.store.get(t.id), next);
        assert.deepEqual(await h.store.history(t.id), [sampleEvent(), step()]);
      });

      it("keeps a closed ticket in its organisation's list", async () => {
        const requester = {
          key: 'msteams:a',
          type: 'enterprise' as const,
          organization: 'msteams:t',
        };
        const t = sampleTicket({ requester });
        await h.store.create(t, sampleEvent());
        const closed = { ...t, status: 'closed' as const, version: 1, updatedAt: step().at };
        await h.store.transition(t, closed, step({ type: 'close' }));
        assert.deepEqual(
          (await h.store.listByOrganization('msteams:t', 10)).map((x) => [x.id, x.status]),
          [[t.id, 'closed']],
        );
      });

      it('refuses a write at a stale version and changes nothing', async () => {
        const t = sampleTicket();
        await h.store.create(t, sampleEvent());
        const accepted = { ...t, status: 'accepted' as const, version: 1 };
        await h.store.transition(t, accepted, step());
        const stale = { ...t, status: 'transfer_requested' as const, version: 1 };
        await assert.rejects(h.store.transition(t, stale, step({ type: 'request_transfer' })), {
          code: 'TICKET_VERSION_CONFLICT',
        });
        assert.equal((await h.store.get(t.id))?.status, 'accepted');
        assert.equal((await h.store.history(t.id)).length, 2);
      });

      it('lets exactly one of two concurrent writers at the same version win', async () => {
        const t = sampleTicket();
        await h.store.create(t, sampleEvent());
        const results = await Promise.allSettled([
          h.store.transition(t, { ...t, status: 'accepted', version: 1 }, step({ note: 'a' })),
          h.store.transition(t, { ...t, status: 'accepted', version: 1 }, step({ note: 'b' })),
        ]);
        assert.deepEqual(results.map((r) => r.status).sort(), ['fulfilled', 'rejected']);
        assert.equal((await h.store.history(t.id)).length, 2);
      });

      it('refuses an unknown ticket with TICKET_NOT_FOUND', async () => {
        const t = sampleTicket({ id: 'QD20260101-000404' });
        await assert.rejects(h.store.transition(t, { ...t, version: 1 }, step()), {
          code: 'TICKET_NOT_FOUND',
        });
        assert.equal(await h.store.get(t.id), null);
      });

      it("moves a transferred ticket from the old lead's open list to the new lead's", async () => {
        const t = sampleTicket();
        await h.store.create(t, sampleEvent());
        const moved = { ...t, leadDepartment: 'urban', version: 1 };
        await h.store.transition(t, moved, step({ type: 'approve_transfer' }));
        assert.deepEqual(await h.store.listOpenByDepartment('housing', 10), []);
        assert.deepEqual(
          (await h.store.listOpenByDepartment('urban', 10)).map((x) => x.id),
          [t.id],
        );
      });

      it('takes a closed ticket off the open lists but keeps it listed', async () => {
        const t = sampleTicket();
        await h.store.create(t, sampleEvent());
        const closed = { ...t, status: 'closed' as const, version: 1 };
        await h.store.transition(t, closed, step({ type: 'close' }));
        assert.deepEqual(await h.store.listOpenByDepartment('housing', 10), []);
        const page = await h.store.page({ kind: 'department', department: 'housing' }, 0, 10);
        assert.deepEqual(
          page.tickets.map((x) => x.status),
          ['closed'],
        );
      });
    });

    describe('page', () => {
      async function seed(): Promise<void> {
        for (let i = 1; i <= 5; i++) {
          await h.store.create(
            sampleTicket({
              id: `QD20261128-00000${i}`,
              createdAt: `2026-11-28T0${i}:00:00.000Z`,
              ...(i === 5 ? { leadDepartment: 'urban', firstContactDepartment: 'urban' } : {}),
            }),
            sampleEvent(),
          );
        }
      }

      it('pages through every ticket newest first and ends with a null cursor', async () => {
        await seed();
        const first = await h.store.page({ kind: 'all' }, 0, 2);
        assert.deepEqual(
          first.tickets.map((t) => t.id),
          ['QD20261128-000005', 'QD20261128-000004'],
        );
        assert.notEqual(first.next, null);
        const ids: string[] = [];
        let cursor: number | null = 0;
        while (cursor !== null) {
          const page = await h.store.page({ kind: 'all' }, cursor, 2);
          ids.push(...page.tickets.map((t) => t.id));
          cursor = page.next;
        }
        assert.equal(ids.length, 5);
        assert.equal(new Set(ids).size, 5);
      });

      it('pages across more filing days than it sizes at once, newest first, none twice', async () => {
        const ids: string[] = [];
        for (let day = 1; day <= 10; day++) {
          for (const n of day % 3 === 0 ? [] : [1, 2]) {
            const d = String(day).padStart(2, '0');
            const id = `QD202611${d}-00000${n}`;
            ids.push(id);
            await h.store.create(
              sampleTicket({ id, createdAt: `2026-11-${d}T0${n}:00:00.000Z` }),
              sampleEvent(),
            );
          }
        }
        const seen: string[] = [];
        let cursor: number | null = 0;
        while (cursor !== null) {
          const page = await h.store.page({ kind: 'all' }, cursor, 3);
          seen.push(...page.tickets.map((t) => t.id));
          cursor = page.next;
        }
        assert.deepEqual(seen, [...ids].reverse());
      });

      it('lists for a department what it leads, co-handles or first took', async () => {
        await seed();
        const t = sampleTicket({ id: 'QD20261128-000002', createdAt: '2026-11-28T02:00:00.000Z' });
        const coHandled = {
          ...t,
          coDepartments: [{ department: 'urban', status: 'assigned' as const }],
          version: 1,
        };
        await h.store.transition(t, coHandled, sampleEvent({ type: 'add_co_departments' }));
        const urban = await h.store.page({ kind: 'department', department: 'urban' }, 0, 10);
        assert.deepEqual(
          urban.tickets.map((x) => x.id),
          ['QD20261128-000005', 'QD20261128-000002'],
        );
        assert.equal(urban.next, null);
        const housing = await h.store.page({ kind: 'department', department: 'housing' }, 0, 10);
        assert.equal(housing.tickets.length, 4);
      });
    });

    describe('duplicates (并单)', () => {
      const HOUR = 3600_000;
      const T = Date.parse('2026-11-28T02:00:00.000Z');
      const filed = (seq: number, hours: number, overrides: Partial<Ticket> = {}) =>
        sampleTicket({
          id: `QD20261128-${String(seq).padStart(6, '0')}`,
          createdAt: new Date(T + hours * HOUR).toISOString(),
          ...overrides,
        });

      it('finds open tickets of a department and district filed since a moment, newest first', async () => {
        await h.store.create(filed(1, 0), sampleEvent());
        await h.store.create(filed(2, 10), sampleEvent());
        await h.store.create(filed(3, 20, { district: 'shibei' }), sampleEvent());
        await h.store.create(filed(4, 30, { leadDepartment: 'urban' }), sampleEvent());
        await h.store.create(filed(5, 40, { status: 'closed' }), sampleEvent());
        await h.store.create(filed(6, 50, { district: null }), sampleEvent());
        // Earliest moment first: a read may drop what is older than its moment from the index.
        const all = await h.store.recentByPlace('housing', 'shinan', T, 10);
        assert.deepEqual(
          all.map((t) => t.id),
          ['QD20261128-000002', 'QD20261128-000001'],
        );
        const found = await h.store.recentByPlace('housing', 'shinan', T + 5 * HOUR, 10);
        assert.deepEqual(
          found.map((t) => t.id),
          ['QD20261128-000002'],
        );
      });

      it('drops a ticket from the place index when it closes, and moves it with its lead', async () => {
        const t = filed(1, 0);
        await h.store.create(t, sampleEvent());
        const moved = { ...t, leadDepartment: 'urban', version: 1 };
        await h.store.transition(t, moved, sampleEvent({ type: 'approve_transfer' }));
        assert.equal((await h.store.recentByPlace('housing', 'shinan', T, 10)).length, 0);
        assert.equal((await h.store.recentByPlace('urban', 'shinan', T, 10)).length, 1);
        await h.store.transition(moved, { ...moved, status: 'closed', version: 2 }, sampleEvent());
        assert.equal((await h.store.recentByPlace('urban', 'shinan', T, 10)).length, 0);
      });

      it('reads the earliest open tickets too when more than the newest asked for are open', async () => {
        for (let i = 1; i <= 6; i++) await h.store.create(filed(i, i), sampleEvent());
        const ids = async (limit: number, oldest: number) =>
          (await h.store.recentByPlace('housing', 'shinan', T, limit, oldest)).map((t) =>
            Number(t.id.slice(-6)),
          );
        assert.deepEqual(await ids(3, 2), [6, 5, 4, 1, 2]);
        assert.deepEqual(await ids(5, 3), [6, 5, 4, 3, 2, 1]);
        assert.deepEqual(await ids(10, 3), [6, 5, 4, 3, 2, 1]);
        assert.deepEqual(await ids(3, 0), [6, 5, 4]);
      });

      it('reads a report as it is now each time, not as an earlier read found it', async () => {
        const a = filed(1, 0);
        const b = filed(2, 1);
        await h.store.create(a, sampleEvent());
        await h.store.create(b, sampleEvent());
        const read = async () =>
          (await h.store.recentByPlace('housing', 'shinan', T, 10)).find((c) => c.id === b.id);
        assert.deepEqual((await read())?.links, []);
        const links = [{ ticketId: a.id, kind: 'duplicate_of' as const, score: 0.4 }];
        await h.store.relink({ current: b, links, event: sampleEvent({ type: 'link' }) });
        assert.deepEqual((await read())?.links, links);
        await h.store.relink({
          current: { ...b, links, version: 1 },
          links: [],
          event: sampleEvent({ type: 'unlink' }),
        });
        assert.deepEqual((await read())?.links, []);
      });

      it("writes one ticket's links with an event, one version on, only at the version read", async () => {
        const a = filed(1, 0);
        const b = filed(2, 1);
        await h.store.create(a, sampleEvent());
        await h.store.create(b, sampleEvent());
        const at = new Date(T + 2 * HOUR).toISOString();
        const links = [{ ticketId: a.id, kind: 'duplicate_of' as const, score: 0.4 }];
        await h.store.relink({ current: b, links, event: sampleEvent({ at, type: 'link' }) });
        const b2 = await h.store.get(b.id);
        assert.deepEqual(b2?.links, links);
        assert.equal(b2?.version, 1);
        assert.equal(b2?.updatedAt, at);
        assert.deepEqual(
          (await h.store.history(b.id)).map((e) => e.type),
          ['created', 'link'],
        );
        // Decided on the ticket as read before: refused, nothing written.
        await assert.rejects(
          h.store.relink({ current: b, links: [], event: sampleEvent({ type: 'unlink' }) }),
          { code: 'TICKET_VERSION_CONFLICT' },
        );
        assert.deepEqual((await h.store.get(b.id))?.links, links);
        assert.equal((await h.store.history(b.id)).length, 2);
        await assert.rejects(
          h.store.relink({ current: filed(9, 0), links, event: sampleEvent() }),
          { code: 'TICKET_NOT_FOUND' },
        );
      });

      describe('the report a burst repeats', () => {
        const by = (seq: number) => ({
          ticketId: `QD20261128-${String(100 + seq).padStart(6, '0')}`,
          kind: 'duplicated_by' as const,
          score: 0.375,
        });
        const linkEvent = (seq: number) =>
          sampleEvent({
            type: 'link',
            at: new Date(T + seq * 1000).toISOString(),
            data: { ...by(seq) },
          });

        it('counts every report linked at once and lists the first ones, without conflicts', async () => {
          const a = filed(1, 0);
          await h.store.create(a, sampleEvent());
          const added = await Promise.all(
            Array.from({ length: 30 }, (_, i) =>
              h.store.addDuplicate(a.id, by(i), linkEvent(i), 4),
            ),
          );
          const counts = added.map((r) => (r.ok ? r.reports : 0)).sort((x, y) => x - y);
          assert.deepEqual(
            counts,
            Array.from({ length: 30 }, (_, i) => i + 1),
          );
          assert.ok(
            added.every((r) => r.ok && !r.proposed),
            'added.every((r) => r.ok && !r.proposed)',
          );
          const stored = await h.store.get(a.id);
          assert.equal(stored?.duplicateReports, 30);
          assert.equal(stored?.version, 30, 'a lifecycle step read before is refused');
          assert.equal(stored?.links.length, 4);
          const history = await h.store.history(a.id);
          const links = history.filter((e) => e.type === 'link');
          assert.equal(links.length, 30);
          assert.deepEqual(
            links.map((e) => e.data?.reports).sort((x, y) => Number(x) - Number(y)),
            counts,
            'each link event records the count it made',
          );
          for (const e of links) {
            const seq = Number(String(e.data?.ticketId).slice(-6)) - 100;
            assert.deepEqual(e.data, { ...by(seq), reports: e.data?.reports });
          }
        });

        it("refuses a closed or missing report, and counts on from an older ticket's list", async () => {
          const closed = filed(1, 0, { status: 'closed' });
          await h.store.create(closed, sampleEvent());
          assert.deepEqual(await h.store.addDuplicate(closed.id, by(1), linkEvent(1), 20), {
            ok: false,
            reason: 'closed',
          });
          assert.deepEqual(await h.store.addDuplicate(filed(9, 0).id, by(1), linkEvent(1), 20), {
            ok: false,
            reason: 'not_found',
          });
          assert.equal((await h.store.history(closed.id)).length, 1);
          // Written before the count: its two listed links are its count.
          const older = filed(2, 0, { links: [by(1), by(2)] });
          await h.store.create(older, sampleEvent());
          assert.equal((await h.store.get(older.id))?.duplicateReports, undefined);
          const added = await h.store.addDuplicate(older.id, by(3), linkEvent(3), 20);
          assert.deepEqual(added, { ok: true, reports: 3, proposed: false });
          assert.deepEqual((await h.store.get(older.id))?.links, [by(1), by(2), by(3)]);
        });

        it('refuses a report no longer at the place the caller found it, writing nothing', async () => {
          const here = { department: 'housing', district: 'shinan' };
          const a = filed(1, 0);
          await h.store.create(a, sampleEvent());
          assert.deepEqual(await h.store.addDuplicate(a.id, by(1), linkEvent(1), 20, here), {
            ok: true,
            reports: 1,
            proposed: false,
          });
          for (const [name, place] of [
            ['another department', { ...here, department: 'urban' }],
            ['another district', { ...here, district: 'laoshan' }],
          ] as const) {
            assert.deepEqual(
              await h.store.addDuplicate(a.id, by(2), linkEvent(2), 20, place),
              { ok: false, reason: 'moved' },
              name,
            );
          }
          // Not yet dispatched: the first contact counts, then the model's department.
          const b = filed(2, 0, { leadDepartment: null });
          const c = filed(3, 0, {
            leadDepartment: null,
            firstContactDepartment: '',
            classification: { ...sampleTicket().classification, department: 'urban' },
          });
          for (const t of [b, c]) await h.store.create(t, sampleEvent());
          assert.equal((await h.store.addDuplicate(b.id, by(1), linkEvent(1), 20, here)).ok, true);
          assert.deepEqual(await h.store.addDuplicate(c.id, by(1), linkEvent(1), 20, here), {
            ok: false,
            reason: 'moved',
          });
          const urban = { ...here, department: 'urban' };
          assert.equal((await h.store.addDuplicate(c.id, by(1), linkEvent(1), 20, urban)).ok, true);
          assert.equal((await h.store.get(a.id))?.duplicateReports, 1);
          assert.equal((await h.store.history(a.id)).length, 2);
        });

        it('takes a report off: listed, or counted past the list; nothing when neither', async () => {
          const a = filed(1, 0);
          await h.store.create(a, sampleEvent());
          for (let i = 1; i <= 3; i++) await h.store.addDuplicate(a.id, by(i), linkEvent(i), 2);
          const unlink = sampleEvent({ type: 'unlink' });
          assert.equal(await h.store.removeDuplicate(a.id, by(1).ticketId, false, unlink), 2);
          let stored = await h.store.get(a.id);
          assert.deepEqual(stored?.links, [by(2)]);
          assert.equal(stored?.version, 4);
          assert.equal(await h.store.removeDuplicate(a.id, by(3).ticketId, false, unlink), null);
          assert.equal(await h.store.removeDuplicate(a.id, by(3).ticketId, true, unlink), 1);
          stored = await h.store.get(a.id);
          assert.deepEqual(stored?.links, [by(2)]);
          assert.equal(stored?.duplicateReports, 1);
          assert.equal(await h.store.removeDuplicate(a.id, by(2).ticketId, false, unlink), 0);
          assert.deepEqual((await h.store.get(a.id))?.links, []);
          assert.deepEqual(
            (await h.store.history(a.id)).map((e) => e.type),
            ['created', 'link', 'link', 'link', 'unlink', 'unlink', 'unlink'],
          );
          await assert.rejects(h.store.removeDuplicate(filed(9, 0).id, 'x', true, unlink), {
            code: 'TICKET_NOT_FOUND',
          });
        });

        it('marks a ticket proposed for 顶格协调 once, and never a closed one', async () => {
          const a = filed(1, 0);
          const closed = filed(2, 0, { status: 'closed' });
          await h.store.create(a, sampleEvent());
          await h.store.create(closed, sampleEvent());
          const at = new Date(T + HOUR).toISOString();
          const proposal = { trigger: 'hotspot' as const, at };
          const event = sampleEvent({ type: 'propose_coordination', at });
          const marked = await Promise.all(
            [1, 2, 3].map(() => h.store.proposeCoordination(a.id, proposal, event)),
          );
          assert.deepEqual(marked.sort(), [false, false, true]);
          const stored = await h.store.get(a.id);
          assert.deepEqual(stored?.coordinationProposal, proposal);
          assert.equal(stored?.version, 1);
          assert.equal(stored?.updatedAt, at);
          assert.deepEqual(
            (await h.store.history(a.id)).map((e) => e.type),
            ['created', 'propose_coordination'],
          );
          const added = await h.store.addDuplicate(a.id, by(1), sampleEvent({ type: 'link' }), 20);
          assert.deepEqual(added, { ok: true, reports: 1, proposed: true });
          assert.equal(await h.store.proposeCoordination(closed.id, proposal, event), false);
          assert.equal((await h.store.get(closed.id))?.coordinationProposal, null);
          await assert.rejects(h.store.proposeCoordination(filed(9, 0).id, proposal, event), {
            code: 'TICKET_NOT_FOUND',
          });
        });
      });
    });
  });
}
