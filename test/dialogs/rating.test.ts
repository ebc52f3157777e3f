import { HandoffRequestSchema } from '../../src/handoff/types';
import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { DialogTurnStatus } from 'botbuilder-dialogs';
import type { Actor, Command, Rating } from '../../src/tickets/lifecycle';
import type { Requester } from '../../src/tickets/ticket';
import { sampleTicket } from '../support/fixtures';
import {
  converse,
  createHarness,
  say,
  textOf,
  type Harness,
  type Turn,
} from '../support/dialogHarness';

const housing: Actor = { role: 'department', id: 'staff-1', department: 'housing' };
const ACCEPTED: [Command, Actor][] = [[{ type: 'accept' }, housing]];
const REPLIED: [Command, Actor][] = [
  ...ACCEPTED,
  [{ type: 'reply', message: '已责令物业退还多收的停车费' }, housing],
];

/** What a row leaves on the ticket, and in its last history event. */
interface After {
  status: string;
  rating: Rating | null;
  event?: string;
  comment?: string;
}

interface Row {
  name: string;
  /** Steps the ticket went through before the conversation (as `housing` and `requester`). */
  before: [Command, Actor | 'requester'][];
  requesterType?: Requester['type'];
  /** ID in a message stands for the ticket's number. */
  turns: Turn[];
  after: After;
}

const supervisor: Actor = { role: 'supervisor', id: 'sup-1' };

