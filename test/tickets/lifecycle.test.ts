import assert from 'node:assert/strict';
import {
  decide,
  involvedDepartments,
  LIFECYCLE_STATUSES,
  newLifecycle,
  type Actor,
  type Command,
  type LifecycleState,
  type LifecycleStatus,
} from '../../src/tickets/lifecycle';

const housing: Actor = { role: 'department', id: 'h1', department: 'housing' };
const urban: Actor = { role: 'department', id: 'u1', department: 'urban' };
const market: Actor = { role: 'department', id: 'm1', department: 'market' };
const duty: Actor = { role: 'duty', id: 'd1' };
const supervisor: Actor = { role: 'supervisor', id: 's1' };
const requester: Actor = { role: 'requester', id: 'webchat:dl_1' };
const system: Actor = { role: 'system', id: 'scheduler' };

function stateIn(status: LifecycleStatus, overrides: Partial<LifecycleState> = {}): LifecycleState {
  return {
    ...newLifecycle('housing'),
    status,
    leadDepartment: status === 'received' ? null : 'housing',
    coDepartments: [{ department: 'market', status: 'assigned' }],
    pendingTransfer:
      status === 'transfer_requested'
        ? { from: 'housing', to: 'urban', reason: '不属于本单位' }
        : null,
    transferRequests: status === 'transfer_requested' ? 1 : 0,
    ...overrides,
  };
}

/** Each command with an actor who may give it, so the table below is about status alone. */
const COMMANDS: [Command, Actor][] = [
  [{ type: 'dispatch', department: 'housing' }, duty],
  [{ type: 'accept' }, housing],
  [{ type: 'request_transfer', reason: '属于城管职责', toDepartment: 'urban' }, housing],
  [{ type: 'approve_transfer', toDepartment: 'urban' }, duty],
  [{ type: 'reject_transfer', reason: '物业收费属住建' }, duty],
  [
    { type: 'coordinate', lead: 'urban', coDepartments: ['housing'], reason: '多次推诿' },
    supervisor,
  ],
  [{ type: 'add_co_departments', departments: ['urban'] }, housing],
  [{ type: 'progress', message: '已联系物业' }, housing],
  [{ type: 'submit_input', message: '已查处' }, market],
  [{ type: 'reply', message: '已责令物业退还多收费用' }, housing],
  [{ type: 'rate', rating: 'satisfied' }, requester],
  [{ type: 'close' }, system],
  [{ type: 'request_extension', reason: '需现场勘验', workingDays: 5 }, housing],
  [{ type: 'approve_extension' }, supervisor],
  [{ type: 'reject_extension', reason: '理由不充分' }, supervisor],
  [{ type: 'supervise', reason: '媒体关注，限期办理' }, supervisor],
];

/** Approving or refusing an extension needs one to be waiting. */
const WAITING: Partial<Record<Command['type'], Partial<LifecycleState>>> = {
  approve_extension: {
    pendingExtension: { department: 'housing', reason: '需现场勘验', workingDays: 5 },
  },
  reject_extension: {
    pendingExtension: { department: 'housing', reason: '需现场勘验', workingDays: 5 },
  },
};

/** The whole transition table: where each command is allowed and the status it leads to. */
const ALLOWED: Record<Command['type'], Partial<Record<LifecycleStatus, LifecycleStatus>>> = {
  dispatch: { received: 'dispatched' },
  accept: { dispatched: 'accepted' },
  request_transfer: { dispatched: 'transfer_requested' },
  approve_transfer: { transfer_requested: 'dispatched' },
  reject_transfer: { transfer_requested: 'dispatched' },
  coordinate: {
    received: 'dispatched',
    dispatched: 'dispatched',
    transfer_requested: 'dispatched',
    coordination: 'dispatched',
    accepted: 'dispatched',
    in_progress: 'dispatched',
  },
  add_co_departments: { accepted: 'in_progress', in_progress: 'in_progress' },
  progress: { accepted: 'in_progress', in_progress: 'in_progress' },
  submit_input: {
    dispatched: 'dispatched',
    transfer_requested: 'transfer_requested',
    coordination: 'coordination',
    accepted: 'in_progress',
    in_progress: 'in_progress',
  },
  reply: { accepted: 'replied', in_progress: 'replied' },
  rate: { replied: 'rated' },
  close: { replied: 'closed', rated: 'closed' },
  request_extension: { accepted: 'accepted', in_progress: 'in_progress' },
  approve_extension: { accepted: 'accepted', in_progress: 'in_progress' },
  reject_extension: { accepted: 'accepted', in_progress: 'in_progress' },
  supervise: {
    dispatched: 'dispatched',
    transfer_requested: 'transfer_requested',
    accepted: 'accepted',
    in_progress: 'in_progress',
  },
};

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof Error && 'code' in err) return String(err.code);
    throw err;
  }
  return 'ALLOWED';
}

