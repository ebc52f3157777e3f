import { HotlineError } from '../core/errors';

/**
 * The ticket's life under first-contact accountability (首接负责制), as one pure state machine:
 *
 *   received → dispatched → accepted → in_progress → replied → rated → closed
 *
 * with a transfer (退单/转派) only before acceptance and decided by duty staff, a second transfer
 * request or a second "不满意" going to a supervisor (顶格协调), co-departments working in
 * parallel with the lead (并联), and one reopen (重办) to the same lead. Stores apply the result
 * atomically; this module decides what is allowed and what happened.
 */
export const LIFECYCLE_STATUSES = [
  'received',
  'dispatched',
  'transfer_requested',
  'coordination',
  'accepted',
  'in_progress',
  'replied',
  'rated',
  'closed',
] as const;
export type LifecycleStatus = (typeof LIFECYCLE_STATUSES)[number];

export const RATINGS = ['satisfied', 'basic', 'dissatisfied'] as const;
export type Rating = (typeof RATINGS)[number];

export type Role = 'department' | 'duty' | 'supervisor' | 'requester' | 'system';

export interface Actor {
  role: Role;
  id: string;
  /** For department staff: the department they act for. */
  department?: string;
}

export interface CoTask {
  department: string;
  status: 'assigned' | 'submitted';
  input?: string;
}

export interface LifecycleState {
  status: LifecycleStatus;
  /** Set once at filing; no transfer changes it, and every report keeps it. */
  firstContactDepartment: string;
  /** Null only while the ticket waits for duty staff to dispatch it. */
  leadDepartment: string | null;
  coDepartments: CoTask[];
  /** How many transfers were asked for; the second goes to a supervisor. */
  transferRequests: number;
  /** While a transfer waits for duty staff: who asked and where it should go. */
  pendingTransfer: { from: string; to: string | null; reason: string } | null;
  reopenCount: number;
  /** Flagged for supervision (督办): reopened, or decided by a supervisor. */
  supervised: boolean;
  rating: Rating | null;
  /** An extension (延期) the lead asked for, waiting for a supervisor. */
  pendingExtension: PendingExtension | null;
}

export interface PendingExtension {
  department: string;
  reason: string;
  workingDays: number;
}

/** Working days one extension request may ask for (the total is checked against the deadline). */
export const EXTENSION_DAYS = { min: 1, max: 10 } as const;

export type Command =
  | { type: 'dispatch'; department: string }
  | { type: 'accept' }
  | { type: 'request_transfer'; reason: string; toDepartment?: string }
  | { type: 'approve_transfer'; toDepartment?: string }
  | { type: 'reject_transfer'; reason: string }
  | {
      type: 'coordinate';
      lead: string;
      coDepartments: string[];
      reason: string;
      /** The supervisor's own time limit for the answer, in working days (default: the table's). */
      replyWorkingDays?: number;
    }
  | { type: 'add_co_departments'; departments: string[] }
  | { type: 'progress'; message: string }
  | { type: 'submit_input'; message: string }
  | { type: 'reply'; message: string }
  | { type: 'rate'; rating: Rating; comment?: string }
  | { type: 'close'; reason?: string }
  | { type: 'supervise'; reason: string }
  | { type: 'request_extension'; reason: string; workingDays: number }
  | { type: 'approve_extension' }
  | { type: 'reject_extension'; reason: string };

export interface Outcome {
  state: LifecycleState;
  /** What happened, for the history (who and when are added by the caller). */
  event: { type: Command['type'] | 'reopen' | 'escalate'; data: Record<string, unknown> };
}

