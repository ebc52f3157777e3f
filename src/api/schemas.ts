import { z } from 'zod';
import { visibleText } from '../core/visibleText';
import type { ApiRole } from '../access/tokens';
import { EXTENSION_DAYS, type Command } from '../tickets/lifecycle';
import { TicketStatusSchema } from '../tickets/ticket';
import { parseTicketId } from '../tickets/ticketId';

/**
 * A ticket number as a clerk types or pastes it: lower case, spaces, full-width characters or
 * no dash ("qd20261128 000123") read as the number; anything else only upper-cased and trimmed,
 * to be answered as not found.
 */
export function canonicalTicketId(typed: string): string {
  const parsed = parseTicketId(typed);
  return parsed.ok ? parsed.value.value : typed.trim().toUpperCase();
}

/** What the departments' API accepts, parsed at the edge; the inside trusts its types. */
const TEXT_MAX = 4000;
/**
 * Words a person will read (an answer, progress, a reason): something to read, not only
 * spaces, punctuation or invisible characters ("。", a zero-width space pasted from a form).
 */
const Text = z
  .string()
  .transform(visibleText)
  .pipe(
    z
      .string()
      .trim()
      .min(1, { error: '不能为空 / must not be empty' })
      .max(TEXT_MAX, {
        error: `不能超过 ${TEXT_MAX} 字，请精简或分次填写进展 / at most ${TEXT_MAX} characters`,
      })
      .refine((text) => /[\p{L}\p{N}]/u.test(text), {
        error:
          '须有文字内容，不能只有标点或空白 / must contain words, not only punctuation or spaces',
      }),
  );
const Department = z.string().trim().min(1).max(64);

/** Digits as an OA form posts them ("3", full-width "３") read as the number; anything else as is. */
function digitsAsNumber(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const digits = v.normalize('NFKC').trim();
  return /^\d{1,3}$/.test(digits) ? Number(digits) : v;
}

const WholeDays = z
  .number({ error: '须为工作日数（整数）/ a whole number of working days' })
  .int({ error: '须为整数 / a whole number' });
const ExtensionDays = z.preprocess(
  digitsAsNumber,
  WholeDays.min(EXTENSION_DAYS.min, {
    error: `至少 ${EXTENSION_DAYS.min} 个工作日 / at least ${EXTENSION_DAYS.min}`,
  }).max(EXTENSION_DAYS.max, {
    error: `最多 ${EXTENSION_DAYS.max} 个工作日 / at most ${EXTENSION_DAYS.max}`,
  }),
);
/** 顶格协调 sets its own time limit for the answer, in working days. */
const ReplyDays = z.preprocess(
  digitsAsNumber,
  WholeDays.min(1, { error: '至少 1 个工作日 / at least 1' }).max(60, {
    error: '最多 60 个工作日 / at most 60',
  }),
);

export const ListQuerySchema = z.object({
  department: Department.optional(),
  status: TicketStatusSchema.optional(),
  /** `overdue=true`: only tickets with a step open past due (the department's own, for a department). */
  overdue: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  /** `as=lead`: only where the department leads (its inbox), not tickets it handed on. */
  as: z.enum(['lead', 'co_department', 'first_contact']).optional(),
  cursor: z.coerce.number().int().nonnegative().optional(),
  limit: z.coerce.number().int().min(1).max(100).optional(),
});

export const MessageBodySchema = z.strictObject({ message: Text });
export const TransferBodySchema = z.strictObject({
  reason: Text,
  toDepartment: Department.optional(),
});
export const ApproveTransferBodySchema = z.strictObject({ toDepartment: Department.optional() });
export const ReasonBodySchema = z.strictObject({ reason: Text });
export const CloseBodySchema = z.strictObject({ reason: Text.optional() });
export const CoDepartmentsBodySchema = z.strictObject({
  departments: z.array(Department).min(1).max(20),
});
export const CoordinateBodySchema = z.strictObject({
  lead: Department,
  coDepartments: z.array(Department).max(20).default([]),
  reason: Text,
  /** 顶格协调 sets its own time limit for the answer, in working days. */
  replyWorkingDays: ReplyDays.optional(),
});
/** `POST /api/tickets/:id/unlink`: the ticket whose proposed merge duty staff reject. */
export const UnlinkBodySchema = z.strictObject({
  ticketId: z.string().trim().min(1).max(64).transform(canonicalTicketId),
});
export const DispatchBodySchema = z.strictObject({ department: Department });
export const EmptyBodySchema = z.strictObject({});
export const ExtensionBodySchema = z.strictObject({
  reason: Text,
  workingDays: ExtensionDays,
});

/** One `POST /api/tickets/:id/<action>`: who may call it, its body, the command it becomes. */
export interface ActionRoute {
  action: string;
  summary: string;
  roles: readonly ApiRole[];
  body: z.ZodType;
  /** The departments a body names, to check against the catalogue. */
  departments(body: unknown): string[];
  command(body: unknown): Command;
}

