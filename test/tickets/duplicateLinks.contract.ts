import { strict as assert } from 'node:assert';
import type { Clock } from '../../src/core/clock';
import { SupervisorDesk } from '../../src/supervision/proposals';
import { SUPERVISORS_AUDIENCE, type NotificationStore } from '../../src/supervision/ports';
import { DuplicateLinker, type DuplicateLinkerDeps } from '../../src/tickets/duplicateLinker';
import { LISTED_DUPLICATES, linkedReports } from '../../src/tickets/duplicates';
import type { TicketStore } from '../../src/tickets/ports';
import { simpleSla } from '../../src/tickets/sla';
import type { Ticket } from '../../src/tickets/ticket';
import {
  TicketService,
  type NewTicketInput,
  type StaffActor,
} from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { sampleTicket } from '../support/fixtures';

/** Two instances' view of one shared store: separate connections for Redis. */
export interface DuplicatesHarness {
  instances: [
    { store: TicketStore; notifications: NotificationStore },
    { store: TicketStore; notifications: NotificationStore },
  ];
  close(): Promise<void>;
}

const T0 = Date.parse('2026-11-30T01:00:00.000Z');
const HOUR = 3600_000;
const THRESHOLD = 3;
const LIGHT = '香港中路和南京路路口的红绿灯坏了，一直闪黄灯，车都堵住了';
const RETELLINGS = [
  '南京路香港中路路口红绿灯不亮了，一直闪黄，很危险',
  '香港中路南京路路口红绿灯坏了，一直在闪黄灯',
  '香港中路南京路口的红绿灯一直闪黄灯，堵车了',
  '南京路和香港中路路口红绿灯坏了闪黄灯，快来修',
  '香港中路南京路路口的红绿灯坏了，车都堵住了',
  '红绿灯坏了，香港中路和南京路路口一直闪黄灯',
];
const duty: StaffActor = { role: 'duty', id: 'tok-d', name: '值班员' };
const urbanStaff: StaffActor = { role: 'department', id: 'tok-u', department: 'urban' };

