import { messages } from '../../dialogs/messages';

/**
 * What the bot says in the dialog tables (test/dialogs/{conversations,answers,language}.test.ts),
 * written out once: a reworded message fails every table that expects it. `ID` stands for the
 * ticket number, which the harness replaces.
 */
export const zh = messages('zh');

export const en = messages('en');

export const ASK_TYPE = '请问您是以个人（市民）还是企业的身份反映？';

export const ASK_TYPE_EN = 'Are you contacting us as a citizen or on behalf of an enterprise?';

export const ASK_DISTRICT = '请问事情发生在哪个区（市）？';

export const ASK_DISTRICT_EN = 'Which district (or county-level city) is this in?';

export const ASK_PLACE = '请补充具体位置（街道、小区或门牌号），没有可回复“跳过”。';

export const ASK_PLACE_EN =
  'Where exactly (street, community or building number)? Say "skip" if you prefer not to.';

export const ASK_PHONE = '方便留个联系电话以便回访吗？可输入手机或固话，不方便请回复“跳过”。';

export const ASK_PHONE_EN =
  'May we have a phone number for a call-back? Mobile or landline, or say "skip".';

export const ASK_FIELD = '请问要修改哪一项？';

export const ASK_CORRECTION = '请选择正确的部门，或重新描述：';

export const ASK_DEPARTMENT = '我不太确定由哪个部门负责，您的问题更接近哪一项？';
export const RETRY_DEPARTMENT =
  '请点下面的一项，或回复它的序号（如“1”）。不清楚该找哪个部门，回复“不知道”即可，由值班人员为您确定。';

export const ASK_REDESCRIBE = '请再描述一下您的问题，比如发生了什么、在哪里、涉及哪个单位。';

export const DISTRICT_SKIPPED = '好的，区域先不填，不影响登记。';

export const ASK_NAME = zh.askName;

export const ASK_NAME_EN = en.askName;

export const PHONE_SKIPPED = '好的，不留电话也可以，办理结果会在这里通知您。';

export const PHONE_SKIPPED_EN = 'No problem; you will be told the result here.';

export const RETRY_CONFIRM = '请选择“确认提交”“不对，修改”或“取消”。';

export const SUMMARY = '请核对以下信息，无误请点“确认提交”：';

export const SUMMARY_EN = 'Please check the details and press "Submit" if they are right:';

export const created = (department: string, due = '2026年12月4日（周五）17:30') =>
  `已为您登记工单 ID。\n首接负责单位：${department}（首接负责制：由该单位对您的诉求负责到底，不推诿）\n` +
  `答复时限：${due} 前\n可随时发送“查询 ID”查看进度。`;

export const createdEn = (department: string) =>
  `Ticket ID has been filed.\nFirst-contact responsible department: ${department} (it stays ` +
  'responsible until your matter is settled)\nAnswer due by: Fri 4 Dec 2026, 17:30\n' +
  'Send "check ID" any time to see progress.';
