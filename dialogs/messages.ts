import { escapeMarkup } from '../src/core/markup';
import type { Category, Lang } from '../src/nlu/types';
import type { TicketStatus } from '../src/tickets/ticket';
import type { CreditCodeErrorCode } from '../src/validation/creditCode';
import { maskPhone } from '../src/validation/phone';
import type { EmergencySituation } from './emergencyAdvice';

export interface CallbackNotice {
  onDuty: boolean;
  /** Duty hours as people read them, e.g. 08:00–22:00. */
  hours: string;
  /** By when staff call back, formatted in the hotline's zone. */
  when: string;
  ticketId: string | null;
  phone: string | null;
}

/** A ticket filed as the person was queued for duty staff; `awaitsDispatch` while `received`. */
export interface QueuedTicket {
  id: string;
  awaitsDispatch: boolean;
}

/**
 * Whether the person is told each time their place changes from now on (`now`), or only once the
 * queue brings them within the first `places`: news is sent that far back only.
 */
export interface QueueNews {
  now: boolean;
  places: number;
}

function queueNewsZh(news: QueueNews): string {
  return news.now ? '排队有变化时会告诉您' : `排到前 ${news.places} 位后，排队有变化时会告诉您`;
}

function queueNewsEn(news: QueueNews): string {
  return news.now
    ? 'you will be told as the queue moves'
    : `once you are among the first ${news.places}, you will be told as the queue moves`;
}