const ROWS: Row[] = [
  {
    // A supervisor closed the answered ticket unrated: the answer is not still to come.
    name: 'says a ticket closed unrated can no longer be rated when 满意 is typed',
    before: [...REPLIED, [{ type: 'close', reason: '回访确认已办结' }, supervisor]],
    turns: [['满意', ['工单 ID 已办结，评价期已过，不能再评价。']]],
    after: { status: 'closed', rating: null, event: 'close' },
  },
  {
    // The answer's buttons never reached the chat (or scrolled away): the one answer is meant.
    name: 'rates the one answer waiting for it when 我要评价 comes without a number',
    before: REPLIED,
    turns: [
      ['我要评价', ['请您对工单 ID 的办理结果作出评价：']],
      ['满意', ['已记录您对工单 ID 的评价：满意。']],
    ],
    after: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: 'records 满意 typed with the ticket number and thanks the person',
    before: REPLIED,
    turns: [['评价 ID 满意', ['已记录您对工单 ID 的评价：满意。感谢您的监督！']]],
    after: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: 'records the value a rating button posts back',
    before: REPLIED,
    turns: [['评价 ID 基本满意', ['已记录您对工单 ID 的评价：基本满意。']]],
    after: { status: 'rated', rating: 'basic', event: 'rate' },
  },
  {
    name: 'rates the answered ticket when 满意 is typed instead of pressing the button',
    before: REPLIED,
    turns: [['满意', ['已记录您对工单 ID 的评价：满意。感谢您的监督！']]],
    after: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: 'rates the answered ticket when 还行 is typed alone',
    before: REPLIED,
    turns: [['还行', ['已记录您对工单 ID 的评价：基本满意。']]],
    after: { status: 'rated', rating: 'basic', event: 'rate' },
  },
  {
    name: 'asks for the rating of the answered ticket on 我要评价',
    before: REPLIED,
    turns: [
      ['我要评价', ['请您对工单 ID 的办理结果作出评价：']],
      ['不满意', ['已退回住房和城乡建设局重新办理', '哪些问题没有解决']],
      ['跳过', [/./]],
    ],
    after: { status: 'in_progress', rating: 'dissatisfied', event: 'reopen' },
  },
  {
    name: 'says when rating comes on 满意 while the ticket is not answered yet',
    before: ACCEPTED,
    turns: [['满意', ['收到答复后我会请您评价办理结果']]],
    after: { status: 'accepted', rating: null, event: 'accept' },
  },
  {
    name: 'asks with the three buttons when the rating word is missing',
    before: REPLIED,
    turns: [
      ['评价 ID', ['请您对工单 ID 的办理结果作出评价：']],
      ['基本满意', ['已记录您对工单 ID 的评价：基本满意。']],
    ],
    after: { status: 'rated', rating: 'basic', event: 'rate' },
  },
  {
    name: 'asks again, once, for a rating it does not recognise',
    before: REPLIED,
    turns: [
      ['评价 ID', ['请您对工单 ID 的办理结果作出评价：']],
      ['还可以吧', ['请选择“满意”“基本满意”或“不满意”。']],
      ['满意', ['已记录您对工单 ID 的评价：满意。']],
    ],
    after: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: 'after 不满意 asks what is not solved and reopens to the same department under supervision',
    before: REPLIED,
    turns: [
      [
        '评价 ID 不满意',
        [
          '已记录您的评价：不满意。工单 ID 已退回住房和城乡建设局重新办理，并列入督办；重新答复后会在这里通知您，并请您再次评价。',
          '请简单说说还有哪些问题没有解决，不想说可回复“跳过”。',
        ],
      ],
      ['停车费还是没退 <b>', ['已把您的说明记入工单 ID，办理单位重新办理时会看到。']],
    ],
    after: {
      status: 'in_progress',
      rating: 'dissatisfied',
      event: 'note',
      comment: '停车费还是没退 <b>',
    },
  },
  {
    // The widget, 8 December 2026: the 不满意 and the reason in one message were answered with
    // "请您对…作出评价", and the reason was never recorded.
    name: 'records 不满意 said with what is not solved in one message, and the words with it',
    before: REPLIED,
    turns: [
      [
        '不满意，停车费根本没退，物业还是老样子',
        ['已退回住房和城乡建设局重新办理', '已把您的说明记入工单 ID'],
      ],
    ],
    after: {
      status: 'in_progress',
      rating: 'dissatisfied',
      event: 'note',
      comment: '停车费根本没退，物业还是老样子',
    },
  },
  {
    name: 'takes 不满意 with its reason as the answer to the rating question too',
    before: REPLIED,
    turns: [
      ['我要评价', ['请您对工单 ID 的办理结果作出评价：']],
      // A sentence in English: the reply follows it (one language rule).
      [
        'Not satisfied, the fee was not refunded',
        [
          'goes back to Housing and Urban-Rural Development Bureau',
          'Your words are added to ticket ID',
        ],
      ],
    ],
    after: {
      status: 'in_progress',
      rating: 'dissatisfied',
      event: 'note',
      comment: 'the fee was not refunded',
    },
  },
  {
    name: 'takes "多久能处理好" at the comment question as the comment, not a question about hours',
    before: REPLIED,
    turns: [
      ['评价 ID 不满意', ['已退回住房和城乡建设局重新办理', '哪些问题没有解决']],
      ['多久能处理好', ['已把您的说明记入工单 ID']],
    ],
    after: {
      status: 'in_progress',
      rating: 'dissatisfied',
      event: 'note',
      comment: '多久能处理好',
    },
  },
  {
    name: 'takes 跳过 as no comment',
    before: REPLIED,
    turns: [
      ['评价 ID 不满意', ['已退回住房和城乡建设局重新办理', '哪些问题没有解决']],
      ['跳过', ['不补充也可以']],
    ],
    after: { status: 'in_progress', rating: 'dissatisfied', event: 'reopen' },
  },
  {
    name: 'takes 不用了 to the comment question as no comment, not as dropping the rating',
    before: REPLIED,
    turns: [
      ['评价 ID 不满意', ['已记录您的评价：不满意。', '哪些问题没有解决']],
      ['不用了', ['不补充也可以']],
    ],
    after: { status: 'in_progress', rating: 'dissatisfied', event: 'reopen' },
  },
  {
    name: 'passes a second 不满意 to a supervisor and says so',
    before: [
      ...REPLIED,
      [{ type: 'rate', rating: 'dissatisfied' }, 'requester'],
      [{ type: 'reply', message: '已再次约谈物业' }, housing],
    ],
    turns: [
      [
        '评价 ID 不满意',
        [
          '已记录您的评价：不满意。工单 ID 已提交上级协调（督办），由上级确定办理单位；有进展会在这里通知您。',
          '哪些问题没有解决',
        ],
      ],
      ['还是没退', ['已把您的说明记入工单 ID']],
    ],
    after: {
      status: 'coordination',
      rating: 'dissatisfied',
      event: 'note',
      comment: '还是没退',
    },
  },
  {
    name: 'rates in English',
    before: REPLIED,
    turns: [['rate ID satisfied', ['Your rating of ticket ID is recorded: Satisfied. Thank you!']]],
    after: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: 'rates in English from the button value, "basically satisfied"',
    before: REPLIED,
    turns: [['rate ID basically satisfied', ['recorded: Basically satisfied.']]],
    after: { status: 'rated', rating: 'basic', event: 'rate' },
  },
  {
    name: 'asks in English and reopens on "Dissatisfied" with a comment',
    before: REPLIED,
    turns: [
      ['rate ID', ['How satisfied are you with how ticket ID was handled?']],
      [
        'Dissatisfied',
        [
          'Ticket ID goes back to Housing and Urban-Rural Development Bureau to be handled again, under supervision',
          'Please tell us briefly what is still not solved, or say "skip".',
        ],
      ],
      ['the fee was not refunded', ['Your words are added to ticket ID']],
    ],
    after: {
      status: 'in_progress',
      rating: 'dissatisfied',
      event: 'note',
      comment: 'the fee was not refunded',
    },
  },
  {
    name: 'says plainly that a ticket not answered yet cannot be rated',
    before: ACCEPTED,
    turns: [
      ['评价 ID 满意', ['工单 ID 还没有答复，收到答复后才能评价。可发送“查询 ID”查看进度。']],
    ],
    after: { status: 'accepted', rating: null, event: 'accept' },
  },
  {
    name: 'says so in English too',
    before: ACCEPTED,
    turns: [
      ['rate ID satisfied', ['Ticket ID has not been answered yet; you can rate it once it is.']],
    ],
    after: { status: 'accepted', rating: null, event: 'accept' },
  },
  {
    name: 'says a rated ticket cannot be rated again',
    before: [...REPLIED, [{ type: 'rate', rating: 'satisfied' }, 'requester']],
    turns: [['评价 ID 不满意', ['工单 ID 已经评价过（满意），不能再次评价。']]],
    after: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: 'says so in English too, for a ticket already rated',
    before: [...REPLIED, [{ type: 'rate', rating: 'basic' }, 'requester']],
    turns: [['rate ID dissatisfied', ['Ticket ID has already been rated (Basically satisfied)']]],
    after: { status: 'rated', rating: 'basic', event: 'rate' },
  },
  {
    name: 'tells a reopened ticket waiting for its new answer that it is not answered yet',
    before: [...REPLIED, [{ type: 'rate', rating: 'dissatisfied' }, 'requester']],
    turns: [['评价 ID 满意', ['还没有答复']]],
    after: { status: 'in_progress', rating: 'dissatisfied', event: 'reopen' },
  },
];

