import { z } from 'zod';
import { CATEGORIES } from '../nlu/types';
import { DeadlineSchema, EarlierDeadlineSchema } from './deadlines';
import { CoordinationProposalSchema, TicketLinkSchema } from './duplicates';
import { LIFECYCLE_STATUSES, RATINGS } from './lifecycle';

export const TicketStatusSchema = z.enum(LIFECYCLE_STATUSES);
export type TicketStatus = z.infer<typeof TicketStatusSchema>;

/** Statuses written before the lifecycle existed, and what each means now. */
const LEGACY_STATUSES: Record<string, TicketStatus> = {
  open: 'dispatched',
  answered: 'replied',
};

export const CoTaskSchema = z.object({
  department: z.string(),
  status: z.enum(['assigned', 'submitted']),
  input: z.string().optional(),
});

export const RequesterSchema = z.object({
  /** Stable identity of the person on their channel: `<channelId>:<userId>`; "my tickets" key. */
  key: z.string().min(1),
  type: z.enum(['citizen', 'enterprise']),
  name: z.string().optional(),
  phone: z.string().optional(),
  enterpriseName: z.string().optional(),
  creditCode: z.string().optional(),
  /**
   * The organisation the person wrote for, as their channel vouches for it (`msteams:<tenant
   * id>`): its members see its tickets in "my tickets", without each other's name or phone.
   */
  organization: z.string().min(1).optional(),
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

const TicketFieldsSchema = z.object({
  id: z.string(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  channel: z.string(),
  conversation: ConversationPointerSchema,
  requester: RequesterSchema,
  text: z.string(),
  /**
   * What the person described before re-describing the problem in the conversation ("都不是，
   * 重新描述"), oldest first; `text` is the description they confirmed. Absent when never re-described.
   */
  earlierTexts: z.array(z.string()).optional(),
  lang: z.enum(['zh', 'en']),
  classification: ClassificationRecordSchema,
  /** 首接负责单位: set once (at filing, or at dispatch by duty staff), never changed by transfers. */
  firstContactDepartment: z.string(),
  /** Null only while the ticket waits as `received` for duty staff to dispatch it. */
  leadDepartment: z.string().nullable(),
  category: z.enum(CATEGORIES),
  district: z.string().nullable(),
  location: z.string().nullable(),
  status: TicketStatusSchema,
  dueAt: z.iso.datetime(),
  /** Co-departments (并联), each with its own task and input. */
  coDepartments: z.array(CoTaskSchema).default([]),
  transferRequests: z.number().int().nonnegative().default(0),
  pendingTransfer: z
    .object({ from: z.string(), to: z.string().nullable(), reason: z.string() })
    .nullable()
    .default(null),
  reopenCount: z.number().int().nonnegative().default(0),
  /** Flagged for supervision (督办). */
  supervised: z.boolean().default(false),
  rating: z.enum(RATINGS).nullable().default(null),
  /** Urgent (紧急: safety, outages, many affected) by config/sla.yaml: clock-hour limits. */
  urgent: z.boolean().default(false),
  /** An extension (延期) asked for by the lead, waiting for a supervisor's decision. */
  pendingExtension: z
    .object({ department: z.string(), reason: z.string(), workingDays: z.number().int() })
    .nullable()
    .default(null),
  /** Time limits per step (src/tickets/deadlines.ts); empty on tickets filed before them. */
  deadlines: z.array(DeadlineSchema).default([]),
  /**
   * Deadlines replanning took off the ticket, oldest first, so each department keeps its own
   * record (signed late, answered in time) after a transfer, 顶格协调, a reopen or an extension.
   * Absent until the first replanning, and on tickets written before it (their earlier plans
   * were not kept).
   */
  earlierDeadlines: z.array(EarlierDeadlineSchema).optional(),
  /** Proposed merges (并单): reports of one incident, linked both ways until duty staff unlink. */
  links: z.array(TicketLinkSchema).default([]),
  /**
   * Reports linked to this one as repeating it (`duplicated_by`), counted as they are linked and
   * unlinked: `links` lists only the first LISTED_DUPLICATES of them. Absent on tickets written
   * before it, whose links list them all (linkedReports counts those).
   */
  duplicateReports: z.number().int().nonnegative().optional(),
  /** Proposed for 顶格协调 (a hotspot, a second dispute): set once, for a supervisor to decide. */
  coordinationProposal: CoordinationProposalSchema.nullable().default(null),
  /** Grows by one with every transition; a write at a stale version is refused. */
  version: z.number().int().nonnegative().default(0),
});

/**
 * A ticket as stored. Tickets written before the lifecycle (status open/answered, no lifecycle
 * fields) read back as dispatched/replied with an empty lifecycle.
 */
export const TicketSchema = z.preprocess(currentStatus, TicketFieldsSchema);
export type Ticket = z.infer<typeof TicketFieldsSchema>;

/**
 * What the duplicate check reads of each open report at a place: a store may read just these
 * fields (`DUPLICATE_FIELDS`), as a filing compares itself with up to 50 reports.
 */
const DuplicateFieldsSchema = TicketFieldsSchema.pick({
  id: true,
  text: true,
  createdAt: true,
  status: true,
  district: true,
  leadDepartment: true,
  firstContactDepartment: true,
  classification: true,
  links: true,
});
export const DUPLICATE_FIELDS: readonly string[] = Object.keys(DuplicateFieldsSchema.shape);
export const DuplicateCandidateSchema = z.preprocess(currentStatus, DuplicateFieldsSchema);

function currentStatus(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null || !('status' in raw)) return raw;
  const status = typeof raw.status === 'string' ? LEGACY_STATUSES[raw.status] : undefined;
  return status === undefined ? raw : { ...raw, status };
}

/** What a history event records: the legacy kinds, then one per lifecycle step. */
export const TICKET_EVENT_TYPES = [
  'created',
  'assigned',
  'note',
  'status_changed',
  'answered',
  'rated',
  'escalated',
  'dispatch',
  'accept',
  'request_transfer',
  'approve_transfer',
  'reject_transfer',
  'coordinate',
  'add_co_departments',
  'progress',
  'submit_input',
  'reply',
  'rate',
  'close',
  'reopen',
  'escalate',
  /** Duty staff took the conversation over, handed it back, noted something (issue 10). */
  'handoff',
  /** Extensions (延期, issue 11): asked by the lead, decided by a supervisor. */
  'request_extension',
  'approve_extension',
  'reject_extension',
  /** A step's time limit is near (yellow) / passed: the ticket is flagged 督办 (issue 11). */
  'warning',
  'supervise',
  /** Duplicates (并单): a proposed link to the same incident's report, and its rejection. */
  'link',
  'unlink',
  /** Many linked reports (hotspot) or a second dispute: a supervisor should coordinate. */
  'propose_coordination',
] as const;

export const TicketEventSchema = z.object({
  at: z.iso.datetime(),
  actor: z.object({
    kind: z.enum(['requester', 'bot', 'staff', 'system']),
    id: z.string().optional(),
    department: z.string().optional(),
    /** For staff: department, duty or supervisor. */
    role: z.enum(['department', 'duty', 'supervisor', 'requester', 'system']).optional(),
    name: z.string().optional(),
  }),
  type: z.enum(TICKET_EVENT_TYPES),
  /** Why, or what was said: a reason, a reply, an input. */
  note: z.string().optional(),
  data: z.record(z.string(), z.unknown()).optional(),
});
export type TicketEvent = z.infer<typeof TicketEventSchema>;