function sentence(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Every sentence the bot says, in Chinese and English. Chinese comes first on the hotline. */
const zh = {
  welcome:
    '您好，这里是12345政务服务便民热线智能助手。我可以：\n' +
    '• 受理您的诉求：投诉、举报、求助、咨询、建议、表扬\n' +
    '• 查询工单进度（如“查询 QD20261128-000123”或“我的工单”）\n' +
    '• 随时转人工：回复“人工”即可\n' +
    '请直接用一两句话描述您遇到的问题。遇到紧急情况请立即拨打 110、119 或 120。',
  mentionFirst: (bot: string | null) =>
    `在群聊和频道里，我只能读到 @${bot ?? '我'} 的消息：描述问题或回答我的提问时，请先 @${bot ?? '我'}；卡片上的按钮可以直接点。`,
  help:
    '使用说明：\n' +
    '• 直接描述问题，我会确定首接负责单位并登记工单，由该单位负责到底\n' +
    '• “查询 工单号” 或 “我的工单” 查看进度\n' +
    '• “催办” 催促办理中的工单（每件工单 24 小时内一次）\n' +
    '• “取消” 结束当前事项，“人工” 转值班人员\n' +
    '紧急情况请拨打 110（警情）、119（火警）、120（急救）。',
  helpResume: '我们继续刚才的事项。',
  cancelled: '好的，已取消当前事项。有需要随时告诉我。',
  nothingToCancel: '当前没有正在办理的事项。有需要随时告诉我。',
  queueWithdrawn: '好的，已为您取消人工排队。有需要随时告诉我。',
  filedNotWithdrawn: (id: string) =>
    `当前没有正在填写的事项。已登记的工单 ${id} 不能在这里撤回；如果问题已经解决或情况有变化，` +
    '可以回复“补充”说明，承办单位会看到。',
  queueKept: (id: string) =>
    `您的工单 ${id} 已登记，需由值班人员确定承办单位后派单，不能撤回；` +
    `办理进展会在此对话中告诉您，也可随时发送“查询 ${id}”查看。`,
  goodbye: '再见，感谢您联系12345热线！有需要随时找我。',
  askSupplement: (id: string) =>
    `请直接写下要补充的内容，我会记入工单 ${id}，承办单位查看工单时能看到。不补充了可回复“跳过”。`,
  supplementRecorded: (id: string) =>
    `已把您补充的内容记入工单 ${id}。可随时发送“查询 ${id}”查看进度。`,
  supplementSkipped: (id: string) => `好的，工单 ${id} 没有补充内容。`,
  phoneChanged: (id: string, phone: string) =>
    `工单 ${id} 的联系电话已改为 ${phone}，承办单位看到的是新号码；之后登记的诉求也用这个号码。`,
  supplementNone: '您目前没有办理中的工单可以补充。请直接描述问题，我来为您登记。',
  supplementClosed: (id: string) =>
    `工单 ${id} 已办结，不能再补充。如有新的问题，请直接描述，我来为您登记新工单。`,
  botAnswers:
    '我是12345热线的智能助手，不是真人。可以直接描述您的问题；需要人工服务请回复“人工”，我会为您转接值班人员。',
  attachmentUnread: '我只能阅读文字，看不到图片、语音或文件。请用文字说说您要反映的事情。',
  attachmentNotKept: '随消息发来的图片或文件我看不到，只读了您写的文字，工单里也不会附上它们。',
  thanks: '不客气，感谢您对12345热线的支持！',
  languagesRead: '可以，中文、英文都可以。请直接用一两句话描述您遇到的问题。',
  hoursAnswer: (duty: string | null, work: string, midForm = false) =>
    `在这里随时可以反映诉求，不分昼夜。${duty === null ? '人工值班全天24小时。' : `人工值班时间为每天 ${duty}。`}` +
    `承办单位在工作日 ${work} 办理，答复时限按工作日计算，周末和法定节假日顺延；登记后我会告诉您具体的答复时限，` +
    `已登记的可发送“查询 工单号”查看。${midForm ? '' : '请直接用一两句话描述您遇到的问题。'}`,
  howAnswered:
    '答复会发到这个对话里：承办单位答复后我会在这里告诉您，并请您评价；也可随时发送“我的工单”查看。' +
    '留了电话的，工作人员也可能打电话联系您。目前不发短信通知。',
  ownAnswerDue: (id: string, dept: string | null, due: string) =>
    `您的工单 ${id} ${dept === null ? '正等值班人员确定承办单位' : `由${dept}办理`}，` +
    `答复时限：${due} 前（按工作日计算）。有答复会在此对话中告诉您，也可随时发送“查询 ${id}”查看进度。`,
  rateLater:
    '收到答复后我会请您评价办理结果；也可以随时发送“评价 工单号”，比如“评价 QD20261128-000123 满意”。',
  whichToRate: (ids: readonly string[]) =>
    `您有 ${ids.length} 个已答复、待评价的工单：${ids.join('、')}。请发送“评价 工单号 满意”` +
    `（或“基本满意”“不满意”），比如“评价 ${ids[0] ?? ''} 满意”。`,
  askRating: (id: string) => `请您对工单 ${id} 的办理结果作出评价：`,
  retryRating: '请选择“满意”“基本满意”或“不满意”。',
  ratingNotUnderstood: (id: string) =>
    `没有识别出您的评价。可以随时发送“评价 ${id} 满意”（或“基本满意”“不满意”）。`,
  askComment: '请简单说说还有哪些问题没有解决，不想说可回复“跳过”。',
  commentRecorded: (id: string) => `已把您的说明记入工单 ${id}，办理单位重新办理时会看到。`,
  commentForCoordination: (id: string) =>
    `已把您的说明记入工单 ${id}，督办人员确定办理单位时会看到。`,
  commentSkipped: '好的，不补充也可以。',
  rated: (id: string, rating: string) => `已记录您对工单 ${id} 的评价：${rating}。感谢您的监督！`,
  reopened: (id: string, dept: string) =>
    `已记录您的评价：不满意。工单 ${id} 已退回${dept}重新办理，并列入督办；` +
    '重新答复后会在这里通知您，并请您再次评价。',
  escalated: (id: string) =>
    `已记录您的评价：不满意。工单 ${id} 已提交上级协调（督办），由上级确定办理单位；` +
    '有进展会在这里通知您。',
  notAnsweredYet: (id: string) =>
    `工单 ${id} 还没有答复，收到答复后才能评价。可发送“查询 ${id}”查看进度。`,
  alreadyRated: (id: string, rating: string) =>
    `工单 ${id} 已经评价过（${rating}），不能再次评价。感谢您的监督！`,
  closedUnrated: (id: string) => `工单 ${id} 已办结，评价期已过，不能再评价。`,
  emergency: (situation: EmergencySituation | null, staffAvailable: boolean) =>
    `⚠️ 这可能是紧急情况！${EMERGENCY_ADVICE_ZH[situation ?? 'unknown']}\n` +
    (staffAvailable
      ? '我们已通知值班人员关注此对话。'
      : '目前没有值班人员在线：此对话已列为紧急，值班人员上线后最先处理。请不要等待回复，立即拨打上面的电话。'),
  askDepartment: '我不太确定由哪个部门负责，您的问题更接近哪一项？',
  redescribeChoice: '都不是，重新描述',
  humanChoice: '转人工',
  askRedescribe: '请再描述一下您的问题，比如发生了什么、在哪里、涉及哪个单位。',
  askRedescribeKeeping:
    '请再描述一下您的问题，比如发生了什么、涉及哪个单位。您已填写的其他信息（区域、位置、身份、电话）会保留，不用重复。',
  askWhatAbout: (hint: Category | null) => ASK_WHAT_ABOUT_ZH[hint ?? 'none'],
  passedToWaitingStaff:
    '您说的已转给值班人员，他们接入时会看到，这里先不另外登记。请稍候；想知道还要等多久，可回复“有人吗”。',
  earlierMatterToStaff: '您说的是之前反映过的事项还没有办好，我请值班人员帮您查实情况。',
  strayAnswer:
    '收到。现在没有需要回答的问题；要反映新的问题，请用一两句话描述，查询进度可发送“我的工单”。',
  safetyCheck:
    '先确认一下您的安全：现在是否有人正处于危险中（如着火、燃气泄漏、有人受伤或被困、受到威胁、有人想不开）？' +
    '如有，请立即拨打 110、119 或 120。',
  safetyYes: '有，现在有危险',
  safetyNo: '没有，继续反映',
  notUnderstood: '抱歉，我没看懂。请用一两句话说说发生了什么、在哪里，比如“小区门口的路灯坏了”。',
  notUnderstoodAgain: '还是没能看懂。请换个说法说说发生了什么、在哪里，或回复“人工”转值班人员。',
  askDistrict: '请问事情发生在哪个区（市）？',
  retryDistrict: '没有识别出区（市）名称，请从下面选择或直接输入，比如“市南区”。',
  districtSkipped: '好的，区域先不填，不影响登记。',
  askPlace: '请补充具体位置（街道、小区或门牌号），没有可回复“跳过”。',
  retryPlace: '请输入具体位置，比如“香港中路10号”，或回复“跳过”。',
  askRequesterType: '请问您是以个人（市民）还是企业的身份反映？',
  retryRequesterType: '请选择“市民”或“企业”。',
  placeNoted: (place: string) => `已记下地点：${place}。`,
  typeNoted: (who: string) => `已记下身份：${who}。`,
  skip: '跳过',
  citizen: '市民',
  enterprise: '企业',
  askEnterpriseName: '请提供企业名称。',
  retryEnterpriseName: '请输入企业全称，比如“青岛某某机械有限公司”。',
  askCreditCode: '请提供企业的统一社会信用代码（18位），手头没有可回复“跳过”。',
  retryCreditCode: (reason: string) => `${reason}请重新输入18位统一社会信用代码，或回复“跳过”。`,
  creditCodeReasons: {
    CREDIT_CODE_LENGTH: '信用代码应为18位。',
    CREDIT_CODE_CHARSET: '信用代码含有无效字符（不使用 I、O、S、V、Z）。',
    CREDIT_CODE_CHECKSUM: '信用代码校验位不正确，可能有输错的字符。',
    // Words, not a code (an enterprise's name typed here).
    CREDIT_CODE_WORDS:
      '这看起来不是信用代码：它是营业执照上的18位数字和大写字母（如 91370200MA3C12345E）。',
  } satisfies Record<CreditCodeErrorCode | 'CREDIT_CODE_WORDS', string>,
  filedAsCitizen: '好的，按个人（市民）身份登记。',
  creditCodeSkipped: '暂未记录信用代码，不影响登记和办理。需要人工协助可随时回复“人工”。',
  askPhone: '方便留个联系电话以便回访吗？可输入手机或固话，不方便请回复“跳过”。',
  retryPhone:
    '电话号码格式不对，请输入11位手机号或带区号的固话（如 0532-88888888），或回复“跳过”。',
  phoneForCall: '好的，回电打哪个号码？请输入11位手机号或带区号的固话（如 0532-88888888）。',
  phoneSkipped: '好的，不留电话也可以，办理结果会在这里通知您。',
  askName:
    '怎么称呼您？工作人员联系您时会用到，说姓就可以，比如“王先生”“李女士”；不想留请回复“跳过”。',
  retryName: '抱歉，没看出称呼。请告诉我怎么称呼您，比如“王先生”，或回复“跳过”。',
  nameSkipped: '好的，不留称呼也可以。',
  summaryIntro: '请核对以下信息，无误请点“确认提交”：',
  summaryTitle: '诉求登记信息',
  confirmChoice: '确认提交',
  notRightChoice: '不对，修改',
  cancelChoice: '取消',
  retryConfirm: '请选择“确认提交”“不对，修改”或“取消”。',
  askCorrection: '请选择正确的部门，或重新描述：',
  retryDepartment:
    '请点下面的一项，或回复它的序号（如“1”）。不清楚该找哪个部门，回复“不知道”即可，由值班人员为您确定。',
  askCorrectField: '请问要修改哪一项？',
  retryCorrectField: '请从下面选择要修改的一项，比如“电话”，或回复“人工”。',
  correctFields: {
    department: '部门',
    location: '地点',
    requester: '身份',
    phone: '电话',
    name: '称呼',
    text: '问题描述',
  },
  created: (id: string, dept: string, due: string) =>
    `已为您登记工单 ${id}。\n` +
    `首接负责单位：${dept}（首接负责制：由该单位对您的诉求负责到底，不推诿）\n` +
    `答复时限：${due} 前\n` +
    `可随时发送“查询 ${id}”查看进度。`,
  duplicate: (id: string) => `这个诉求已经登记过了，工单号 ${id}。`,
  severalMatters: (parts: string[]) =>
    `您的留言里有 ${parts.length} 件事，我会逐件登记，每件一张工单：\n` +
    parts.map((p, i) => `${i + 1}. ${escapeMarkup(p)}`).join('\n') +
    '\n先登记第 1 件。',
  nextMatter: (n: number, text: string) => `接下来登记第 ${n} 件：“${escapeMarkup(text)}”。`,
  laterMatterNoted: (n: number, text: string) =>
    `好的，“${escapeMarkup(text)}”我记下了，作为第 ${n} 件，这件登记完接着登记。我们先把当前这件办完：`,
  mattersLeft: ({ left, next }: { left: string[]; next: number }) =>
    `您的留言里还有 ${left.length} 件事没有登记：\n` +
    left.map((p, i) => `${next + i}. ${escapeMarkup(p)}`).join('\n') +
    '\n要接着登记吗？',
  mattersLeftAgain: '您的留言里还有没登记的事，要接着登记吗？',
  mattersGoOn: '接着登记',
  mattersStop: '不用了',
  mattersLeftDropped: (count: number) =>
    `好的，留言里剩下的 ${count} 件事没有登记。需要时可以随时再发给我。`,
  mattersLeftToStaff: ({ left, next }: { left: string[]; next: number }) =>
    `另外，您的留言里还有 ${left.length} 件事没有登记：\n` +
    left.map((p, i) => `${next + i}. ${escapeMarkup(p)}`).join('\n') +
    '\n可以告诉接待您的工作人员，或稍后再发给我登记。',
  humanQueued: (
    position: number,
    minutes: number,
    ticket: QueuedTicket | null,
    chatKept = false,
    news: QueueNews = { now: true, places: 0 },
  ) =>
    (ticket === null
      ? ''
      : `已为您登记工单 ${ticket.id}` +
        (ticket.awaitsDispatch ? '，由值班人员确定承办单位后派单。' : '。')) +
    `已为您转接人工，您前面还有 ${position - 1} 位，预计等待约 ${minutes} 分钟。` +
    (ticket === null
      ? chatKept
        ? `值班人员会在此对话中回复您，暂时离开也能在这里看到；${queueNewsZh(news)}。`
        : `值班人员会在此对话中回复您，请不要关闭页面；${queueNewsZh(news)}。`
      : `值班人员会在此对话中回复您，${queueNewsZh(news)}；` +
        `您离开也不影响工单办理，可随时发送“查询 ${ticket.id}”查看进度。`),
  humanAlreadyWith: '值班人员正在此对话中为您服务，请直接留言。',
  enterprisePriority: (when: string | null, phone: string | null = null) =>
    when === null
      ? '企业诉求已标记优先办理，值班人员也会尽快在此对话中与您联系。'
      : phone === null
        ? `企业诉求已标记优先办理，值班人员将在 ${when} 前在此对话中与您联系。`
        : `企业诉求已标记优先办理，值班人员将在 ${when} 前给您回电（${maskPhone(phone)}）。`,
  humanCallback: (c: CallbackNotice) =>
    (c.onDuty ? '目前没有值班人员在线。' : `现在不在人工值班时间（${c.hours}）。`) +
    (c.ticketId === null
      ? '已为您登记回电请求'
      : `您的诉求已登记为工单 ${c.ticketId}，并标记为回电`) +
    `，值班人员将在 ${c.when} 前` +
    (c.phone === null
      ? '在此对话中联系您。如需电话回电，请直接回复您的手机号码。'
      : `拨打您留下的电话 ${maskPhone(c.phone)} 回电。`) +
    '紧急情况请拨打 110、119 或 120。',
  gaveUpOfferHuman: '抱歉，我没能理解。您可以回复“人工”转值班人员，或重新描述问题。',
  departmentLeftToStaff: '没关系，由值班人员为您确定首接负责单位，您已填写的内容都会保留。',
  gaveUpToHuman: '抱歉，我几次都没能理解您的回答，已为您转值班人员处理，您已填写的内容都会保留。',
  statusNotFound: (id: string) =>
    `没有查到与您相关的工单 ${id}，请核对工单号。这里只能查到在本对话中登记的工单；` +
    '如果是在其他设备或通过电话登记的，请回复“人工”，由工作人员核实后帮您查询。',
  statusNone: '您还没有登记过工单。直接描述问题即可登记。',
  statusListIntro: '您最近的工单：',
  statusLine: (id: string, status: string, dept: string, when: string) =>
    `${id}｜${status}｜${dept}｜${when}`,
  statusDue: (due: string) => `${due} 前答复`,
  /** An answered ticket: when the answer came (null for tickets filed before time limits). */
  statusAnswered: (at: string | null) => (at === null ? '已答复' : `${at} 已答复`),
  statusDetail: (id: string, status: string, dept: string, when: string, category: string) =>
    `工单 ${id}\n状态：${status}\n类别：${category}\n负责单位：${dept}\n${when}`,
  statusDetailDue: (due: string) => `答复时限：${due} 前`,
  statusDetailAnswered: (at: string | null) => (at === null ? '已答复' : `答复时间：${at}`),
  historyIntro: '办理记录：',
  error: '抱歉，系统出了点问题，请稍后再试。紧急情况请拨打 110、119 或 120。',
  textCut: (max: number) =>
    `您的消息较长，我只阅读了前 ${max} 个字；登记工单时会保留您的原文（最多 10000 字）。`,
  busy: '您的上一条消息还在处理中，这一条没有收到处理，请稍后再发送一次。',
  messageEdited:
    '您修改了一条已发出的消息。我按修改前的内容办理，修改不会改变已记下的内容。' +
    '如需更正，请把正确的内容作为新消息发送；确认提交前也可以回复“不对，修改”。',
  staleCard:
    '这张卡片上的问题已经过去了，您的选择没有被使用。请回答最新的提问，或直接告诉我您需要什么。',
  cardForColleague:
    '这张卡片上的问题是问群里另一位成员的，您的选择没有被使用。您有事要反映，请 @我 直接描述。',
  staleCardAskAgain: '这张卡片上的问题已经过去了，您的选择没有被使用。现在的问题是：',
  messageDeleted:
    '您撤回了一条消息。我已读到的内容不会因撤回而改变；如需更正，请发送新的消息，或回复“人工”。',
  alreadyFiled: (id: string) => `您的诉求已经提交，工单号 ${id}，无需再次确认。`,
  fields: {
    department: '负责单位',
    category: '类别',
    district: '区域',
    place: '位置',
    text: '诉求内容',
    requester: '身份',
    enterprise: '企业',
    creditCode: '信用代码',
    phone: '电话',
    name: '称呼',
    none: '（未填）',
  },
};

type Messages = typeof zh;

const en: Messages = {
  welcome:
    'Hello, this is the 12345 city service hotline assistant. I can:\n' +
    '• take your request: complaint, report, help, question, suggestion or praise\n' +
    '• check a ticket ("check QD20261128-000123" or "my tickets")\n' +
    '• put you through to a person at any time: just say "agent"\n' +
    'Please describe your problem in a sentence or two. In an emergency call 110, 119 or 120 now.',
  mentionFirst: (bot) =>
    `In a group chat or channel I only see messages that @mention me: start with @${bot ?? 'me'} when you describe a problem or answer my questions. Buttons on my cards work as they are.`,
  help:
    'How this works:\n' +
    '• Describe your problem; I name the department responsible and file a ticket that it owns to the end\n' +
    '• "check" and a ticket number, or "my tickets", shows progress\n' +
    '• "urge" (or "any update?") urges a ticket in progress (once in 24 hours)\n' +
    '• "cancel" stops what we are doing, "agent" brings in a person\n' +
    'Emergencies: 110 (police), 119 (fire), 120 (ambulance).',
  helpResume: "Let's carry on where we were.",
  cancelled: 'Cancelled. Tell me whenever you need something.',
  nothingToCancel: 'There is nothing in progress. Tell me whenever you need something.',
  attachmentNotKept:
    'I cannot see the picture or file sent with your message, only your words; it is not ' +
    'attached to the ticket.',
  queueWithdrawn:
    'Done: you are no longer in the queue for a person. Tell me whenever you need something.',
  filedNotWithdrawn: (id) =>
    `There is nothing in progress here. Ticket ${id}, already filed, cannot be withdrawn here; if the ` +
    'problem is solved or has changed, say "add details" and the department will see what you write.',
  queueKept: (id) =>
    `Ticket ${id} is filed and cannot be withdrawn: duty staff will choose its department and ` +
    `send it on. You will be told of progress in this chat, or send "check ${id}" any time.`,
  goodbye:
    'Goodbye, and thank you for contacting the 12345 hotline. I am here whenever you need me.',
  askSupplement: (id) =>
    `Please write what you want to add; I will put it on ticket ${id}, where the department ` +
    'handling it will see it. Say "skip" if there is nothing to add.',
  supplementRecorded: (id) => `Added to ticket ${id}. Send "check ${id}" any time to see progress.`,
  supplementSkipped: (id) => `All right: nothing was added to ticket ${id}.`,
  phoneChanged: (id, phone) =>
    `The phone number on ticket ${id} is now ${phone}: the department sees the new one, and ` +
    'requests you file from now on use it too.',
  supplementNone: 'You have no open ticket to add to. Describe your problem and I will file it.',
  supplementClosed: (id) =>
    `Ticket ${id} is closed and can no longer be added to. Describe any new problem and I will file a new ticket.`,
  botAnswers:
    'I am the 12345 hotline’s assistant, not a person. Describe your problem here, or say "agent" and I will put you through to the duty staff.',
  attachmentUnread:
    'I can read text only, not pictures, voice messages or files. Please tell me in words what it is about.',
  thanks: "You're welcome. Thank you for using the 12345 hotline!",
  languagesRead:
    'Yes: I read English and Chinese. Please describe your problem in a sentence or two.',
  hoursAnswer: (duty, work, midForm = false) =>
    'You can file a request here at any time, day or night. ' +
    (duty === null
      ? 'Duty staff are on hand round the clock. '
      : `Duty staff are on hand daily ${duty}. `) +
    `Departments work on working days, ${work}; time limits count working days only, so weekends ` +
    'and public holidays are not counted. When your request is filed I will tell you by when it ' +
    'is answered; for one already filed, send "check" and its ticket number.' +
    (midForm ? '' : ' Please describe your problem in a sentence or two.'),
  howAnswered:
    'The answer comes to this chat: when the department answers I will tell you here and ask you ' +
    'to rate it; you can also send "my tickets" any time. If you left a phone number, staff may ' +
    'also call you. There are no text-message (SMS) notices.',
  ownAnswerDue: (id, dept, due) =>
    `Your ticket ${id} ${dept === null ? 'waits for duty staff to choose its department' : `is with ${dept}`}; ` +
    `the answer is due by ${due} (working days). You will be told in this chat when it comes, ` +
    `or send "check ${id}" any time.`,
  rateLater:
    'When your ticket is answered I will ask you to rate how it was handled; you can also send ' +
    '"rate" and the ticket number any time, e.g. "rate QD20261128-000123 satisfied".',
  whichToRate: (ids) =>
    `You have ${ids.length} answered tickets waiting for a rating: ${ids.join(', ')}. Send "rate", ` +
    `the ticket number and your rating, e.g. "rate ${ids[0] ?? ''} satisfied".`,
  askRating: (id) => `How satisfied are you with how ticket ${id} was handled?`,
  retryRating: 'Please choose "Satisfied", "Basically satisfied" or "Dissatisfied".',
  ratingNotUnderstood: (id) =>
    `I could not tell your rating. Send "rate ${id} satisfied" (or "basically satisfied", ` +
    '"dissatisfied") any time.',
  askComment: 'Please tell us briefly what is still not solved, or say "skip".',
  commentRecorded: (id) =>
    `Your words are added to ticket ${id}; the department sees them as it works on it again.`,
  commentForCoordination: (id) =>
    `Your words are added to ticket ${id}; the supervisor sees them when deciding who handles it.`,
  commentSkipped: 'All right, no need to add anything.',
  rated: (id, rating) => `Your rating of ticket ${id} is recorded: ${rating}. Thank you!`,
  reopened: (id, dept) =>
    `Your rating is recorded: dissatisfied. Ticket ${id} goes back to ${dept} to be handled ` +
    'again, under supervision; you will hear here when it is answered, and be asked to rate again.',
  escalated: (id) =>
    `Your rating is recorded: dissatisfied. Ticket ${id} has been passed to a supervisor, who ` +
    'decides which department handles it; you will hear here when there is news.',
  notAnsweredYet: (id) =>
    `Ticket ${id} has not been answered yet; you can rate it once it is. Send "check ${id}" to see progress.`,
  alreadyRated: (id, rating) =>
    `Ticket ${id} has already been rated (${rating}); it cannot be rated again. Thank you!`,
  closedUnrated: (id) => `Ticket ${id} is closed and can no longer be rated.`,
  emergency: (situation, staffAvailable) =>
    `⚠️ This may be an emergency! ${EMERGENCY_ADVICE_EN[situation ?? 'unknown']}\n` +
    (staffAvailable
      ? 'Duty staff have been alerted to this conversation.'
      : 'No duty staff are online right now: this conversation is flagged as an emergency for the first who is. Do not wait for a reply: call now, as advised above.'),
  askDepartment: "I'm not sure which department should handle this. Which is closest?",
  redescribeChoice: 'None, describe again',
  humanChoice: 'Talk to a person',
  askRedescribe: 'Please describe the problem again: what happened, where, which organisation.',
  askRedescribeKeeping:
    'Please describe the problem again: what happened and which organisation. What else you ' +
    'told me (district, place, who you are, phone) is kept; no need to repeat it.',
  askWhatAbout: (hint) => ASK_WHAT_ABOUT_EN[hint ?? 'none'],
  passedToWaitingStaff:
    'What you wrote has been passed to the duty staff; they will see it when they pick up your conversation, so nothing is filed separately here. Please wait; ask "anyone there?" to hear how long.',
  earlierMatterToStaff:
    'You are telling us that an earlier request has not been dealt with; I am asking duty staff to look into it.',
  strayAnswer:
    'Noted. There is no question open just now: to report something new, describe it in a sentence or two; to check progress, send "my tickets".',
  safetyCheck:
    'First, your safety: is anyone in danger right now (a fire, a gas leak, someone hurt or ' +
    'trapped, someone threatened, someone thinking of harming themselves)? If so, call 110, 119 ' +
    'or 120 now.',
  safetyYes: 'Yes, danger now',
  safetyNo: 'No, carry on',
  notUnderstood:
    'Sorry, I did not understand. Please tell me in a sentence or two what happened and where, ' +
    'e.g. "the street lamp outside my building is broken".',
  notUnderstoodAgain:
    'I still could not understand. Please try other words for what happened and where, or say ' +
    '"agent" for a person.',
  askDistrict: 'Which district (or county-level city) is this in?',
  retryDistrict: 'I could not recognise a district. Pick one below or type it, e.g. "Shinan".',
  districtSkipped: 'OK, no district: it does not stop your request being filed.',
  askPlace:
    'Where exactly (street, community or building number)? Say "skip" if you prefer not to.',
  retryPlace: 'Please type the place, e.g. "10 Hong Kong Middle Road", or "skip".',
  askRequesterType: 'Are you contacting us as a citizen or on behalf of an enterprise?',
  retryRequesterType: 'Please choose "Citizen" or "Enterprise".',
  placeNoted: (place: string) => `Noted the place: ${place}.`,
  typeNoted: (who: string) => `Noted: you write as ${who.toLowerCase()}.`,
  skip: 'Skip',
  citizen: 'Citizen',
  enterprise: 'Enterprise',
  askEnterpriseName: "What is the enterprise's name?",
  retryEnterpriseName: 'Please type the full registered name of the enterprise.',
  askCreditCode:
    'Please give the enterprise\'s unified social credit code (18 characters), or say "skip" if you do not have it at hand.',
  retryCreditCode: (reason) =>
    `${reason} Please type the 18-character unified social credit code again, or say "skip".`,
  creditCodeReasons: {
    CREDIT_CODE_LENGTH: 'The code must have 18 characters.',
    CREDIT_CODE_CHARSET:
      'The code has characters it cannot contain (I, O, S, V, Z are never used).',
    CREDIT_CODE_CHECKSUM: 'The check character does not match; a character may be mistyped.',
    CREDIT_CODE_WORDS:
      'That does not look like a credit code: it is the 18 digits and capital letters on the business licence (e.g. 91370200MA3C12345E).',
  },
  filedAsCitizen: 'All right, filed as a citizen.',
  creditCodeSkipped:
    'No credit code recorded; filing and handling go ahead without it. Say "agent" any time for a person.',
  askPhone: 'May we have a phone number for a call-back? Mobile or landline, or say "skip".',
  retryPhone:
    'That does not look like a phone number. Type an 11-digit mobile or a landline with area code (0532-88888888), or "skip".',
  phoneForCall:
    'Sure: which number should we call? Type an 11-digit mobile or a landline with area code (0532-88888888).',
  phoneSkipped: 'No problem; you will be told the result here.',
  askName:
    'How should staff address you if they get in touch? A surname is enough, e.g. "Mr Wang" ' +
    'or "Ms Li"; or say "skip".',
  retryName:
    'Sorry, I could not read that as a name. How should we address you (e.g. "Mr Wang")? Or say "skip".',
  nameSkipped: 'No problem, no name is needed.',
  summaryIntro: 'Please check the details and press "Submit" if they are right:',
  summaryTitle: 'Your request',
  confirmChoice: 'Submit',
  notRightChoice: 'Not right',
  cancelChoice: 'Cancel',
  retryConfirm: 'Please choose "Submit", "Not right" or "Cancel".',
  askCorrection: 'Pick the right department, or describe the problem again:',
  retryDepartment:
    'Please tap one of the options below, or reply with its number (such as "1"). If you do not know which department, reply "not sure" and the duty desk will decide.',
  askCorrectField: 'What would you like to change?',
  retryCorrectField: 'Please pick what to change below, e.g. "Phone", or say "agent".',
  correctFields: {
    department: 'Department',
    location: 'Location',
    requester: 'Who I am',
    phone: 'Phone',
    name: 'Name',
    text: 'Description',
  },
  created: (id, dept, due) =>
    `Ticket ${id} has been filed.\n` +
    `First-contact responsible department: ${dept} (it stays responsible until your matter is settled)\n` +
    `Answer due by: ${due}\n` +
    `Send "check ${id}" any time to see progress.`,
  duplicate: (id) => `This request was already filed as ticket ${id}.`,
  severalMatters: (parts) =>
    `Your message raises ${parts.length} matters; I will file each as its own ticket:\n` +
    parts.map((p, i) => `${i + 1}. ${escapeMarkup(p)}`).join('\n') +
    '\nFirst, number 1.',
  nextMatter: (n, text) => `Next, number ${n}: “${escapeMarkup(text)}”.`,
  laterMatterNoted: (n, text) =>
    `Noted: “${escapeMarkup(text)}” will be number ${n}, filed right after this one. First, let's finish this one:`,
  mattersLeft: ({ left, next }) =>
    `Your message raised ${left.length} more ${left.length === 1 ? 'matter' : 'matters'}, not filed yet:\n` +
    left.map((p, i) => `${next + i}. ${escapeMarkup(p)}`).join('\n') +
    '\nShall I go on with ' +
    (left.length === 1 ? 'it?' : 'them?'),
  mattersLeftAgain: 'Your message raised more matters, not filed yet. Shall I go on with them?',
  mattersGoOn: 'Go on',
  mattersStop: 'No thanks',
  mattersLeftDropped: (count) =>
    `All right, the ${count === 1 ? 'other matter' : `other ${count} matters`} in your message ` +
    `${count === 1 ? 'is' : 'are'} not filed. Send ${count === 1 ? 'it' : 'them'} again whenever you like.`,
  mattersLeftToStaff: ({ left, next }) =>
    `Also, your message raised ${left.length} more ${left.length === 1 ? 'matter' : 'matters'}, not filed:\n` +
    left.map((p, i) => `${next + i}. ${escapeMarkup(p)}`).join('\n') +
    '\nTell the staff member who answers you, or send it to me again later.',
  humanQueued: (position, minutes, ticket, chatKept = false, news = { now: true, places: 0 }) =>
    (ticket === null
      ? ''
      : `Ticket ${ticket.id} is filed` +
        (ticket.awaitsDispatch
          ? '; duty staff will choose the department and send it on. '
          : '. ')) +
    `You are in the queue for a person: ${position - 1} ahead of you, about ${minutes} min. ` +
    (ticket === null
      ? chatKept
        ? `Duty staff will reply in this chat, where you will find it if you step away. ${sentence(queueNewsEn(news))}.`
        : `Duty staff will reply in this chat; please keep it open. ${sentence(queueNewsEn(news))}.`
      : `Duty staff will reply in this chat, and ${queueNewsEn(news)}. If you leave, ` +
        `the ticket is still handled: send "check ${ticket.id}" any time to see how it stands.`),
  humanAlreadyWith: 'A member of the duty staff is with you in this chat: just write here.',
  enterprisePriority: (when, phone = null) =>
    when === null
      ? 'As an enterprise request it is marked priority; duty staff will also contact you in this chat soon.'
      : phone === null
        ? `As an enterprise request it is marked priority; duty staff will contact you in this chat by ${when}.`
        : `As an enterprise request it is marked priority; duty staff will call you on ${maskPhone(phone)} by ${when}.`,
  humanCallback: (c) =>
    (c.onDuty
      ? 'No duty staff are online right now. '
      : `The duty desk is closed now (open ${c.hours}). `) +
    (c.ticketId === null
      ? 'Your request for a call-back is recorded'
      : `Your request is filed as ticket ${c.ticketId} and marked for a call-back`) +
    `; duty staff will ` +
    (c.phone === null
      ? `contact you in this chat by ${c.when}. To be called instead, reply with your mobile number.`
      : `call you on ${maskPhone(c.phone)} by ${c.when}.`) +
    ' In an emergency call 110, 119 or 120.',
  departmentLeftToStaff:
    'No problem: the duty desk will choose the responsible department for you; nothing you told me is lost.',
  gaveUpToHuman:
    'Sorry, I could not understand your answers. A person from the duty desk will take over; nothing you told me is lost.',
  gaveUpOfferHuman:
    'Sorry, I could not understand. Say "agent" to talk to a person, or describe the problem again.',
  statusNotFound: (id) =>
    `No ticket ${id} was found for you. Please check the number. Only tickets filed in this chat ` +
    'can be checked here; if you filed it on another device or by phone, say "agent" and a person ' +
    'will check it with you.',
  statusNone: 'You have no tickets yet. Describe your problem to file one.',
  statusListIntro: 'Your recent tickets:',
  statusLine: (id, status, dept, when) => `${id} | ${status} | ${dept} | ${when}`,
  statusDue: (due) => `answer due ${due}`,
  statusAnswered: (at) => (at === null ? 'answered' : `answered ${at}`),
  statusDetail: (id, status, dept, when, category) =>
    `Ticket ${id}\nStatus: ${status}\nCategory: ${category}\nResponsible: ${dept}\n${when}`,
  statusDetailDue: (due) => `Answer due: ${due}`,
  statusDetailAnswered: (at) => (at === null ? 'Answered' : `Answered: ${at}`),
  historyIntro: 'History:',
  error: 'Sorry, something went wrong on our side. Please try again. Emergencies: 110, 119, 120.',
  textCut: (max: number) =>
    `Your message is long: I read only its first ${max} characters. A ticket keeps your ` +
    'original text (up to 10,000 characters).',
  busy: 'Your previous message is still being handled, so this one was not. Please send it again in a moment.',
  messageEdited:
    'You edited a message you had sent. I go by what you first sent; the edit changes nothing I noted. ' +
    'To correct something, send it as a new message; before submitting you can also say "Not right".',
  staleCard:
    'That card belongs to an earlier question, so your choice was not used. Please answer the ' +
    'latest question, or tell me what you need.',
  cardForColleague:
    'That card asks another member of this chat, so your choice was not used. To raise something yourself, @mention me and describe it.',
  staleCardAskAgain:
    'That card belongs to an earlier question, so your choice was not used. The question now is:',
  messageDeleted:
    'You deleted a message. What I already read does not change; to correct something, send a ' +
    'new message, or say "agent".',
  alreadyFiled: (id) => `Your request is already filed as ticket ${id}; no need to confirm again.`,
  fields: {
    department: 'Department',
    category: 'Category',
    district: 'District',
    place: 'Place',
    text: 'Request',
    requester: 'On behalf of',
    enterprise: 'Enterprise',
    creditCode: 'Credit code',
    phone: 'Phone',
    name: 'Name',
    none: '(none)',
  },
};

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}

