import { strict as assert } from 'node:assert';
import { historyLines } from '../../dialogs/history';
import { decide, newLifecycle } from '../../src/tickets/lifecycle';
import { requesterNotice } from '../../src/tickets/notices';
import type { TicketEvent } from '../../src/tickets/ticket';
import { sampleTicket } from '../support/fixtures';

const supervisor = { role: 'supervisor' as const, id: 'sup-1' };
const names: Record<string, string> = { housing: '住房和城乡建设局' };
const departmentName = (code: string) => names[code] ?? code;
const formatDue = () => '2026年12月4日（周五）17:30';

/** A supervisor's own 督办: what the requester is told, and how their history reads. */
describe('督办 by a supervisor', () => {
  const ticket = { ...sampleTicket(), leadDepartment: 'housing', status: 'accepted' as const };
  const state = { ...newLifecycle('housing'), status: 'accepted' as const };

  it('tells the requester once, with who is pressed and the answer’s time limit', () => {
    const first = decide(state, { type: 'supervise', reason: '媒体关注' }, supervisor);
    assert.equal(first.state.supervised, true);
    assert.deepEqual(requesterNotice(ticket, first.event, departmentName, formatDue), {
      text: `您的工单 ${ticket.id} 已列入督办，我们将督促住房和城乡建设局尽快办理。答复时限：2026年12月4日（周五）17:30 前。`,
    });
    const again = decide(first.state, { type: 'supervise', reason: '再次督办' }, supervisor);
    assert.equal(requesterNotice(ticket, again.event, departmentName, formatDue), null);
  });

  it('reads in the requester’s history as 督办, not as a time limit passed, without the reason', () => {
    const { event } = decide(state, { type: 'supervise', reason: '媒体关注' }, supervisor);
    const recorded: TicketEvent = {
      at: '2026-11-30T02:00:00.000Z',
      actor: { kind: 'staff', id: 'sup-1', role: 'supervisor' },
      type: 'supervise',
      note: '媒体关注',
      data: event.data,
    };
    const lines = historyLines(ticket, [recorded], {
      lang: 'zh',
      department: departmentName,
      when: () => '12月1日',
    });
    assert.deepEqual(lines, ['• 12月1日 已列入督办']);
  });
});
