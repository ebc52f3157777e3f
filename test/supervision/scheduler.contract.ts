import { strict as assert } from 'node:assert';
import type { Clock } from '../../src/core/clock';
import {
  SUPERVISORS_AUDIENCE,
  type AlertQueue,
  type NotificationStore,
  type SupervisionNotification,
} from '../../src/supervision/ports';
import { SupervisionScheduler } from '../../src/supervision/scheduler';
import type { TicketStore } from '../../src/tickets/ports';
import type { TicketEvent } from '../../src/tickets/ticket';
import { at, change, deadline, fileTicket, HOUR, RecordingNotifier, T0 } from './support';

export type Store = TicketStore & AlertQueue;

/** Two instances' view of one shared store: separate connections for Redis. */
export interface SupervisionHarness {
  instances: [
    { store: Store; notifications: NotificationStore },
    { store: Store; notifications: NotificationStore },
  ];
  close(): Promise<void>;
}

const LEASE = 60_000;
const NAMES: Record<string, { zh: string; en: string }> = {
  housing: { zh: '住房和城乡建设局', en: 'the Housing Bureau' },
};

const kinds = (history: TicketEvent[], type: TicketEvent['type']) =>
  history.filter((e) => e.type === type);

/** Warnings and 督办 from the alert index, the same over Redis and memory. */
export function supervisionContract(name: string, open: () => Promise<SupervisionHarness>): void {
  describe(`${name} supervision scheduler`, () => {
    let h: SupervisionHarness;
    let notifier: RecordingNotifier;
    let errors: unknown[];
    const clock: Clock = { now: () => at(T0) };

    beforeEach(async () => {
      h = await open();
      notifier = new RecordingNotifier();
      errors = [];
    });
    afterEach(async () => {
      await h.close();
    });

    function scheduler(i: 0 | 1, alerts?: AlertQueue): SupervisionScheduler {
      const { store, notifications } = h.instances[i];
      return new SupervisionScheduler({
        tickets: store,
        alerts: alerts ?? store,
        notifications,
        notifier,
        clock,
        departmentName: (code, lang) => NAMES[code]?.[lang] ?? code,
        leaseMs: LEASE,
        batch: 7,
        onError: (err) => errors.push(err),
      });
    }
    const store = () => h.instances[0].store;
    const feed = (audience: string): Promise<SupervisionNotification[]> =>
      h.instances[0].notifications.list([audience], 0, 500);

    it('raises each warning and overdue flag exactly once with two instances ticking concurrently', async () => {
      const ids: string[] = [];
      for (let i = 1; i <= 10; i++) {
        ids.push((await fileTicket(store(), i, [deadline('accept', 1, 2)])).id);
      }
      const [a, b] = [scheduler(0), scheduler(1)];
      const together = (ms: number) =>
        Promise.all([a.tick(at(ms)), b.tick(at(ms)), a.tick(at(ms)), b.tick(at(ms))]);

      await together(T0 + 0.5 * HOUR);
      assert.equal(kinds(await store().history(ids[0] ?? ''), 'warning').length, 0);
      for (const ms of [T0 + HOUR, T0 + HOUR, T0 + 1.5 * HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]) {
        await together(ms);
      }

      for (const id of ids) {
        const history = await store().history(id);
        assert.equal(kinds(history, 'warning').length, 1, `${id}: one warning`);
        assert.equal(kinds(history, 'supervise').length, 1, `${id}: one 督办`);
        assert.equal((await store().get(id))?.supervised, true);
      }
      assert.equal(notifier.sent.length, 10);
      const housing = await feed('housing');
      assert.equal(housing.filter((n) => n.level === 'yellow').length, 10);
      assert.equal(housing.filter((n) => n.level === 'red').length, 10);
      assert.equal((await feed(SUPERVISORS_AUDIENCE)).length, 10);
      assert.deepEqual(errors, []);
    });

    it('raises nothing before a warning falls due', async () => {
      const t = await fileTicket(store(), 1, [deadline('accept', 1, 2)]);
      const result = await scheduler(0).tick(at(T0 + HOUR - 1));
      assert.deepEqual(result, { raised: 0, dropped: 0, failed: 0 });
      assert.deepEqual(
        (await store().history(t.id)).map((e) => e.type),
        ['created'],
      );
    });

    it('lets the transfer window pass without a warning or 督办: it is a window, not a duty', async () => {
      const t = await fileTicket(store(), 1, [deadline('transfer_request', 1, 2)]);
      for (const ms of [T0 + HOUR, T0 + 2 * HOUR, T0 + 10 * HOUR]) await scheduler(0).tick(at(ms));
      const history = await store().history(t.id);
      assert.deepEqual(kinds(history, 'warning'), []);
      assert.deepEqual(kinds(history, 'supervise'), []);
      assert.equal((await store().get(t.id))?.supervised, false);
    });

    it('raises nothing for a step met before it fell due', async () => {
      const t = await fileTicket(store(), 1, [deadline('accept', 1, 2)]);
      await change(store(), t.id, (c) => ({
        status: 'accepted',
        deadlines: c.deadlines.map((d) => ({ ...d, metAt: at(T0 + 0.5 * HOUR).toISOString() })),
      }));
      for (const ms of [T0 + HOUR, T0 + 2 * HOUR, T0 + 10 * HOUR]) await scheduler(0).tick(at(ms));
      const history = await store().history(t.id);
      assert.deepEqual(kinds(history, 'warning'), []);
      assert.deepEqual(kinds(history, 'supervise'), []);
      assert.equal((await store().get(t.id))?.supervised, false);
      assert.deepEqual(await feed('housing'), []);
      assert.deepEqual(notifier.sent, []);
    });

    it('drops an alert whose step was met between its claim and its raise', async () => {
      const t = await fileTicket(store(), 1, [deadline('accept', 1, 2)]);
      const [claimed] = await store().claimDueAlerts(at(T0 + 2 * HOUR), 10, LEASE);
      assert.equal(claimed?.kind, 'warn');
      await change(store(), t.id, (c) => ({
        deadlines: c.deadlines.map((d) => ({ ...d, metAt: at(T0 + 2 * HOUR).toISOString() })),
      }));
      assert.equal(await scheduler(0).raise(claimed!, at(T0 + HOUR)), 'dropped');
      const later = await scheduler(1).tick(at(T0 + 5 * HOUR));
      assert.deepEqual(later, { raised: 0, dropped: 0, failed: 0 });
      assert.deepEqual(kinds(await store().history(t.id), 'warning'), []);
    });

    it('raises, once and after its lease, an alert claimed by an instance that crashed', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)]);
      await scheduler(0).tick(at(T0 + HOUR));
      // Instance A claims the overdue flag and dies before raising it.
      const claimed = await h.instances[0].store.claimDueAlerts(at(T0 + 2 * HOUR), 10, LEASE);
      assert.deepEqual(
        claimed.map((c) => c.kind),
        ['overdue'],
      );
      const b = scheduler(1);
      assert.equal((await b.tick(at(T0 + 2 * HOUR + LEASE - 1))).raised, 0, 'still leased');
      assert.equal((await b.tick(at(T0 + 2 * HOUR + LEASE))).raised, 1);
      assert.equal((await b.tick(at(T0 + 3 * HOUR + LEASE))).raised, 0);
      const history = await store().history(t.id);
      assert.equal(kinds(history, 'warning').length, 1);
      assert.equal(kinds(history, 'supervise').length, 1);
      assert.equal(notifier.sent.length, 1);
    });

    it('finishes a raise cut off after its effects without doing any of them twice', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)]);
      const real = h.instances[0].store;
      // The instance dies after the effects, before the alert is marked raised.
      const crashing: AlertQueue = {
        claimDueAlerts: (now, limit, lease) => real.claimDueAlerts(now, limit, lease),
        settleAlert: async () => {
          throw new Error('crashed');
        },
      };
      const a = scheduler(0, crashing);
      assert.equal((await a.tick(at(T0 + 2 * HOUR))).failed, 2, 'warning and overdue both cut off');
      assert.equal(notifier.sent.length, 1);

      const b = scheduler(1);
      assert.equal((await b.tick(at(T0 + 2 * HOUR + LEASE - 1))).raised, 0);
      const after = await b.tick(at(T0 + 2 * HOUR + LEASE));
      assert.equal(after.raised + after.dropped, 2);
      assert.equal((await b.tick(at(T0 + 9 * HOUR))).raised, 0);

      const history = await store().history(t.id);
      assert.equal(kinds(history, 'supervise').length, 1);
      assert.equal(kinds(history, 'warning').length, 0, 'the warning gave way to the overdue flag');
      assert.equal(notifier.sent.length, 1, 'the requester is told once');
      assert.equal((await feed('housing')).length, 1);
      assert.equal((await feed(SUPERVISORS_AUDIENCE)).length, 1);
    });

    it('flags an overdue ticket 督办 with a supervise event and tells the requester in Chinese', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)]);
      await scheduler(0).tick(at(T0 + 2 * HOUR));
      const ticket = await store().get(t.id);
      assert.equal(ticket?.supervised, true);
      const [event] = kinds(await store().history(t.id), 'supervise');
      assert.deepEqual(event, {
        at: at(T0 + 2 * HOUR).toISOString(),
        actor: { kind: 'system', id: 'supervision', role: 'system' },
        type: 'supervise',
        note: '答复已超过办理时限，列入督办',
        data: {
          alert: `${t.id}|reply|overdue|${at(T0 + 2 * HOUR).toISOString()}`,
          step: 'reply',
          dueAt: at(T0 + 2 * HOUR).toISOString(),
          level: 'red',
        },
      });
      assert.deepEqual(notifier.sent, [
        {
          conversation: t.conversation,
          text: `您的工单 ${t.id} 已超过办理时限，已列入督办，我们将督促住房和城乡建设局尽快办理。`,
        },
      ]);
      const [red] = await feed(SUPERVISORS_AUDIENCE);
      assert.deepEqual(red, {
        id: event?.data?.alert,
        type: 'overdue',
        level: 'red',
        ticketId: t.id,
        step: 'reply',
        dueAt: at(T0 + 2 * HOUR).toISOString(),
        department: 'housing',
        at: at(T0 + 2 * HOUR).toISOString(),
      });
    });

    it('tells an English-speaking requester in English', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)], { lang: 'en' });
      await scheduler(0).tick(at(T0 + 2 * HOUR));
      assert.deepEqual(
        notifier.sent.map((s) => s.text),
        [
          `Your ticket ${t.id} has passed its time limit and is now under supervision (督办): ` +
            'we are pressing the Housing Bureau to deal with it promptly.',
        ],
      );
    });

    it('tells the requester once when a second step falls overdue, and records both', async () => {
      const t = await fileTicket(store(), 1, [deadline('accept', 1, 2), deadline('reply', 3, 4)]);
      for (const h of [2, 4]) await scheduler(0).tick(at(T0 + h * HOUR));
      assert.equal(kinds(await store().history(t.id), 'supervise').length, 2);
      assert.equal(notifier.sent.length, 1);
      assert.equal((await feed(SUPERVISORS_AUDIENCE)).length, 2);
    });

    it('names the late step to the requester when it is not the answer they were given a time for', async () => {
      const t = await fileTicket(store(), 1, [deadline('accept', 1, 2), deadline('reply', 3, 40)]);
      await scheduler(0).tick(at(T0 + 2 * HOUR));
      assert.deepEqual(
        notifier.sent.map((s) => s.text),
        [`住房和城乡建设局未在规定时间内签收您的工单 ${t.id}，已列入督办，我们将督促其尽快办理。`],
      );
    });

    it('sends a yellow warning to the department only, not to the supervisors', async () => {
      const t = await fileTicket(store(), 1, [deadline('accept', 1, 2)]);
      await scheduler(0).tick(at(T0 + HOUR));
      const [warning] = kinds(await store().history(t.id), 'warning');
      assert.equal(warning?.note, '签收时限将至');
      assert.deepEqual(
        (await feed('housing')).map((n) => [n.type, n.level]),
        [['warning', 'yellow']],
      );
      assert.deepEqual(await feed(SUPERVISORS_AUDIENCE), []);
      assert.equal((await store().get(t.id))?.supervised, false);
      assert.deepEqual(notifier.sent, []);
    });

    it('warns again at the new time after a deadline is extended, and not at the old one', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)]);
      await scheduler(0).tick(at(T0 + HOUR));
      await change(store(), t.id, (c) => ({
        deadlines: c.deadlines.map((d) => ({
          ...d,
          warnAt: at(T0 + 5 * HOUR).toISOString(),
          dueAt: at(T0 + 6 * HOUR).toISOString(),
          extendedDays: 1,
        })),
      }));
      assert.equal((await scheduler(0).tick(at(T0 + 2 * HOUR))).raised, 0);
      assert.equal((await scheduler(0).tick(at(T0 + 5 * HOUR))).raised, 1);
      assert.equal(kinds(await store().history(t.id), 'warning').length, 2);
      assert.equal((await store().get(t.id))?.supervised, false);
    });

    it('raises nothing for a closed ticket', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)]);
      await change(store(), t.id, () => ({ status: 'closed' }));
      assert.deepEqual(await scheduler(0).tick(at(T0 + 9 * HOUR)), {
        raised: 0,
        dropped: 0,
        failed: 0,
      });
    });

    it('keeps the alerts raised by a change that re-indexes the same deadline from coming back', async () => {
      const t = await fileTicket(store(), 1, [deadline('reply', 1, 2)]);
      await scheduler(0).tick(at(T0 + 2 * HOUR));
      await change(store(), t.id, () => ({ status: 'accepted' }));
      assert.equal((await scheduler(1).tick(at(T0 + 9 * HOUR))).raised, 0);
      assert.equal(kinds(await store().history(t.id), 'supervise').length, 1);
    });
  });
}