/** The question after an opening without content ("我要投诉"), by the kind announced. */
const ASK_WHAT_ABOUT_ZH: Record<Category | 'none', string> = {
  complaint: '好的，请问您要投诉什么事情？请用一两句话说说发生了什么、在哪里、涉及哪个单位。',
  report: '好的，请问您要反映什么情况？请说说发生了什么、在哪里、涉及哪个单位或个人。',
  consult: '好的，请问您想咨询什么？请直接说出您的问题。',
  help: '好的，请问您需要什么帮助？请说说遇到了什么情况、在哪里。',
  suggestion: '好的，请说说您的建议，是关于哪方面的？',
  praise: '好的，请问您要表扬哪个单位或哪位工作人员？因为什么事情？',
  none: '好的，请问是什么事情？请用一两句话说说发生了什么、在哪里。',
};

const ASK_WHAT_ABOUT_EN: Record<Category | 'none', string> = {
  complaint:
    'Sure. What would you like to complain about? Please tell me in a sentence or two what ' +
    'happened, where, and which organisation.',
  report:
    'Sure. What would you like to report? Please tell me what happened, where, and who is involved.',
  consult: 'Sure. What is your question?',
  help: 'Sure. What do you need help with? Please tell me what happened and where.',
  suggestion: 'Sure. What is your suggestion about?',
  praise:
    'Glad to hear it. Which department or member of staff would you like to praise, and for what?',
  none: 'Sure. What is it about? Please tell me in a sentence or two what happened and where.',
};