/** Two answered tickets of one person; A and B in a message stand for their numbers. */
interface TwoTicketRow {
  name: string;
  turns: Turn[];
  a: After;
  b: After;
}

const TWO_TICKETS: TwoTicketRow[] = [
  {
    // The teamswalk and deptwalk merges: "满意" alone rated the newest of two answers, a guess
    // that would count in one department's assessment for the other's work.
    name: 'asks which ticket when "满意" comes alone with two answers waiting, rating neither',
    turns: [['满意', ['您有 2 个已答复、待评价的工单']]],
    a: { status: 'replied', rating: null, event: 'reply' },
    b: { status: 'replied', rating: null, event: 'reply' },
  },
  {
    name: 'asks for the number when 我要评价 comes with two answers waiting',
    turns: [['我要评价', ['您有 2 个已答复、待评价的工单']]],
    a: { status: 'replied', rating: null, event: 'reply' },
    b: { status: 'replied', rating: null, event: 'reply' },
  },
  {
    name: "rates B when B's button is tapped while the question about A is open, and leaves A unrated",
    turns: [
      ['评价 A', ['请您对工单 A 的办理结果作出评价：']],
      ['评价 B 满意', ['已记录您对工单 B 的评价：满意。']],
    ],
    a: { status: 'replied', rating: null, event: 'reply' },
    b: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: "asks about B when B's button without a rating comes while A's question is open",
    turns: [
      ['评价 A', ['请您对工单 A 的办理结果作出评价：']],
      ['评价 B', ['请您对工单 B 的办理结果作出评价：']],
      ['基本满意', ['已记录您对工单 B 的评价：基本满意。']],
    ],
    a: { status: 'replied', rating: null, event: 'reply' },
    b: { status: 'rated', rating: 'basic', event: 'rate' },
  },
  {
    name: "rates B, not A's comment, when B's button is tapped at the question on what is unsolved",
    turns: [
      ['评价 A 不满意', ['已记录您的评价：不满意。', '哪些问题没有解决']],
      ['评价 B 满意', ['已记录您对工单 B 的评价：满意。']],
    ],
    a: { status: 'in_progress', rating: 'dissatisfied', event: 'reopen' },
    b: { status: 'rated', rating: 'satisfied', event: 'rate' },
  },
  {
    name: "takes A's own button as the answer to the question about A",
    turns: [
      ['评价 A', ['请您对工单 A 的办理结果作出评价：']],
      ['评价 A 基本满意', ['已记录您对工单 A 的评价：基本满意。']],
    ],
    a: { status: 'rated', rating: 'basic', event: 'rate' },
    b: { status: 'replied', rating: null, event: 'reply' },
  },
  {
    name: "asks again what is unsolved when A's 不满意 is tapped twice, and keeps the words that follow",
    turns: [
      ['评价 A 不满意', ['已记录您的评价：不满意。', '哪些问题没有解决']],
      ['评价 A 不满意', ['哪些问题没有解决']],
      ['停车费还是没退', ['已把您的说明记入工单 A']],
    ],
    a: { status: 'in_progress', rating: 'dissatisfied', event: 'note', comment: '停车费还是没退' },
    b: { status: 'replied', rating: null, event: 'reply' },
  },
];

