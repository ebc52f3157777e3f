import type { TurnContext } from 'botbuilder';
import { messageLength } from '../src/nlu/language';
import { OPEN_STATUSES } from '../src/tickets/lifecycle';
import { requesterKey } from './identity';
import { messages } from './messages';
import { getSession, type DialogServices } from './services';
import { departmentName } from './status';

/** Longer than this, a message that mentions hours or days is a request, not a question. */
const MAX_LENGTH = 24;
/** How many of the person's newest tickets are looked at for one still waiting for its answer. */
const RECENT = 5;

const WHEN = String.raw`(?:几点|什么时候|啥时候|何时)`;
const OPEN = String.raw`(?:上班|下班|开门|关门|有人|办公|值班)`;
const HOW_LONG = String.raw`(?:一般|通常|大概)?(?:多久|多长时间|几天|多少天|几个工作日)`;
const ANSWERED = String.raw`(?:能|会|可以|才能|才会)?(?:给我|给)?(?:答复|回复|处理|办理|办好|解决|有结果|有回复|回电)`;
const DAYS_OFF = String.raw`(?:周末|星期六|星期天|周六|周日|节假日|假期|过年|春节|国庆|晚上|夜里)`;

/** "什么时候能收到答复", "啥时候有结果": not "什么时候处理", which presses for it (催办). */
const WHEN_ANSWERED = new RegExp(
  `${WHEN}(?:能|会|可以|才能|才会)?(?:收到|得到|有|给我)?(?:答复|回复|结果|回音|消息|回电)`,
  'u',
);
/** Asking when an answer comes, rather than when the hotline works. */
const ASKS_ANSWER_TIME = [
  new RegExp(`${HOW_LONG}${ANSWERED}`, 'u'),
  WHEN_ANSWERED,
  /\bhow\s+long\s+(?:does\s+it|will\s+it|do\s+you)\s+(?:usually\s+)?take\b/i,
  /\bwhen\s+(?:will|do|can|would|should)\s+i\s+(?:get|hear|receive|have)\b/i,
];

const ASKS_ZH = [
  new RegExp(`^(?:你们|热线|12345|请问)*.{0,4}${WHEN}${OPEN}`, 'u'),
  /(?:工作|办公|上班|值班|服务)时间/u,
  new RegExp(
    `${DAYS_OFF}(?:也|还)?(?:上班|办公|处理|办理|受理|有人|值班){1,2}(?:吗|么|嘛|不)`,
    'u',
  ),
];
const ASKS_EN = [
  /\b(?:what|which)\s+(?:are\s+)?(?:your\s+)?(?:opening|office|working|business)\s+hours\b/i,
  /\bwhen\s+(?:are|is)\s+(?:you|the\s+hotline|someone|anyone)\s+(?:open|available|on\s+duty)\b/i,
  /\b(?:open|work)\s+(?:on\s+)?(?:weekends|holidays|at\s+night)\b/i,
];

/**
 * "你们几点上班", "一般多久能答复", "周末也处理吗": a question about when the hotline works and
 * how long an answer takes, not a request to file. Short messages only: "物业晚上几点还有人施工"
 * names a time but is a complaint.
 */
export function asksAboutHours(text: string): boolean {
  const t = text.trim();
  if (t === '' || messageLength(t) > MAX_LENGTH) return false;
  return [...ASKS_ZH, ...ASKS_EN, ...ASKS_ANSWER_TIME].some((r) => r.test(t));
}

/** The answer, from the configured duty and working hours; `midForm` leaves out "describe it". */
export async function answerHours(
  services: DialogServices,
  ctx: TurnContext,
  midForm: boolean,
): Promise<void> {
  const { handoff, calendar } = services;
  const lang = (await getSession(services, ctx)).lang;
  const m = messages(lang);
  const text = (ctx.activity.text ?? '').trim();
  if (ASKS_ANSWER_TIME.some((r) => r.test(text))) {
    // "那我什么时候能收到答复" after filing: their own ticket's time limit, not the hotline's hours.
    const mine = await services.tickets.listForRequester(requesterKey(ctx), RECENT);
    const waiting = mine.find((t) => OPEN_STATUSES.includes(t.status));
    if (waiting !== undefined) {
      const due = calendar.formatDue(new Date(waiting.dueAt), lang);
      const lead = waiting.leadDepartment;
      const dept = lead === null ? null : departmentName(services, lead, lang);
      await ctx.sendActivity(m.ownAnswerDue(waiting.id, dept, due));
      return;
    }
  }
  const duty = handoff.roundTheClock ? null : handoff.dutyHoursText();
  await ctx.sendActivity(m.hoursAnswer(duty, calendar.workingHoursText, midForm));
}

/** How the answer reaches the person: "答复会发到哪里", "能不能发短信通知我", "how will I know?". */
const ASKS_HOW_TOLD = [
  /(?:答复|回复|结果|处理结果|办理结果|进展)(?:会)?(?:怎么|如何|通过什么|用什么方式)(?:通知|告诉|发|给|联系)/u,
  /(?:答复|回复|结果|处理结果|办理结果)(?:会)?(?:发到|发在|在|去)哪/u,
  /(?:能不能|能否|可以|可不可以|会不会|会)(?:给我)?(?:发)?短信(?:通知|告诉)?/u,
  /怎么(?:通知|告诉|联系)我/u,
  /\bhow\s+will\s+i\s+(?:be\s+told|know|hear|find\s+out|get\s+the\s+(?:answer|result|reply))\b/i,
  /\bwhere\s+will\s+(?:the\s+|i\s+get\s+the\s+)?(?:answer|reply|result)\b/i,
  /\b(?:sms|text\s+message|text\s+me)\b/i,
];

/** A short question about how the answer reaches the person; a long message is a request. */
export function asksHowAnswered(text: string): boolean {
  const t = text.trim();
  if (t === '' || messageLength(t) > MAX_LENGTH) return false;
  return ASKS_HOW_TOLD.some((r) => r.test(t));
}
