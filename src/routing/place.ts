/**
 * Whether a request already says where it happened, and the place phrase if so. Deliberately
 * simple: a named street, community, village or building; good enough to decide whether to ask.
 */
const ZH_MARKERS =
  '路(?![灯面费况线过政人])|街(?![道办头])|大道|巷|弄|小区|社区|村|镇|街道|广场|大厦|公园|花园|园区|市场|医院|学校|车站|家园|山庄|苑|公寓|商场|超市|码头';
const MARKER = new RegExp(`(?:${ZH_MARKERS})`, 'u');
const ZH_PLACE = new RegExp(
  `[\\u4e00-\\u9fa5A-Za-z0-9]{1,12}?(?:${ZH_MARKERS})(?:[0-9一二三四五六七八九十]+号(?:楼|院)?)?`,
  'gu',
);
/**
 * Words before a marker that do not name a place: "我家小区" is not an address, and the verb of
 * "举报中山路…" / "位于香港中路…" is not part of the street's name.
 */
const GENERIC_LEAD =
  /^(?:(?:我|我们)?(?:要|想)?(?:举报|反映|投诉)(?:一下)?|还有|然后|另外|而且|并且|就是|位于|地址是|地点是|地址|地点|我们家|我们|我家|俺家|俺们|咱们|咱|你们|他们|这个|那个|这里|那里|这边|那边|附近|门口|住在|就在|在|的|家|我|俺|小区门口的?|楼下的?|对面的?)+/u;
/**
 * Characters that never sit inside a place's name but often just before one ("还有就是小区门口",
 * "电梯又坏了的小区", "污水漫到路上"): the name starts after the last of them.
 */
const NAME_BREAK = /^.*[的是了就也还又再很把被给让没说到往]/u;
/**
 * A marker followed by one of these is a kind of thing, not a place: "800,000 yuan for road
 * works", "school fees", "the market price".
 */
const EN_NOT_A_PLACE =
  '(?!\\s+(?:works?|construction|repairs?|maintenance|projects?|contracts?|fees?|tax(?:es)?|tolls?|prices?|safety|signs?)\\b)';
const EN_PLACE = new RegExp(
  '\\b(?:no\\.?\\s*)?\\d*\\s*[A-Za-z]+(?:\\s+[A-Za-z]+){0,3}\\s+' +
    '(?:road|rd|street|st|avenue|ave|lane|community|village|park|plaza|mall|station|market|hospital|school|estate|garden|gardens)\\b' +
    EN_NOT_A_PLACE,
  'gi',
);
const EN_GENERIC = /^(?:the|our|my|a|this|that|in|at|on|near|of)\s/i;
/**
 * Words that end the sentence before a name: "my building on Xianggang Middle Road" names the
 * road, not "building on Xianggang Middle Road".
 */
const EN_BREAK =
  /^(?:on|at|in|near|by|along|outside|opposite|behind|beside|of|to|from|for|with|about|and|the|my|our)$/i;
/** A house number after the street: "Xianggang Middle Road 100", "… Road No. 100". */
const EN_NUMBER_AFTER = /^\s*((?:No\.?\s*)?\d+[A-Za-z]?)\b/i;

/** "不对不对 是99号", "哦不，应该是": the person corrects what they just typed. */
const SELF_CORRECTION =
  /[\s,，。]*(?:不对不对|不对|不是不是|说错了|写错了|错了|哦不)[\s,，。！!]*(?:应该)?(?:是)?\s*/u;
const HOUSE_NUMBER = /[0-9一二三四五六七八九十]+号(?:楼|院)?/u;
const ONLY_HOUSE_NUMBER = new RegExp(`^${HOUSE_NUMBER.source}$`, 'u');
const LAST_HOUSE_NUMBER =
  /[0-9一二三四五六七八九十]+号(?:楼|院)?(?!.*[0-9一二三四五六七八九十]+号)/u;

/**
 * A place typed as an answer ("在中山路10号", "位于香港中路"), without its leading verb; corrected
 * as the person corrected it ("书院路88号万科城 不对不对 是99号" is 书院路99号万科城).
 */
export function placeAnswer(answer: string): string {
  const trimmed = answer.trim().replace(/^(?:在|位于|地址是|地点是|地址[:：]|地点[:：])\s*/u, '');
  if (trimmed === '') return answer.trim();
  const correction = SELF_CORRECTION.exec(trimmed);
  if (correction === null || correction.index === 0) return trimmed;
  const before = trimmed.slice(0, correction.index).trim();
  const after = trimmed.slice(correction.index + correction[0].length).trim();
  if (after === '') return before;
  if (ONLY_HOUSE_NUMBER.test(after) && HOUSE_NUMBER.test(before))
    return before.replace(LAST_HOUSE_NUMBER, after);
  return placeAnswer(after);
}

export function findPlace(text: string, stripNames: readonly string[] = []): string | null {
  let t = text;
  for (const name of [...stripNames].sort((a, b) => b.length - a.length))
    t = t.split(name).join(' ');
  for (const match of t.matchAll(ZH_PLACE)) {
    const led = match[0].replace(GENERIC_LEAD, '');
    const found = MARKER.exec(led);
    if (found === null) continue;
    // "一个是我们小区": what is left after the sentence's words may be generic again.
    const name = led.slice(0, found.index).replace(NAME_BREAK, '').replace(GENERIC_LEAD, '');
    if (name.length >= 2) return name + led.slice(found.index);
  }
  for (const match of t.matchAll(EN_PLACE)) {
    const all = match[0].trim().split(/\s+/);
    const lastBreak = all.reduce((last, w, i) => (EN_BREAK.test(w) ? i : last), -1);
    const words = all.slice(lastBreak + 1);
    while (words.length > 1 && EN_GENERIC.test(`${words[0]} `)) words.shift();
    if (words.length < 2) continue;
    const number = EN_NUMBER_AFTER.exec(t.slice(match.index + match[0].length))?.[1];
    return number === undefined ? words.join(' ') : `${words.join(' ')} ${number}`;
  }
  return null;
}
