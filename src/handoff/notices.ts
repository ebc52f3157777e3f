import type { Lang } from '../nlu/types';

/**
 * Nobody is online (or the desk is closed): no wait can be promised, only that the reply comes in
 * this chat once someone is, and where to turn meanwhile.
 */
const NOBODY_ONLINE_ZH =
  '目前没有值班人员在线，值班人员上线后会在此对话中回复您。紧急情况请拨打 110、119 或 120。';
const NOBODY_ONLINE_EN =
  'No duty staff are online right now; they will reply in this chat once they are. In an emergency call 110, 119 or 120.';

/** What the person is told about their place with duty staff, in their language. */
export const handoffNotices = {
  zh: {
    queued: (position: number, minutes: number) =>
      `已为您转接人工。您前面还有 ${position - 1} 位，预计等待约 ${minutes} 分钟。值班人员会在此对话中回复您，请不要关闭页面。`,
    moved: (position: number, minutes: number, someoneFree: boolean) =>
      position > 1
        ? `排队更新：您前面还有 ${position - 1} 位，预计等待约 ${minutes} 分钟。`
        : someoneFree
          ? '您已排在第一位，值班人员马上为您服务。'
          : `您已排在第一位，值班人员正在接待其他市民，预计等待约 ${minutes} 分钟。`,
    movedNobodyOnline: (position: number) =>
      `排队更新：${position <= 1 ? '您已排在第一位' : `您前面还有 ${position - 1} 位`}。${NOBODY_ONLINE_ZH}`,
    claimed: (name: string) => `值班员${name}已接入，正在为您服务。`,
    returned: '已为您转回智能助理。如需人工，随时回复“人工”。',
    closed: '本次人工服务已结束。感谢您的来电，如有其他问题可随时留言。',
    requeued: '值班员暂时离开，已为您重新排队，请稍候。',
    requeuedNobodyOnline: `值班员暂时离开，已为您重新排队。${NOBODY_ONLINE_ZH}`,
    transferred: (name: string) => `已为您转接值班员${name}。`,
    stillWaiting: (position: number, minutes: number) =>
      `您正在排队等待人工服务，前面还有 ${position - 1} 位，预计约 ${minutes} 分钟。请稍候，值班人员会在此对话中回复您。`,
    waitingNobodyOnline: (position: number) =>
      `您正在排队等待人工服务，前面还有 ${position - 1} 位。${NOBODY_ONLINE_ZH}`,
    callbackPending: (when: string, byPhone: boolean) =>
      `目前没有值班人员在线，您的回电请求已登记：值班人员将在 ${when} 前${byPhone ? '给您回电' : '在此对话中联系您'}。紧急情况请拨打 110、119 或 120。`,
    callbackLate: (when: string, byPhone: boolean) =>
      `很抱歉，值班人员未能在约定的 ${when} 前联系您。您的回电请求仍在排队，值班人员上线后会尽快${byPhone ? '给您回电' : '在此对话中联系您'}。紧急情况请拨打 110、119 或 120。`,
    callbackPhoneNoted: (when: string, phone: string) =>
      `好的，已记下回电号码 ${phone}，值班人员将在 ${when} 前给您回电。紧急情况请拨打 110、119 或 120。`,
  },
  en: {
    queued: (position: number, minutes: number) =>
      `You are in the queue for a person: ${position - 1} ahead of you, about ${minutes} min. Duty staff will reply in this chat; please keep it open.`,
    moved: (position: number, minutes: number, someoneFree: boolean) =>
      position > 1
        ? `Queue update: ${position - 1} ahead of you, about ${minutes} min.`
        : someoneFree
          ? 'You are next: a member of the duty staff will be with you shortly.'
          : `You are next; duty staff are helping other people, about ${minutes} min.`,
    movedNobodyOnline: (position: number) =>
      `Queue update: ${position <= 1 ? 'you are next' : `${position - 1} ahead of you`}. ${NOBODY_ONLINE_EN}`,
    claimed: (name: string) => `${name} from the duty desk has joined and is helping you now.`,
    returned: 'You are back with the assistant. Say "agent" any time to reach a person again.',
    closed:
      'This conversation with the duty desk has ended. Thank you; write any time if you need more.',
    requeued: 'The staff member had to step away; you are back in the queue. Please wait.',
    requeuedNobodyOnline: `The staff member had to step away; you are back in the queue. ${NOBODY_ONLINE_EN}`,
    transferred: (name: string) => `You are now talking to ${name} from the duty desk.`,
    stillWaiting: (position: number, minutes: number) =>
      `You are waiting for a person: ${position - 1} ahead of you, about ${minutes} min. Duty staff will reply in this chat.`,
    waitingNobodyOnline: (position: number) =>
      `You are waiting for a person: ${position - 1} ahead of you. ${NOBODY_ONLINE_EN}`,
    callbackPending: (when: string, byPhone: boolean) =>
      `No duty staff are online right now; your call-back request is recorded: duty staff will ${byPhone ? 'call you' : 'contact you in this chat'} by ${when}. In an emergency call 110, 119 or 120.`,
    callbackLate: (when: string, byPhone: boolean) =>
      `We are sorry: duty staff have not reached you by ${when} as promised. Your call-back request is still in the queue; they will ${byPhone ? 'call you' : 'contact you in this chat'} as soon as they are online. In an emergency call 110, 119 or 120.`,
    callbackPhoneNoted: (when: string, phone: string) =>
      `Thank you: duty staff will call you on ${phone} by ${when}. In an emergency call 110, 119 or 120.`,
  },
} satisfies Record<Lang, unknown>;

/** How a staff member appears in the person's chat. */
export function staffDisplayName(name: string, lang: Lang): string {
  return lang === 'zh' ? `12345 值班员 ${name}` : `12345 duty staff ${name}`;
}