/** First steps, then the number: short enough to read in a hurry. */
const EMERGENCY_ADVICE_ZH: Record<EmergencySituation | 'unknown', string> = {
  gas:
    '燃气泄漏：不要开关电灯电器，不要点火，不要在屋里打电话；打开门窗通风，立即离开。' +
    '到室外安全处再拨打 119 和燃气公司抢修电话。',
  fire:
    '着火时：立即离开，随手关门，不要乘电梯；烟大时弯腰低姿，用湿毛巾捂住口鼻。' +
    '到安全处立即拨打 119，有人受伤同时拨打 120。',
  drowning:
    '有人落水：不会游泳不要下水，向落水者抛救生圈、绳子或木板，大声呼救。' +
    '立即拨打 119 和 120。',
  medical:
    '有人急症或受伤：不要随意搬动，让其平躺或侧卧、保持呼吸通畅，出血处用干净的布按压。' +
    '立即拨打 120（急救）。',
  crime:
    '先保护自己：离开危险地点，到人多的地方，不要与对方争执或追赶，记下样貌、车辆和逃离方向。' +
    '立即拨打 110（报警）。',
  suicide:
    '如果是别人：请陪在他身边，不要让他独处，移开药物、刀具、绳子等危险物品，远离高处和窗边。' +
    '如果是您自己：请告诉身边信任的人，您并不孤单。' +
    '有生命危险请立即拨打 120 或 110；心理援助热线 12356，或希望24热线 400-161-9995。',
  trapped:
    '有人被困：不要贸然进入危险处施救，保持冷静，和被困的人喊话保持联系；困在电梯里按警铃，不要扒门。' +
    '立即拨打 119，有人受伤同时拨打 120。',
  machinery:
    '有人被机器卷入：立即按急停按钮或切断电源，不要反转机器，不要硬拉肢体，出血处按压止血。' +
    '立即拨打 120 和 119。',
  unknown: '先确保自身安全，请立即拨打 110（报警）、119（火警）或 120（急救）。',
};

