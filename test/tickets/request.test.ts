import { strict as assert } from 'node:assert';
import type { Clock } from '../../src/core/clock';
import { MemoryTicketStore } from '../../src/store/memory/ticketStore';
import { requestDedupeKey, ticketInput, type IntakeRequest } from '../../src/tickets/request';
import { simpleSla } from '../../src/tickets/sla';
import { TicketService } from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import { sampleTicket } from '../support/fixtures';

const clock: Clock = { now: () => new Date('2026-11-27T07:00:00.000Z') };

const READING: IntakeRequest['reading'] = {
  department: 'housing',
  confidence: 0.81,
  alternatives: [
    { department: 'market', confidence: 0.1 },
    { department: 'transport', confidence: 0.05 },
  ],
  category: 'complaint',
  categoryConfidence: 0.7,
};

function request(overrides: Partial<IntakeRequest> = {}): IntakeRequest {
  const t = sampleTicket();
  return {
    channel: t.channel,
    conversation: t.conversation,
    requester: { key: 'webchat:u1', type: 'citizen' },
    text: '小区物业乱收费',
    lang: 'zh',
    reading: READING,
    department: 'housing',
    decidedBy: 'model',
    district: null,
    location: null,
    departmentConfirmed: true,
    ...overrides,
  };
}

describe('A request handed over by a conversation', () => {
  it('keeps the model’s confidence when its department was the one settled', () => {
    const c = ticketInput(request()).classification;
    assert.deepEqual(c, {
      department: 'housing',
      confidence: 0.81,
      alternatives: READING?.alternatives,
      category: 'complaint',
      categoryConfidence: 0.7,
      decidedBy: 'model',
    });
  });

  it('scores a department the person picked over the model at 0 and keeps the model’s choice as an alternative', () => {
    const c = ticketInput(request({ department: 'market', decidedBy: 'requester' })).classification;
    assert.equal(c.confidence, 0);
    assert.equal(c.decidedBy, 'requester');
    assert.deepEqual(
      c.alternatives.map((a) => a.department),
      ['housing', 'transport'],
    );
  });

  it('records a request the model never read as a consultation with no alternatives', () => {
    const c = ticketInput(request({ reading: null })).classification;
    assert.deepEqual([c.category, c.confidence, c.alternatives], ['consult', 0, []]);
  });

  it('is the same request for the same person, department and words, whatever the spacing', () => {
    assert.equal(
      requestDedupeKey(request()),
      requestDedupeKey(request({ text: ' 小区物业乱收费 \n' })),
    );
    assert.notEqual(
      requestDedupeKey(request()),
      requestDedupeKey(request({ requester: { key: 'webchat:u2', type: 'citizen' } })),
    );
    assert.notEqual(
      requestDedupeKey(request()),
      requestDedupeKey(request({ department: 'market' })),
    );
  });

  it('files one ticket when the same request is handed over twice', async () => {
    const tickets = new TicketService({
      store: new MemoryTicketStore(),
      clock,
      calendar: new WorkCalendar({ timeZone: 'Asia/Shanghai' }),
      sla: simpleSla(5, 1),
      ticketPrefix: 'QD',
    });
    const first = await tickets.file(request());
    const second = await tickets.file(request());
    assert.equal(first.created, true);
    assert.equal(second.created, false);
    assert.equal(second.ticket.id, first.ticket.id);
    const unconfirmed = await tickets.file(
      request({ text: '另一件事', departmentConfirmed: false }),
    );
    assert.equal(
      unconfirmed.ticket.leadDepartment,
      null,
      'an unconfirmed department waits for staff',
    );
  });
});
