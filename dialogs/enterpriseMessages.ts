import type { Lang } from '../src/nlu/types';

/** What the bot says about an enterprise's shared tickets and its details (Teams tenants). */
const zh = {
  statusListIntro: (enterprise: string) => `${enterprise}最近的工单（含同事反映的事项）：`,
  colleagueMark: '（同事反映）',
  colleagueDetail: '这是同事以本企业名义反映的事项，办理记录仅提交人可见。',
  /** A colleague's answered ticket: it waits for the filer's rating, which nobody else can give. */
  colleagueReplied: '已答复，待提交人评价',
  colleagueRating: (id: string) =>
    `工单 ${id} 是同事以本企业名义反映的事项，只能由提交的同事评价。您对这件事有新的情况，可以直接描述，我会为您登记。`,
  askName: (current: string | null) =>
    current === null
      ? '请提供正确的企业名称。'
      : `当前登记的企业名称是“${current}”。请回复正确的企业名称，不需修改请回复“跳过”。`,
  askCode: (current: string | null) =>
    current === null
      ? '请提供企业的统一社会信用代码（18位），不需修改请回复“跳过”。'
      : `当前登记的统一社会信用代码是 ${current}。请回复正确的代码，不需修改请回复“跳过”。`,
  unchanged: '企业信息没有修改。',
  corrected: (name: string, code: string) =>
    `企业信息已更新：${name}，统一社会信用代码 ${code}。本企业同事之后的诉求将使用新信息，已提交的工单不受影响。`,
  skip: '跳过',
};

export type EnterpriseMessages = typeof zh;

const en: EnterpriseMessages = {
  statusListIntro: (enterprise: string) =>
    `Recent tickets of ${enterprise} (including those your colleagues filed):`,
  colleagueMark: ' (filed by a colleague)',
  colleagueDetail:
    'A colleague filed this for your enterprise; only they can see its handling record.',
  colleagueReplied: "Answered, awaiting the filer's rating",
  colleagueRating: (id) =>
    `A colleague filed ticket ${id} for your enterprise; only they can rate it. If there is something new about it, describe it and I will file it for you.`,
  askName: (current) =>
    current === null
      ? "What is the enterprise's correct name?"
      : `The enterprise is recorded as "${current}". Reply with the correct name, or "Skip" to keep it.`,
  askCode: (current) =>
    current === null
      ? 'Please give the unified social credit code (18 characters), or "Skip".'
      : `The recorded credit code is ${current}. Reply with the correct one, or "Skip" to keep it.`,
  unchanged: 'The enterprise details are unchanged.',
  corrected: (name, code) =>
    `Enterprise details updated: ${name}, credit code ${code}. Your colleagues' next requests use them; tickets already filed keep theirs.`,
  skip: 'Skip',
};

export function enterpriseMessages(lang: Lang): EnterpriseMessages {
  return lang === 'zh' ? zh : en;
}