/** What a clerk reads, in Chinese first: the ticket's status and the step, as the office names them. */
const STATUS_ZH: Record<LifecycleStatus, string> = {
  received: '待派单',
  dispatched: '已派单、待签收',
  transfer_requested: '退单待审核',
  coordination: '待上级协调',
  accepted: '已签收',
  in_progress: '办理中',
  replied: '已答复',
  rated: '已评价',
  closed: '已办结',
};
export const COMMAND_ZH: Record<Command['type'], string> = {
  dispatch: '派单',
  accept: '签收',
  request_transfer: '申请退单',
  approve_transfer: '批准退单',
  reject_transfer: '驳回退单',
  coordinate: '顶格协调',
  add_co_departments: '增加协办单位',
  progress: '填写办理进展',
  submit_input: '提交协办意见',
  reply: '答复',
  rate: '评价',
  close: '办结',
  supervise: '督办',
  request_extension: '申请延期',
  approve_extension: '批准延期',
  reject_extension: '驳回延期',
};

export class TransitionNotAllowedError extends HotlineError {
  constructor(command: Command['type'], status: LifecycleStatus, why: string) {
    super(
      'TRANSITION_NOT_ALLOWED',
      `工单${STATUS_ZH[status]}，不能${COMMAND_ZH[command]} / ${command} is not allowed while ${status}: ${why}`,
      409,
    );
  }
}

export class ForbiddenError extends HotlineError {
  constructor(message: string) {
    super('FORBIDDEN', message, 403);
  }
}

export class InvalidCommandError extends HotlineError {
  constructor(message: string) {
    super('INVALID_COMMAND', message, 400);
  }
}

export function newLifecycle(firstContactDepartment: string | null): LifecycleState {
  return {
    status: firstContactDepartment === null ? 'received' : 'dispatched',
    firstContactDepartment: firstContactDepartment ?? '',
    leadDepartment: firstContactDepartment,
    coDepartments: [],
    transferRequests: 0,
    pendingTransfer: null,
    reopenCount: 0,
    supervised: false,
    rating: null,
    pendingExtension: null,
  };
}

/** Which departments may see the ticket: the lead, the co-departments and the first contact. */
export function involvedDepartments(state: LifecycleState): string[] {
  const all = [
    state.firstContactDepartment,
    state.leadDepartment ?? '',
    ...state.coDepartments.map((t) => t.department),
  ];
  return [...new Set(all.filter((d) => d !== ''))];
}

/** Decides one command: the next state and the event to record, or a typed refusal. */
export function decide(state: LifecycleState, command: Command, actor: Actor): Outcome {
  const step = STEPS[command.type] as Step<Command>;
  return step(state, command, actor);
}

type Step<C extends Command> = (state: LifecycleState, command: C, actor: Actor) => Outcome;
type Steps = { [K in Command['type']]: Step<Extract<Command, { type: K }>> };

