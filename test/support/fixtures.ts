import type { Ticket, TicketEvent } from '../../src/tickets/ticket';
import type { NewTicketInput } from '../../src/tickets/ticketService';

/** A valid ticket for store tests; override what the test is about. */
export function sampleTicket(overrides: Partial<Ticket> = {}): Ticket {
  return {
    id: 'QD20261128-000001',
    createdAt: '2026-11-28T02:00:00.000Z',
    updatedAt: '2026-11-28T02:00:00.000Z',
    channel: 'emulator',
    conversation: {
      channelId: 'emulator',
      conversationId: 'conv-1',
      reference: { serviceUrl: 'http://localhost:9999' },
    },
    requester: { key: 'emulator:user-1', type: 'citizen', phone: '13812345678' },
    text: '我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路',
    lang: 'zh',
    classification: {
      department: 'housing',
      confidence: 0.93,
      alternatives: [
        { department: 'urban', confidence: 0.04 },
        { department: 'market', confidence: 0.02 },
      ],
      category: 'complaint',
      categoryConfidence: 0.8,
      decidedBy: 'model',
    },
    firstContactDepartment: 'housing',
    leadDepartment: 'housing',
    category: 'complaint',
    district: 'shinan',
    location: '香港中路',
    status: 'dispatched',
    dueAt: '2026-12-07T09:30:00.000Z',
    coDepartments: [],
    transferRequests: 0,
    pendingTransfer: null,
    reopenCount: 0,
    supervised: false,
    rating: null,
    urgent: false,
    pendingExtension: null,
    deadlines: [],
    links: [],
    coordinationProposal: null,
    version: 0,
    ...overrides,
  };
}

/** A housing complaint as filed through the service (no district: it links to nothing). */
export function sampleFiling(
  text: string,
  overrides: Partial<NewTicketInput> = {},
): NewTicketInput {
  const t = sampleTicket();
  return {
    channel: t.channel,
    conversation: t.conversation,
    requester: t.requester,
    text,
    lang: 'zh',
    classification: t.classification,
    district: null,
    location: null,
    ...overrides,
  };
}

export function sampleEvent(overrides: Partial<TicketEvent> = {}): TicketEvent {
  return {
    at: '2026-11-28T02:00:00.000Z',
    actor: { kind: 'bot' },
    type: 'created',
    ...overrides,
  };
}