describe('ticket lifecycle', () => {
  describe('every command in every status', () => {
    for (const [command, actor] of COMMANDS) {
      for (const status of LIFECYCLE_STATUSES) {
        const to = ALLOWED[command.type][status];
        // A ticket waiting for dispatch has no lead yet, so a department is simply not on it.
        const code =
          status === 'received' && actor === housing ? 'FORBIDDEN' : 'TRANSITION_NOT_ALLOWED';
        const title =
          to === undefined
            ? `refuses ${command.type} while ${status} with ${code}`
            : `moves ${status} to ${to} on ${command.type}`;
        it(title, () => {
          const state = stateIn(status, WAITING[command.type]);
          if (to === undefined) {
            assert.equal(
              refusal(() => decide(state, command, actor)),
              code,
            );
          } else {
            assert.equal(decide(state, command, actor).state.status, to);
          }
        });
      }
    }
  });

  describe('who may do what', () => {
    const cases: [string, LifecycleStatus, Command, Actor, string][] = [
      [
        'duty staff cannot put a ticket under 督办',
        'accepted',
        { type: 'supervise', reason: '限期办理' },
        duty,
        'FORBIDDEN',
      ],
      [
        'the lead cannot put its own ticket under 督办',
        'accepted',
        { type: 'supervise', reason: '限期办理' },
        housing,
        'FORBIDDEN',
      ],
      [
        'a department that is not the lead cannot accept',
        'dispatched',
        { type: 'accept' },
        urban,
        'FORBIDDEN',
      ],
      [
        'duty staff cannot accept for a department',
        'dispatched',
        { type: 'accept' },
        duty,
        'FORBIDDEN',
      ],
      [
        'a co-department cannot reply to the requester',
        'in_progress',
        { type: 'reply', message: 'x' },
        market,
        'FORBIDDEN',
      ],
      [
        'a department outside the ticket cannot post input',
        'in_progress',
        { type: 'submit_input', message: 'x' },
        urban,
        'FORBIDDEN',
      ],
      [
        'the lead cannot approve its own transfer',
        'transfer_requested',
        { type: 'approve_transfer', toDepartment: 'urban' },
        housing,
        'FORBIDDEN',
      ],
      [
        'duty staff cannot coordinate from the top',
        'dispatched',
        { type: 'coordinate', lead: 'urban', coDepartments: [], reason: 'x' },
        duty,
        'FORBIDDEN',
      ],
      [
        'a department cannot rate its own answer',
        'replied',
        { type: 'rate', rating: 'satisfied' },
        housing,
        'FORBIDDEN',
      ],
      [
        'duty staff cannot close a ticket the requester has not rated',
        'replied',
        { type: 'close' },
        duty,
        'TRANSITION_NOT_ALLOWED',
      ],
      [
        'a transfer cannot name the department that asks',
        'dispatched',
        { type: 'request_transfer', reason: '不归我们管', toDepartment: 'housing' },
        housing,
        'INVALID_COMMAND',
      ],
      [
        'a transfer needs a reason',
        'dispatched',
        { type: 'request_transfer', reason: '  ' },
        housing,
        'INVALID_COMMAND',
      ],
      [
        'a reply needs a message',
        'accepted',
        { type: 'reply', message: '' },
        housing,
        'INVALID_COMMAND',
      ],
    ];
    for (const [title, status, command, actor, code] of cases) {
      it(title, () =>
        assert.equal(
          refusal(() => decide(stateIn(status), command, actor)),
          code,
        ),
      );
    }
  });

  it('files straight to the first-contact department, or waits for duty staff without one', () => {
    assert.equal(newLifecycle('housing').status, 'dispatched');
    assert.equal(newLifecycle('housing').leadDepartment, 'housing');
    const waiting = newLifecycle(null);
    assert.equal(waiting.status, 'received');
    const dispatched = decide(waiting, { type: 'dispatch', department: 'urban' }, duty).state;
    assert.equal(dispatched.leadDepartment, 'urban');
    assert.equal(dispatched.firstContactDepartment, 'urban');
  });

  it('keeps the first-contact department through an approved transfer', () => {
    let s = newLifecycle('housing');
    s = decide(
      s,
      { type: 'request_transfer', reason: '路灯归城管', toDepartment: 'urban' },
      housing,
    ).state;
    s = decide(s, { type: 'approve_transfer' }, duty).state;
    assert.equal(s.status, 'dispatched');
    assert.equal(s.leadDepartment, 'urban');
    assert.equal(s.firstContactDepartment, 'housing');
    assert.deepEqual(involvedDepartments(s).sort(), ['housing', 'urban']);
    // The new lead must accept; the old one can no longer act as lead.
    assert.equal(
      refusal(() => decide(s, { type: 'accept' }, housing)),
      'FORBIDDEN',
    );
    assert.equal(decide(s, { type: 'accept' }, urban).state.status, 'accepted');
  });

  it('drops an extension request the answer made moot, so nobody is left to decide it', () => {
    let s = stateIn('in_progress');
    s = decide(s, { type: 'request_extension', reason: '等采购', workingDays: 3 }, housing).state;
    assert.ok(s.pendingExtension, 's.pendingExtension');
    s = decide(s, { type: 'reply', message: '已修复' }, housing).state;
    assert.equal(s.pendingExtension, null);
  });

  it('sends a rejected transfer back to the lead, which must accept', () => {
    let s = newLifecycle('housing');
    s = decide(s, { type: 'request_transfer', reason: '不归我们管' }, housing).state;
    s = decide(s, { type: 'reject_transfer', reason: '物业收费属住建职责' }, duty).state;
    assert.equal(s.status, 'dispatched');
    assert.equal(s.leadDepartment, 'housing');
    assert.equal(decide(s, { type: 'accept' }, housing).state.status, 'accepted');
  });

  it('sends a second transfer request to a supervisor, who names lead and co-departments', () => {
    let s = newLifecycle('housing');
    s = decide(s, { type: 'request_transfer', reason: '一次' }, housing).state;
    s = decide(s, { type: 'reject_transfer', reason: '属住建' }, duty).state;
    const second = decide(s, { type: 'request_transfer', reason: '两次' }, housing);
    assert.equal(second.state.status, 'coordination');
    assert.equal(second.event.type, 'escalate');
    assert.equal(second.state.supervised, true);
    assert.equal(
      refusal(() =>
        decide(second.state, { type: 'approve_transfer', toDepartment: 'urban' }, duty),
      ),
      'TRANSITION_NOT_ALLOWED',
    );
    const decided = decide(
      second.state,
      {
        type: 'coordinate',
        lead: 'urban',
        coDepartments: ['housing', 'market', 'urban'],
        reason: '顶格协调',
      },
      supervisor,
    ).state;
    assert.equal(decided.leadDepartment, 'urban');
    assert.deepEqual(
      decided.coDepartments.map((t) => t.department),
      ['housing', 'market'],
    );
    assert.equal(decided.firstContactDepartment, 'housing');
  });

  it('lets co-departments work in parallel while the lead replies', () => {
    let s = decide(newLifecycle('housing'), { type: 'accept' }, housing).state;
    s = decide(s, { type: 'add_co_departments', departments: ['urban', 'market'] }, housing).state;
    s = decide(s, { type: 'submit_input', message: '已拆除违建' }, urban).state;
    s = decide(s, { type: 'submit_input', message: '已立案' }, market).state;
    assert.deepEqual(
      s.coDepartments.map((t) => [t.department, t.status, t.input]),
      [
        ['urban', 'submitted', '已拆除违建'],
        ['market', 'submitted', '已立案'],
      ],
    );
    assert.equal(decide(s, { type: 'reply', message: '已处理' }, housing).state.status, 'replied');
  });

  it('lets a co-department named by 顶格协调 post its input before the lead signs', () => {
    const coordinated = decide(
      stateIn('coordination', { coDepartments: [] }),
      { type: 'coordinate', lead: 'housing', coDepartments: ['urban'], reason: '多部门联动' },
      supervisor,
    ).state;
    const input = decide(coordinated, { type: 'submit_input', message: '已现场查看' }, urban);
    assert.equal(input.state.status, 'dispatched', 'the lead has still to sign');
    assert.deepEqual(input.state.coDepartments, [
      { department: 'urban', status: 'submitted', input: '已现场查看' },
    ]);
    assert.equal(decide(input.state, { type: 'accept' }, housing).state.status, 'accepted');
  });

  it('drops an extension the lead asked for when 顶格协调 sets a new plan', () => {
    const pending = { department: 'housing', reason: '需更换电缆', workingDays: 5 };
    const coordinated = decide(
      stateIn('in_progress', { pendingExtension: pending }),
      { type: 'coordinate', lead: 'urban', coDepartments: [], reason: '小区内路灯属物业' },
      supervisor,
    );
    assert.equal(coordinated.state.pendingExtension, null);
    assert.deepEqual(coordinated.event.data.droppedExtension, pending);
    const accepted = decide(coordinated.state, { type: 'accept' }, urban).state;
    assert.equal(
      refusal(() => decide(accepted, { type: 'approve_extension' }, supervisor)),
      'TRANSITION_NOT_ALLOWED',
      "the first lead's request does not extend the new lead's answer",
    );
  });

  it('says in Chinese why an extension cannot be decided or asked again, not just the status', () => {
    const message = (fn: () => unknown) => {
      try {
        fn();
      } catch (err) {
        return err instanceof Error ? err.message : '';
      }
      return 'ALLOWED';
    };
    const none = message(() =>
      decide(stateIn('accepted'), { type: 'approve_extension' }, supervisor),
    );
    assert.match(none, /^没有待审批的延期申请，不能批准延期 \/ /);
    const waiting = stateIn('in_progress', {
      pendingExtension: { department: 'housing', reason: '需现场勘验', workingDays: 5 },
    });
    const again = message(() =>
      decide(waiting, { type: 'request_extension', reason: '再延', workingDays: 2 }, housing),
    );
    assert.match(again, /^已有延期申请待审批，不能申请延期 \/ /);
  });

  it('takes a co-department a transfer is approved to off the co-departments', () => {
    const s = stateIn('transfer_requested', {
      pendingTransfer: { from: 'housing', to: 'market', reason: '属市场监管' },
    });
    const moved = decide(s, { type: 'approve_transfer' }, duty).state;
    assert.equal(moved.leadDepartment, 'market');
    assert.deepEqual(moved.coDepartments, []);
  });

  it('takes a co-department that 顶格协调 makes lead off the co-departments', () => {
    const s = stateIn('coordination', {
      coDepartments: [{ department: 'market', status: 'submitted', input: '已查处' }],
    });
    const decided = decide(
      s,
      {
        type: 'coordinate',
        lead: 'market',
        coDepartments: ['housing'],
        reason: '改由市场监管牵头',
      },
      supervisor,
    ).state;
    assert.equal(decided.leadDepartment, 'market');
    assert.deepEqual(decided.coDepartments, [{ department: 'housing', status: 'assigned' }]);
    assert.equal(
      refusal(() => decide(decided, { type: 'submit_input', message: '补充' }, market)),
      'FORBIDDEN',
      'the lead answers; it posts no co-department input to itself',
    );
  });

  it('asks the co-departments again when a 不满意 sends the ticket back (重办)', () => {
    let s = decide(newLifecycle('housing'), { type: 'accept' }, housing).state;
    s = decide(s, { type: 'add_co_departments', departments: ['urban'] }, housing).state;
    s = decide(s, { type: 'submit_input', message: '已拆除违建' }, urban).state;
    s = decide(s, { type: 'reply', message: '已处理' }, housing).state;
    const reopened = decide(s, { type: 'rate', rating: 'dissatisfied' }, requester);
    assert.equal(reopened.event.type, 'reopen');
    assert.deepEqual(reopened.state.coDepartments, [
      { department: 'urban', status: 'assigned', input: '已拆除违建' },
    ]);
  });

  it('refuses to add only departments already on the ticket', () => {
    const s = stateIn('in_progress');
    const code = refusal(() =>
      decide(s, { type: 'add_co_departments', departments: ['market', 'housing'] }, housing),
    );
    assert.equal(code, 'INVALID_COMMAND');
  });

  it('reopens once to the same lead on 不满意, then escalates the second 不满意', () => {
    const first = decide(
      stateIn('replied'),
      { type: 'rate', rating: 'dissatisfied', comment: '没解决' },
      requester,
    );
    assert.equal(first.event.type, 'reopen');
    assert.equal(first.state.status, 'in_progress');
    assert.equal(first.state.leadDepartment, 'housing');
    assert.equal(first.state.supervised, true);
    const replied = decide(first.state, { type: 'reply', message: '再次处理' }, housing).state;
    const second = decide(replied, { type: 'rate', rating: 'dissatisfied' }, requester);
    assert.equal(second.event.type, 'escalate');
    assert.equal(second.state.status, 'coordination');
    assert.deepEqual(second.event.data, { rating: 'dissatisfied', trigger: 'second_dissatisfied' });
  });

  it('records a satisfied rating and lets duty staff close the ticket', () => {
    const rated = decide(stateIn('replied'), { type: 'rate', rating: 'basic' }, requester).state;
    assert.equal(rated.rating, 'basic');
    assert.equal(decide(rated, { type: 'close' }, duty).state.status, 'closed');
  });
});
