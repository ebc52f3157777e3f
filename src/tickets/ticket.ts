import { z } from 'zod';
import { CATEGORIES } from '../nlu/types';

export const TICKET_STATUSES = ['open', 'in_progress', 'answered', 'closed'] as const;
export const TicketStatusSchema = z.enum(TICKET_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

export const RequesterSchema = z.object({
  /** Stable identity of the person on their channel: `<channelId>:<userId>`; "my tickets" key. */
  key: z.string().min(1),
  type: z.enum(['citizen', 'enterprise']),
  name: z.string().optional(),
  phone: z.string().optional(),
  enterpriseName: z.string().optional(),
  creditCode: z.string().optional(),
});
export type Requester = z.infer<typeof RequesterSchema>;

export const ClassificationRecordSchema = z.object({
  department: z.string(),
  confidence: z.number(),
  alternatives: z.array(z.object({ department: z.string(), confidence: z.number() })),
  category: z.enum(CATEGORIES),
  categoryConfidence: z.number(),
  /** How the department was settled: the model's choice, the person's pick, or staff. */
  decidedBy: z.enum(['model', 'requester', 'staff']),
});
export type ClassificationRecord = z.infer<typeof ClassificationRecordSchema>;

/** Where the conversation lives, so follow-up can reach the person proactively. Opaque to the domain. */
export const ConversationPointerSchema = z.object({
  channelId: z.string(),
  conversationId: z.string(),
  reference: z.record(z.string(), z.unknown()),
});
export type ConversationPointer = z.infer<typeof ConversationPointerSchema>;

export const TicketSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  channel: z.string(),
  conversation: ConversationPointerSchema,
  requester: RequesterSchema,
  text: z.string(),
  lang: z.enum(['zh', 'en']),
  classification: ClassificationRecordSchema,
  /** 首接负责单位: set once at creation, never changed by later transfers. */
  firstContactDepartment: z.string(),
  leadDepartment: z.string(),
  category: z.enum(CATEGORIES),
  district: z.string().nullable(),
  location: z.string().nullable(),
  status: TicketStatusSchema,
  dueAt: z.iso.datetime(),
});
export type Ticket = z.infer<typeof TicketSchema>;

export const TicketEventSchema = z.object({
  at: z.iso.datetime(),
  actor: z.object({
    kind: z.enum(['requester', 'bot', 'staff', 'system']),
    id: z.string().optional(),
    department: z.string().optional(),
  }),
  type: z.enum(['created', 'assigned', 'note', 'status_changed', 'answered', 'rated', 'escalated']),
  note: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TicketEvent = z.infer<typeof TicketEventSchema>;