const STEPS: Steps = {
  dispatch(state, { department }, actor) {
    allowRoles(actor, ['duty', 'supervisor'], 'dispatch');
    requireStatus(state, 'dispatch', ['received']);
    return outcome(
      {
        ...state,
        status: 'dispatched',
        leadDepartment: department,
        firstContactDepartment: state.firstContactDepartment || department,
      },
      'dispatch',
      { department },
    );
  },

  accept(state, _command, actor) {
    requireLead(state, actor, 'accept');
    requireStatus(state, 'accept', ['dispatched']);
    return outcome({ ...state, status: 'accepted' }, 'accept', { department: actor.department });
  },

  request_transfer(state, { reason, toDepartment }, actor) {
    requireLead(state, actor, 'request_transfer');
    requireStatus(
      state,
      'request_transfer',
      ['dispatched'],
      'a transfer is asked before acceptance',
    );
    requireText(reason, 'reason');
    const from = state.leadDepartment ?? '';
    if (toDepartment === from) {
      // Nobody could approve it: duty staff may only hand a ticket to another department.
      throw new InvalidCommandError(
        '转办须转给牵头单位以外的部门 / a transfer goes to another department than the lead',
      );
    }
    const transferRequests = state.transferRequests + 1;
    const pendingTransfer = { from, to: toDepartment ?? null, reason };
    if (transferRequests > 1) {
      // 顶格协调: the one who can decide does so, instead of a second round of bouncing.
      return outcome(
        { ...state, status: 'coordination', transferRequests, pendingTransfer, supervised: true },
        'escalate',
        { from, to: toDepartment ?? null, reason, trigger: 'second_transfer' },
      );
    }
    return outcome(
      { ...state, status: 'transfer_requested', transferRequests, pendingTransfer },
      'request_transfer',
      { from, to: toDepartment ?? null, reason },
    );
  },

  approve_transfer(state, { toDepartment }, actor) {
    allowRoles(actor, ['duty', 'supervisor'], 'approve_transfer');
    requireStatus(state, 'approve_transfer', ['transfer_requested']);
    const to = toDepartment ?? state.pendingTransfer?.to ?? null;
    if (to === null)
      throw new InvalidCommandError(
        '批准转办须指明 toDepartment / approving a transfer needs toDepartment',
      );
    if (to === state.leadDepartment) {
      throw new InvalidCommandError(
        '转办须转给牵头单位以外的部门 / a transfer goes to another department than the lead',
      );
    }
    return outcome(
      {
        ...state,
        status: 'dispatched',
        leadDepartment: to,
        // A co-department the ticket is handed to leads it: no longer its own co-department.
        coDepartments: state.coDepartments.filter((t) => t.department !== to),
        pendingTransfer: null,
      },
      'approve_transfer',
      { from: state.leadDepartment, to },
    );
  },

  reject_transfer(state, { reason }, actor) {
    allowRoles(actor, ['duty', 'supervisor'], 'reject_transfer');
    requireStatus(state, 'reject_transfer', ['transfer_requested']);
    requireText(reason, 'reason');
    return outcome({ ...state, status: 'dispatched', pendingTransfer: null }, 'reject_transfer', {
      lead: state.leadDepartment,
      reason,
    });
  },

  coordinate(state, { lead, coDepartments, reason, replyWorkingDays }, actor) {
    allowRoles(actor, ['supervisor'], 'coordinate');
    requireStatus(state, 'coordinate', OPEN_STATUSES);
    requireText(reason, 'reason');
    const co = [...new Set(coDepartments)].filter((d) => d !== lead);
    return outcome(
      {
        ...state,
        status: 'dispatched',
        leadDepartment: lead,
        firstContactDepartment: state.firstContactDepartment || lead,
        // A co-department made lead leads: it is no longer its own co-department.
        coDepartments: mergeTasks(
          state.coDepartments.filter((t) => t.department !== lead),
          co,
        ),
        pendingTransfer: null,
        // The supervisor sets the plan and its time limit: an extension the lead asked for
        // before is not the new lead's to be granted.
        pendingExtension: null,
        supervised: true,
      },
      'coordinate',
      {
        lead,
        coDepartments: co,
        reason,
        ...(replyWorkingDays === undefined ? {} : { replyWorkingDays }),
        ...(state.pendingExtension === null
          ? {}
          : { droppedExtension: { ...state.pendingExtension } }),
      },
    );
  },

  add_co_departments(state, { departments }, actor) {
    requireLead(state, actor, 'add_co_departments');
    requireStatus(state, 'add_co_departments', ['accepted', 'in_progress']);
    const added = [...new Set(departments)].filter(
      (d) => d !== state.leadDepartment && !state.coDepartments.some((t) => t.department === d),
    );
    if (added.length === 0)
      throw new InvalidCommandError('没有指明新的协办单位 / no new co-department named');
    return outcome(
      { ...state, status: 'in_progress', coDepartments: mergeTasks(state.coDepartments, added) },
      'add_co_departments',
      { departments: added },
    );
  },

  progress(state, { message }, actor) {
    requireLead(state, actor, 'progress');
    requireStatus(state, 'progress', ['accepted', 'in_progress']);
    requireText(message, 'message');
    return outcome({ ...state, status: 'in_progress' }, 'progress', { message });
  },

  submit_input(state, { message }, actor) {
    allowRoles(actor, ['department'], 'submit_input');
    const task = state.coDepartments.find((t) => t.department === actor.department);
    if (task === undefined) {
      throw new ForbiddenError(
        '只有协办单位可以提交协办意见 / only a co-department posts its input',
      );
    }
    // 并联: a co-department works from the moment it is asked, not once the lead has signed;
    // its input does not sign for the lead, so a ticket not yet accepted stays as it is.
    requireStatus(state, 'submit_input', CO_WORKING);
    requireText(message, 'message');
    const coDepartments = state.coDepartments.map((t) =>
      t === task ? { ...t, status: 'submitted' as const, input: message } : t,
    );
    const status = state.status === 'accepted' ? 'in_progress' : state.status;
    return outcome({ ...state, status, coDepartments }, 'submit_input', {
      department: task.department,
      message,
    });
  },

  reply(state, { message }, actor) {
    requireLead(state, actor, 'reply');
    requireStatus(state, 'reply', ['accepted', 'in_progress']);
    requireText(message, 'message');
    // An extension still waiting for a supervisor is moot once the answer is given.
    return outcome({ ...state, status: 'replied', pendingExtension: null }, 'reply', { message });
  },

  rate(state, { rating, comment }, actor) {
    allowRoles(actor, ['requester'], 'rate');
    requireStatus(state, 'rate', ['replied']);
    const data = { rating, ...(comment === undefined ? {} : { comment }) };
    if (rating !== 'dissatisfied')
      return outcome({ ...state, status: 'rated', rating }, 'rate', data);
    if (state.reopenCount === 0) {
      // 重办: once to the same lead, which must answer again, under supervision.
      return outcome(
        { ...state, status: 'in_progress', rating, reopenCount: 1, supervised: true },
        'reopen',
        data,
      );
    }
    return outcome({ ...state, status: 'coordination', rating, supervised: true }, 'escalate', {
      ...data,
      trigger: 'second_dissatisfied',
    });
  },

  close(state, { reason }, actor) {
    allowRoles(actor, ['duty', 'supervisor', 'system'], 'close');
    // Without a rating a ticket is closed only by the system (no answer from the requester
    // within the rating period) or by a supervisor.
    const allowed: LifecycleStatus[] = actor.role === 'duty' ? ['rated'] : ['rated', 'replied'];
    requireStatus(state, 'close', allowed);
    return outcome({ ...state, status: 'closed' }, 'close', reason === undefined ? {} : { reason });
  },

  // 督办 by a supervisor's decision (a hotspot in the news, a 催办 that cannot wait), not only when
  // a time limit passes: the lead must answer it, so only while a lead works on the ticket.
  supervise(state, { reason }, actor) {
    allowRoles(actor, ['supervisor'], 'supervise');
    requireStatus(state, 'supervise', ['dispatched', 'transfer_requested', ...WORKING]);
    requireText(reason, 'reason');
    return outcome({ ...state, supervised: true }, 'supervise', {
      department: state.leadDepartment,
      by: 'supervisor',
      // Already under 督办 (late, reopened): the lead is pressed again, the requester was told.
      again: state.supervised,
    });
  },

  // 延期: asked by the lead with a reason, decided by a supervisor; how late and how much in
  // all is checked against the deadlines (src/tickets/deadlines.ts).
  request_extension(state, { reason, workingDays }, actor) {
    requireLead(state, actor, 'request_extension');
    requireStatus(state, 'request_extension', WORKING, 'an extension is asked while working on it');
    requireText(reason, 'reason');
    if (
      !Number.isInteger(workingDays) ||
      workingDays < EXTENSION_DAYS.min ||
      workingDays > EXTENSION_DAYS.max
    ) {
      throw new InvalidCommandError(
        `延期天数须为 ${EXTENSION_DAYS.min} 到 ${EXTENSION_DAYS.max} 的整数 / workingDays must be a whole number from ${EXTENSION_DAYS.min} to ${EXTENSION_DAYS.max}`,
      );
    }
    if (state.pendingExtension !== null) {
      throw new TransitionNotAllowedError(
        'request_extension',
        state.status,
        'an extension request is already waiting for a supervisor',
      );
    }
    const department = state.leadDepartment ?? '';
    return outcome(
      { ...state, pendingExtension: { department, reason, workingDays } },
      'request_extension',
      { department, reason, workingDays },
    );
  },

  approve_extension(state, _command, actor) {
    allowRoles(actor, ['supervisor'], 'approve_extension');
    const pending = requirePendingExtension(state, 'approve_extension');
    return outcome({ ...state, pendingExtension: null }, 'approve_extension', { ...pending });
  },

  reject_extension(state, { reason }, actor) {
    allowRoles(actor, ['supervisor'], 'reject_extension');
    const pending = requirePendingExtension(state, 'reject_extension');
    requireText(reason, 'reason');
    return outcome({ ...state, pendingExtension: null }, 'reject_extension', {
      ...pending,
      reason,
    });
  },
};