/** Filing, linking, unlinking and hotspots through the service, the same over Redis and memory. */
export function duplicatesContract(name: string, open: () => Promise<DuplicatesHarness>): void {
  describe(`${name} duplicates and hotspots`, () => {
    let h: DuplicatesHarness;
    let now: number;
    const clock: Clock = { now: () => new Date(now) };

    beforeEach(async () => {
      h = await open();
      now = T0;
    });
    afterEach(async () => {
      await h.close();
    });

    /** `linkVia`: what the linker sees of the store, to race it (else the store). */
    function service(i: 0 | 1, linkVia?: DuplicateLinkerDeps['store']): TicketService {
      const { store, notifications } = h.instances[i];
      const desk = new SupervisorDesk({ notifications });
      return new TicketService({
        store,
        clock,
        calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
        sla: simpleSla(5, 1),
        ticketPrefix: 'QD',
        duplicates: new DuplicateLinker({
          store: linkVia ?? store,
          clock,
          hotspotThreshold: THRESHOLD,
          desk,
        }),
        desk,
        onError: (err) => {
          throw err;
        },
      });
    }
    const store = () => h.instances[0].store;

    function input(text: string, overrides: Partial<NewTicketInput> = {}): NewTicketInput {
      const t = sampleTicket();
      return {
        channel: t.channel,
        conversation: t.conversation,
        requester: t.requester,
        text,
        lang: 'zh',
        classification: { ...t.classification, department: 'urban' },
        district: 'shinan',
        location: '香港中路',
        ...overrides,
      };
    }
    const read = async (id: string): Promise<Ticket> => {
      const t = await store().get(id);
      assert.ok(t !== null, `ticket ${id}`);
      return t;
    };
    /** Files, waits for the link that runs after the filing, and reads the ticket as stored. */
    const fileWith = async (svc: TicketService, what: NewTicketInput): Promise<Ticket> => {
      const { ticket } = await svc.create(what);
      await svc.settle();
      return read(ticket.id);
    };
    const file = (text: string, i: 0 | 1 = 0, overrides: Partial<NewTicketInput> = {}) =>
      fileWith(service(i), input(text, overrides));
    const types = async (id: string) => (await store().history(id)).map((e) => e.type);

    it('links a retelling to the open report on both tickets, with a link event on each', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const second = await file(RETELLINGS[0] ?? '');
      assert.equal(second.links[0]?.ticketId, first.id, 'linked once the filing settles');
      const [a, b] = [await read(first.id), await read(second.id)];
      assert.deepEqual(
        a.links.map((l) => [l.ticketId, l.kind]),
        [[second.id, 'duplicated_by']],
      );
      assert.deepEqual(
        b.links.map((l) => [l.ticketId, l.kind]),
        [[first.id, 'duplicate_of']],
      );
      assert.ok((b.links[0]?.score ?? 0) >= 0.24, '(b.links[0]?.score ?? 0) >= 0.24');
      assert.deepEqual(await types(first.id), ['created', 'link']);
      assert.deepEqual(await types(second.id), ['created', 'link']);
      assert.notEqual(first.id, second.id, 'the person still gets their own ticket number');
    });

    it('links nothing across districts, after 48 hours, to a closed report or about something else', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const elsewhere = await file(RETELLINGS[0] ?? '', 0, { district: 'shibei' });
      const other = await file('香港中路有车辆违章停车，占用了公交站台');
      now = T0 + 49 * HOUR;
      const late = await file(RETELLINGS[1] ?? '');
      for (const t of [elsewhere, other, late]) assert.deepEqual((await read(t.id)).links, []);
      assert.deepEqual((await read(first.id)).links, []);

      // Elsewhere, so that only the closed report is near.
      const laoshan = { district: 'laoshan' };
      const open = await file(LIGHT, 0, laoshan);
      const closing = await read(open.id);
      await store().transition(
        closing,
        { ...closing, status: 'closed', version: closing.version + 1 },
        { at: new Date(now).toISOString(), actor: { kind: 'system' }, type: 'close' },
      );
      now += HOUR;
      const afterClose = await file(RETELLINGS[2] ?? '', 0, laoshan);
      assert.deepEqual((await read(afterClose.id)).links, []);
    });

    it('does not link to a report transferred away between the search and the link', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const second = await file(RETELLINGS[0] ?? '');
      const s = store();
      let moved = false;
      // The search finds the report; before the link is written it goes to another department.
      const transferredAfterSearch: DuplicateLinkerDeps['store'] = {
        get: (id) => s.get(id),
        recentByPlace: async (...args) => {
          const found = await s.recentByPlace(...args);
          if (!moved) {
            moved = true;
            const report = await read(first.id);
            await s.transition(
              report,
              { ...report, leadDepartment: 'housing', version: report.version + 1 },
              {
                at: new Date(now).toISOString(),
                actor: { kind: 'system' },
                type: 'approve_transfer',
              },
            );
          }
          return found;
        },
        addDuplicate: (...args) => s.addDuplicate(...args),
        removeDuplicate: (...args) => s.removeDuplicate(...args),
        proposeCoordination: (...args) => s.proposeCoordination(...args),
        relink: (c) => s.relink(c),
      };
      const third = await fileWith(service(0, transferredAfterSearch), input(RETELLINGS[1] ?? ''));
      assert.equal((await read(first.id)).duplicateReports, 1, 'the moved report counts no more');
      assert.deepEqual(
        third.links.map((l) => l.ticketId),
        [second.id],
        'the retelling left at the place stands in for it, found by a fresh search',
      );
    });

    it('raises the hotspot once at the threshold when two instances file reports at once', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const reports = await Promise.all(
        RETELLINGS.slice(0, 5).map((text, i) => file(text, i % 2 === 0 ? 0 : 1)),
      );
      const root = await read(first.id);
      assert.deepEqual(
        root.links.map((l) => l.ticketId).sort(),
        reports.map((r) => r.id).sort(),
        'every report linked to the first, none lost to a concurrent write',
      );
      for (const r of reports) {
        assert.equal((await read(r.id)).links[0]?.ticketId, first.id);
      }
      const history = await store().history(first.id);
      const proposals = history.filter((e) => e.type === 'propose_coordination');
      assert.equal(proposals.length, 1);
      // Counted when written: a report linked meanwhile by the other instance may be included.
      assert.ok(
        Number(proposals[0]?.data?.reports) >= THRESHOLD,
        'Number(proposals[0]?.data?.reports) >= THRESHOLD',
      );
      assert.equal(root.coordinationProposal?.trigger, 'hotspot');
      const feed = await h.instances[1].notifications.list([SUPERVISORS_AUDIENCE], 0, 100);
      assert.deepEqual(
        feed.map((n) => [n.type, n.ticketId]),
        [['hotspot', first.id]],
      );

      now += HOUR;
      await file(RETELLINGS[5] ?? '', 1);
      assert.equal(
        (await store().history(first.id)).filter((e) => e.type === 'propose_coordination').length,
        1,
        'no second proposal for a further report',
      );
    });

    it('links 60 reports filed at once to the first, counted, the first 20 listed, one hotspot', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const reports = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          file(RETELLINGS[i % RETELLINGS.length] ?? '', i % 2 === 0 ? 0 : 1),
        ),
      );
      for (const r of reports) {
        assert.deepEqual(
          (await read(r.id)).links.map((l) => [l.ticketId, l.kind]),
          [[first.id, 'duplicate_of']],
          `${r.id} linked to the first report`,
        );
      }
      const root = await read(first.id);
      assert.equal(root.duplicateReports, 60);
      assert.equal(linkedReports(root), 60);
      assert.equal(root.links.length, LISTED_DUPLICATES);
      assert.ok(
        root.links.every((l) => l.kind === 'duplicated_by'),
        "root.links.every((l) => l.kind === 'duplicated_by')",
      );
      assert.equal(new Set(root.links.map((l) => l.ticketId)).size, LISTED_DUPLICATES);
      const history = await store().history(first.id);
      const links = history.filter((e) => e.type === 'link');
      assert.equal(links.length, 60, 'every link in the history, listed or not');
      assert.deepEqual(links.map((e) => e.data?.ticketId).sort(), reports.map((r) => r.id).sort());
      assert.deepEqual(
        links.map((e) => Number(e.data?.reports)).sort((a, b) => a - b),
        Array.from({ length: 60 }, (_, i) => i + 1),
      );
      assert.equal(history.filter((e) => e.type === 'propose_coordination').length, 1);
      assert.equal(root.coordinationProposal?.trigger, 'hotspot');
      const feed = await h.instances[0].notifications.list([SUPERVISORS_AUDIENCE], 0, 100);
      assert.deepEqual(
        feed.map((n) => [n.type, n.ticketId]),
        [['hotspot', first.id]],
      );
      assert.equal(root.version, 61, 'the links and the proposal, each one version');

      // A report past the list is unlinked naming either ticket first, and counted off once.
      const unlisted = reports.filter((r) => !root.links.some((l) => l.ticketId === r.id));
      const [x, y] = unlisted;
      assert.ok(x !== undefined && y !== undefined, 'x !== undefined && y !== undefined');
      await service(0).unlink(first.id, x.id, duty);
      await service(1).unlink(y.id, first.id, duty);
      await assert.rejects(service(0).unlink(first.id, x.id, duty), { code: 'NOT_LINKED' });
      assert.equal((await read(first.id)).duplicateReports, 58);
      assert.deepEqual((await read(x.id)).links, []);
      assert.deepEqual((await read(y.id)).links, []);
    });

    it('counts a report off when duty staff unlink it, and counts on after', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const second = await file(RETELLINGS[0] ?? '');
      const third = await file(RETELLINGS[1] ?? '');
      assert.equal((await read(first.id)).duplicateReports, 2);
      const view = await service(0).unlink(first.id, second.id, duty);
      assert.equal(view.ticket.id, first.id);
      assert.equal(view.ticket.duplicateReports, 1);
      assert.deepEqual(
        view.ticket.links.map((l) => l.ticketId),
        [third.id],
      );
      assert.equal(view.history.at(-1)?.type, 'unlink');
      assert.deepEqual(view.history.at(-1)?.data, { ticketId: second.id });
      assert.deepEqual(await types(second.id), ['created', 'link', 'unlink']);
      await file(RETELLINGS[2] ?? '');
      assert.equal((await read(first.id)).duplicateReports, 2);
    });

    /** The store, with `change` applied to the new ticket just before its link is written. */
    function racing(change: (t: Ticket) => Partial<Ticket>): DuplicateLinkerDeps['store'] {
      const s = store();
      let raced = false;
      return {
        get: (id) => s.get(id),
        recentByPlace: (...args) => s.recentByPlace(...args),
        addDuplicate: (...args) => s.addDuplicate(...args),
        removeDuplicate: (...args) => s.removeDuplicate(...args),
        proposeCoordination: (...args) => s.proposeCoordination(...args),
        relink: async (c) => {
          if (!raced) {
            raced = true;
            const t = c.current;
            const note = { at: new Date(now).toISOString(), actor: { kind: 'system' as const } };
            await s.transition(
              t,
              { ...t, ...change(t), version: t.version + 1 },
              {
                ...note,
                type: 'note',
              },
            );
          }
          return s.relink(c);
        },
      };
    }

    it('re-reads only the new ticket when it changed before its link was written', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const second = await fileWith(
        service(
          0,
          racing(() => ({})),
        ),
        input(RETELLINGS[0] ?? ''),
      );
      assert.deepEqual(
        second.links.map((l) => l.ticketId),
        [first.id],
      );
      assert.deepEqual(await types(second.id), ['created', 'note', 'link']);
      assert.deepEqual(await types(first.id), ['created', 'link'], 'appended to once');
      assert.equal((await read(first.id)).duplicateReports, 1);
    });

    it('takes the link back from the report repeated when the new ticket can no longer link', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const moved = racing(() => ({ district: 'laoshan' }));
      const second = await fileWith(service(0, moved), input(RETELLINGS[0] ?? ''));
      assert.deepEqual(second.links, []);
      assert.deepEqual((await read(second.id)).links, []);
      const root = await read(first.id);
      assert.deepEqual(root.links, []);
      assert.equal(root.duplicateReports, 0);
      assert.deepEqual(await types(first.id), ['created', 'link', 'unlink']);
    });

    it('counts the listed links of a report written before the count', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const second = await file(RETELLINGS[0] ?? '');
      const older = { ...(await read(first.id)) };
      delete older.duplicateReports;
      assert.equal(linkedReports(older), 1);
      assert.equal(linkedReports({ links: [], duplicateReports: 7 }), 7);
      assert.equal(
        (await read(second.id)).duplicateReports,
        undefined,
        'only a repeated one counts',
      );
    });

    it('lets duty staff reject a proposed merge on both tickets, and refuses departments', async () => {
      const first = await file(LIGHT);
      now += HOUR;
      const second = await file(RETELLINGS[0] ?? '');
      await assert.rejects(service(0).unlink(second.id, first.id, urbanStaff), {
        code: 'FORBIDDEN',
      });
      const view = await service(1).unlink(second.id, first.id, duty);
      assert.deepEqual(view.ticket.links, []);
      assert.deepEqual((await read(first.id)).links, []);
      const unlinked = (await store().history(first.id)).at(-1);
      assert.equal(unlinked?.type, 'unlink');
      assert.equal(unlinked?.actor.name, '值班员');
      assert.deepEqual(view.history.at(-1)?.data, { ticketId: first.id });
      await assert.rejects(service(0).unlink(second.id, first.id, duty), { code: 'NOT_LINKED' });
    });

    it('proposes a second 不满意 for 顶格协调 and tells the supervisors once', async () => {
      const t = await file('我家楼上漏水，渗到我家天花板了，物业不管', 0, { district: null });
      const requester: StaffActor = { role: 'requester', id: t.requester.key };
      const s = service(0);
      const steps = async () => {
        await s.act(t.id, { type: 'accept' }, urbanStaff);
        await s.act(t.id, { type: 'reply', message: '已处理' }, urbanStaff);
      };
      await steps();
      await s.act(t.id, { type: 'rate', rating: 'dissatisfied' }, requester);
      assert.equal(
        (await read(t.id)).coordinationProposal,
        null,
        'the first goes back to the lead',
      );
      await s.act(t.id, { type: 'reply', message: '再次处理' }, urbanStaff);
      const view = await s.act(t.id, { type: 'rate', rating: 'dissatisfied' }, requester);
      assert.equal(view.ticket.status, 'coordination');
      assert.equal(view.ticket.coordinationProposal?.trigger, 'second_dissatisfied');
      const feed = await h.instances[0].notifications.list([SUPERVISORS_AUDIENCE], 0, 100);
      assert.deepEqual(
        feed.map((n) => [n.type, n.ticketId, 'trigger' in n ? n.trigger : null]),
        // The first 不满意 sent it back to the lead (重办): told as a reopen, not proposed.
        [
          ['coordination', t.id, 'second_dissatisfied'],
          ['reopen', t.id, null],
        ],
      );
    });
  });
}