const EMERGENCY_ADVICE_EN: Record<EmergencySituation | 'unknown', string> = {
  gas:
    'Gas leak: do not touch light switches or appliances, no flames, do not phone from inside; ' +
    "open the windows and leave now. From outside, call 119 and the gas company's emergency line.",
  fire:
    'Fire: get out now, close doors behind you, do not use the lift; stay low under smoke with a ' +
    'wet cloth over nose and mouth. From safety call 119, and 120 if anyone is hurt.',
  drowning:
    'Someone in the water: do not go in unless you can swim well; throw a float, rope or board ' +
    'and shout for help. Call 119 and 120 now.',
  medical:
    'Someone ill or hurt: do not move them; lay them flat or on their side, keep the airway ' +
    'clear, press a clean cloth on any bleeding. Call 120 (ambulance) now.',
  crime:
    'Keep yourself safe: get away to a busy place, do not confront or chase anyone; note what ' +
    'they look like, any vehicle and which way they went. Call 110 (police) now.',
  suicide:
    'If it is someone else: stay with them, do not leave them alone, remove medicines, knives, ' +
    'ropes and keep away from heights and windows. If it is you: tell someone you trust; you ' +
    'are not alone. If a life is in danger call 120 or 110 now; mental health line 12356, or ' +
    'the Hope 24 line 400-161-9995.',
  trapped:
    'Someone trapped: do not go into danger yourself; stay calm and keep talking with them; in ' +
    'a lift, press the alarm and do not force the doors. Call 119 now, and 120 if anyone is hurt.',
  machinery:
    'Someone caught in a machine: hit the emergency stop or cut the power now; do not reverse ' +
    'the machine or pull the limb out; press on any bleeding. Call 120 and 119 now.',
  unknown: 'Get yourself safe first and call 110 (police), 119 (fire) or 120 (ambulance) now.',
};