/** While the lead works on a ticket, before the answer. */
const WORKING: LifecycleStatus[] = ['accepted', 'in_progress'];

/** While a co-department may post its input: a lead is named and the answer is still owed. */
const CO_WORKING: LifecycleStatus[] = [
  'dispatched',
  'transfer_requested',
  'coordination',
  'accepted',
  'in_progress',
];

/** Before the answer: with a department or the duty desk, an answer still owed. */
export const OPEN_STATUSES: readonly LifecycleStatus[] = [
  'received',
  'dispatched',
  'transfer_requested',
  'coordination',
  'accepted',
  'in_progress',
];

function outcome(
  state: LifecycleState,
  type: Outcome['event']['type'],
  data: Record<string, unknown>,
): Outcome {
  return { state, event: { type, data } };
}

function mergeTasks(tasks: CoTask[], departments: string[]): CoTask[] {
  const known = new Set(tasks.map((t) => t.department));
  return [
    ...tasks,
    ...departments
      .filter((d) => !known.has(d))
      .map((d) => ({ department: d, status: 'assigned' as const })),
  ];
}

function allowRoles(actor: Actor, roles: Role[], command: Command['type']): void {
  if (!roles.includes(actor.role)) {
    throw roleRefusal(actor.role, roles, COMMAND_ZH[command], command);
  }
}