describe('RatingDialog: the requester rates the answer', () => {
  let h: Harness;
  let seq = 0;
  beforeEach(() => {
    h = createHarness();
  });
  afterEach(async () => {
    await h.close();
  });

  /** A ticket filed by `user` in the test channel, taken through `steps`. */
  async function ticketOf(
    user: string,
    steps: [Command, Actor | 'requester'][],
    requesterType: Requester['type'] = 'citizen',
  ): Promise<string> {
    seq += 1;
    const t = sampleTicket();
    const key = `test:${user}`;
    const { ticket } = await h.tickets.create({
      channel: 'test',
      conversation: t.conversation,
      requester: { key, type: requesterType },
      text: `物业乱收费 ${seq}`,
      lang: 'zh',
      classification: t.classification,
      district: null,
      location: null,
    });
    for (const [command, actor] of steps) {
      await h.tickets.act(
        ticket.id,
        command,
        actor === 'requester' ? { role: 'requester', id: key } : actor,
      );
    }
    return ticket.id;
  }

  for (const row of ROWS) {
    it(row.name, async () => {
      const user = `rater-${seq + 1}`;
      const id = await ticketOf(user, row.before, row.requesterType);
      const chat = h.client(user);
      const turns: Turn[] = row.turns.map(([says, expected]) => [
        says.replaceAll('ID', id),
        expected.map((e) => (typeof e === 'string' ? e.replaceAll('ID', id) : e)),
      ]);
      await converse(chat, turns);
      assert.equal(chat.dialogTurnResult.status, DialogTurnStatus.complete);
      const view = await h.tickets.findForRequester(id, `test:${user}`);
      assert.ok(view, 'view');
      assert.equal(view.ticket.status, row.after.status);
      assert.equal(view.ticket.rating, row.after.rating);
      const last = view.history.at(-1);
      assert.equal(last?.type, row.after.event);
      if (['rate', 'reopen', 'escalate', 'note'].includes(last?.type ?? '')) {
        // The rating is recorded first; what was not solved follows as the person's own note.
        assert.equal(last?.type === 'note' ? last.note : undefined, row.after.comment);
        assert.deepEqual(last?.actor, {
          kind: 'requester',
          id: `test:${user}`,
          role: 'requester',
        });
      }
    });
  }

  for (const row of TWO_TICKETS) {
    it(row.name, async () => {
      const user = `two-${seq + 1}`;
      const a = await ticketOf(user, REPLIED);
      const b = await ticketOf(user, REPLIED);
      const named = (text: string) => text.replaceAll('A', a).replaceAll('B', b);
      const chat = h.client(user);
      await converse(
        chat,
        row.turns.map(([says, expected]) => [
          named(says),
          expected.map((e) => (typeof e === 'string' ? named(e) : e)),
        ]),
      );
      assert.equal(chat.dialogTurnResult.status, DialogTurnStatus.complete);
      for (const [id, after] of [
        [a, row.a],
        [b, row.b],
      ] as const) {
        const view = await h.tickets.findForRequester(id, `test:${user}`);
        assert.ok(view, 'view');
        assert.deepEqual(
          {
            status: view.ticket.status,
            rating: view.ticket.rating,
            event: view.history.at(-1)?.type,
          },
          { status: after.status, rating: after.rating, event: after.event },
          id,
        );
        const notes = view.history.flatMap((e) => (e.type === 'note' ? [e.note] : []));
        assert.deepEqual(notes, after.comment === undefined ? [] : [after.comment], id);
      }
    });
  }

  it('puts a person dissatisfied twice at the front of the duty staff queue', async () => {
    const id = await ticketOf('twice', [
      ...REPLIED,
      [{ type: 'rate', rating: 'dissatisfied' }, 'requester'],
      [{ type: 'reply', message: '已再次约谈物业' }, housing],
    ]);
    await h.handoffs.escalate(
      HandoffRequestSchema.parse({
        conversationKey: 'test:someone-else',
        conversation: { channelId: 'test', conversationId: 'someone-else', reference: {} },
        reason: 'human_requested',
        emergencyKind: null,
        lang: 'zh',
        at: '2026-11-27T06:00:00.000Z',
        ticketId: null,
      }),
      [],
    );
    await converse(h.client('twice'), [[`评价 ${id} 不满意`, ['已提交上级协调']]]);
    const [first, second] = await h.handoff.waiting(10);
    assert.equal(first?.request.reason, 'dissatisfied_twice');
    assert.equal(first?.request.ticketId, id);
    assert.equal(second?.request.conversationKey, 'test:someone-else');
  });

  it('tells a person dissatisfied twice that the supervisor, not the department, reads what they add', async () => {
    // 7 December 2026 on the widget: after the second "dissatisfied" the bot said the ticket had
    // gone to a supervisor, then that "the department sees them as it works on it again".
    const id = await ticketOf('twice-comment', [
      ...REPLIED,
      [{ type: 'rate', rating: 'dissatisfied' }, 'requester'],
      [{ type: 'reply', message: '已再次约谈物业' }, housing],
    ]);
    await converse(h.client('twice-comment'), [
      [`评价 ${id} 不满意`, ['已提交上级协调']],
      ['还是没退', [`已把您的说明记入工单 ${id}，督办人员确定办理单位时会看到。`]],
    ]);
  });

  it('keeps a 不满意 when the person asks for a person instead of answering what is unsolved', async () => {
    const id = await ticketOf('interrupted', REPLIED);
    const chat = h.client('interrupted');
    await converse(chat, [
      [`评价 ${id} 不满意`, ['已记录您的评价：不满意。', '哪些问题没有解决']],
      ['转人工', []],
    ]);
    const view = await h.tickets.findForRequester(id, 'test:interrupted');
    assert.equal(view?.ticket.rating, 'dissatisfied');
    assert.equal(view?.ticket.status, 'in_progress');
    assert.equal(view?.ticket.reopenCount, 1);
  });

  it('takes a rating tapped in the middle of a new request, then asks the open question again', async () => {
    const id = await ticketOf('busy', REPLIED);
    const chat = h.client('busy');
    await converse(chat, [
      ['我家小区物业乱收费，每个月多收两百块停车费，市南区香港中路', ['个人（市民）还是企业']],
      [`评价 ${id} 满意`, [`已记录您对工单 ${id} 的评价：满意。`, '个人（市民）还是企业']],
      ['市民', ['联系电话']],
    ]);
    const view = await h.tickets.findForRequester(id, 'test:busy');
    assert.equal(view?.ticket.rating, 'satisfied');
  });

  it('shows the rating buttons, each posting the whole command back', async () => {
    const id = await ticketOf('buttons', REPLIED);
    const replies = await say(h.client('buttons'), `评价 ${id}`);
    const actions = replies.flatMap((r: Partial<Activity>) => r.suggestedActions?.actions ?? []);
    assert.deepEqual(
      actions.map((a) => [a.type, a.title, a.value]),
      [
        ['imBack', '满意', `评价 ${id} 满意`],
        ['imBack', '基本满意', `评价 ${id} 基本满意`],
        ['imBack', '不满意', `评价 ${id} 不满意`],
      ],
    );
  });

  it('answers someone else’s ticket exactly like an unknown one, and changes nothing', async () => {
    const id = await ticketOf('owner', REPLIED);
    const unknown = 'QD20261127-999999';
    const foreign = textOf(await say(h.client('stranger'), `评价 ${id} 不满意`));
    const absent = textOf(await say(h.client('stranger'), `评价 ${unknown} 不满意`));
    assert.equal(foreign.replaceAll(id, 'ID'), absent.replaceAll(unknown, 'ID'));
    assert.equal(
      foreign,
      `没有查到与您相关的工单 ${id}，请核对工单号。这里只能查到在本对话中登记的工单；如果是在其他设备或通过电话登记的，请回复“人工”，由工作人员核实后帮您查询。`,
    );
    const view = await h.tickets.findForRequester(id, 'test:owner');
    assert.equal(view?.ticket.status, 'replied');
    assert.equal(view?.ticket.version, 2);
  });

  it('refuses a requester acting on someone else’s ticket in the service too', async () => {
    const id = await ticketOf('owner-2', REPLIED);
    await assert.rejects(
      h.tickets.act(
        id,
        { type: 'rate', rating: 'satisfied' },
        { role: 'requester', id: 'test:other' },
      ),
      { code: 'TICKET_NOT_FOUND' },
    );
  });

  it('marks a rating by an enterprise as such, for the enterprise satisfaction index', async () => {
    const firm = await ticketOf('firm', REPLIED, 'enterprise');
    const person = await ticketOf('citizen', REPLIED, 'citizen');
    await converse(h.client('firm'), [[`评价 ${firm} 满意`, ['满意']]]);
    await converse(h.client('citizen'), [[`评价 ${person} 基本满意`, ['基本满意']]]);
    const rated = async (id: string, user: string) =>
      (await h.tickets.findForRequester(id, `test:${user}`))?.history.at(-1)?.data;
    assert.deepEqual(await rated(firm, 'firm'), {
      rating: 'satisfied',
      requesterType: 'enterprise',
    });
    assert.deepEqual(await rated(person, 'citizen'), { rating: 'basic', requesterType: 'citizen' });
  });
});