const CATEGORY_LABELS: Record<Lang, Record<Category, string>> = {
  zh: {
    consult: '咨询',
    complaint: '投诉',
    report: '举报/反映',
    help: '求助',
    suggestion: '建议',
    praise: '表扬',
  },
  en: {
    consult: 'Question',
    complaint: 'Complaint',
    report: 'Report',
    help: 'Request for help',
    suggestion: 'Suggestion',
    praise: 'Praise',
  },
};

const STATUS_LABELS: Record<Lang, Record<TicketStatus, string>> = {
  zh: {
    received: '已登记，待分派',
    dispatched: '已派单，待承办单位签收',
    transfer_requested: '承办单位申请退单，待热线值班审核',
    coordination: '已提交上级协调',
    accepted: '承办单位已签收',
    in_progress: '办理中',
    replied: '已答复，待您评价',
    rated: '已评价',
    closed: '已办结',
  },
  en: {
    received: 'Registered, awaiting assignment',
    dispatched: 'Sent to the department, awaiting acceptance',
    transfer_requested: 'Department asked to transfer it; hotline staff are reviewing',
    coordination: 'Referred to a supervisor to coordinate',
    accepted: 'Accepted by the department',
    in_progress: 'In progress',
    replied: 'Answered, awaiting your rating',
    rated: 'Rated',
    closed: 'Closed',
  },
};

export function categoryLabel(lang: Lang, category: Category): string {
  return CATEGORY_LABELS[lang][category];
}

export function statusLabel(lang: Lang, status: TicketStatus): string {
  return STATUS_LABELS[lang][status];
}