function action<S extends z.ZodType>(
  name: string,
  summary: string,
  roles: readonly ApiRole[],
  body: S,
  command: (b: z.infer<S>) => Command,
  departments: (b: z.infer<S>) => string[] = () => [],
): ActionRoute {
  return {
    action: name,
    summary,
    roles,
    body,
    command: (raw) => command(body.parse(raw)),
    departments: (raw) => departments(body.parse(raw)),
  };
}

const LEAD: readonly ApiRole[] = ['department'];
const HOTLINE: readonly ApiRole[] = ['duty', 'supervisor'];
const SUPERVISOR: readonly ApiRole[] = ['supervisor'];

export const ACTIONS: readonly ActionRoute[] = [
  action('accept', 'The lead department accepts (签收) the ticket.', LEAD, EmptyBodySchema, () => ({
    type: 'accept',
  })),
  action(
    'transfer',
    'The lead asks, before accepting, to hand the ticket on (退单), with a reason.',
    LEAD,
    TransferBodySchema,
    (b) => ({
      type: 'request_transfer',
      reason: b.reason,
      ...(b.toDepartment === undefined ? {} : { toDepartment: b.toDepartment }),
    }),
    (b) => (b.toDepartment === undefined ? [] : [b.toDepartment]),
  ),
  action(
    'approve-transfer',
    'Duty staff approve a transfer: the new lead must accept.',
    HOTLINE,
    ApproveTransferBodySchema,
    (b) => ({
      type: 'approve_transfer',
      ...(b.toDepartment === undefined ? {} : { toDepartment: b.toDepartment }),
    }),
    (b) => (b.toDepartment === undefined ? [] : [b.toDepartment]),
  ),
  action(
    'reject-transfer',
    'Duty staff refuse a transfer: the lead keeps the ticket and must accept.',
    HOTLINE,
    ReasonBodySchema,
    (b) => ({ type: 'reject_transfer', reason: b.reason }),
  ),
  action(
    'co-departments',
    'The lead adds co-departments (并联), each with its own task.',
    LEAD,
    CoDepartmentsBodySchema,
    (b) => ({ type: 'add_co_departments', departments: b.departments }),
    (b) => b.departments,
  ),
  action('input', 'A co-department posts its input.', LEAD, MessageBodySchema, (b) => ({
    type: 'submit_input',
    message: b.message,
  })),
  action('progress', 'The lead records progress.', LEAD, MessageBodySchema, (b) => ({
    type: 'progress',
    message: b.message,
  })),
  action('reply', 'The lead answers the requester (答复).', LEAD, MessageBodySchema, (b) => ({
    type: 'reply',
    message: b.message,
  })),
  action(
    'close',
    'Close (办结) a rated ticket; a supervisor may close a replied one.',
    HOTLINE,
    CloseBodySchema,
    (b) => ({ type: 'close', ...(b.reason === undefined ? {} : { reason: b.reason }) }),
  ),
  action(
    'coordinate',
    'A supervisor decides lead, co-departments and, optionally, the answer’s time limit (顶格协调).',
    ['supervisor'],
    CoordinateBodySchema,
    (b) => ({
      type: 'coordinate',
      lead: b.lead,
      coDepartments: b.coDepartments,
      reason: b.reason,
      ...(b.replyWorkingDays === undefined ? {} : { replyWorkingDays: b.replyWorkingDays }),
    }),
    (b) => [b.lead, ...b.coDepartments],
  ),
  action(
    'dispatch',
    'Duty staff dispatch a received ticket to its lead department.',
    HOTLINE,
    DispatchBodySchema,
    (b) => ({ type: 'dispatch', department: b.department }),
    (b) => [b.department],
  ),
  action(
    'supervise',
    'A supervisor puts the ticket under 督办, with a reason: the lead (red notification) and ' +
      'the requester are told.',
    SUPERVISOR,
    ReasonBodySchema,
    (b) => ({ type: 'supervise', reason: b.reason }),
  ),
  action(
    'request-extension',
    'The lead asks, before the answer is due, for more working days (延期), with a reason: at ' +
      'most 10 in all; a supervisor decides.',
    LEAD,
    ExtensionBodySchema,
    (b) => ({ type: 'request_extension', reason: b.reason, workingDays: b.workingDays }),
  ),
  action(
    'approve-extension',
    'A supervisor approves the waiting extension: the answer (and settlement) move later.',
    SUPERVISOR,
    EmptyBodySchema,
    () => ({ type: 'approve_extension' }),
  ),
  action(
    'reject-extension',
    'A supervisor refuses the waiting extension, with a reason: the deadline stands.',
    SUPERVISOR,
    ReasonBodySchema,
    (b) => ({ type: 'reject_extension', reason: b.reason }),
  ),
];