const ROLE_ZH: Record<Role, string> = {
  department: '承办单位',
  duty: '热线值班员',
  supervisor: '督办人员',
  requester: '服务对象',
  system: '系统',
};

/** 403 for a role that may not do something, in Chinese, then English: who may, who may not. */
export function roleRefusal(
  role: Role,
  allowed: readonly Role[],
  zhAction: string,
  enAction: string,
): ForbiddenError {
  return new ForbiddenError(
    `${ROLE_ZH[role]}不能${zhAction}，只有${allowed.map((r) => ROLE_ZH[r]).join('或')}可以` +
      ` / ${role} may not ${enAction}; ${allowed.join(' or ')} may`,
  );
}

function requireLead(state: LifecycleState, actor: Actor, command: Command['type']): void {
  allowRoles(actor, ['department'], command);
  if (state.leadDepartment === null || actor.department !== state.leadDepartment) {
    throw new ForbiddenError(
      `只有牵头（承办）单位可以${COMMAND_ZH[command]} / only the lead department may ${command}`,
    );
  }
}

function requireStatus(
  state: LifecycleState,
  command: Command['type'],
  allowed: readonly LifecycleStatus[],
  why?: string,
): void {
  if (!allowed.includes(state.status)) {
    const because = why ?? `allowed while ${allowed.join(', ')}`;
    throw new TransitionNotAllowedError(command, state.status, because);
  }
}

function requirePendingExtension(
  state: LifecycleState,
  command: Command['type'],
): PendingExtension {
  requireStatus(state, command, WORKING);
  if (state.pendingExtension === null) {
    throw new TransitionNotAllowedError(command, state.status, 'no extension request is waiting');
  }
  return state.pendingExtension;
}

function requireText(value: string, field: string): void {
  if (value.trim() === '')
    throw new InvalidCommandError(`${field} 不能为空 / ${field} must not be empty`);
}
