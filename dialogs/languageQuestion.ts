import { messageLength } from '../src/nlu/language';
import type { Lang } from '../src/nlu/types';

/** Longer than this, a message that names a language is about something else. */
const MAX_LENGTH = 24;

const ASKS_EN =
  /\b(?:can|could|may|do|does|will)\s+(?:i|we|you)\s+(?:please\s+)?(?:write|speak|talk|chat|type|use|understand|read)\s+(?:in\s+)?english\b|\b(?:speak|understand|in)\s+english\s*\?|^english\s*(?:please|ok|okay)?\s*[?？]?$/i;
// The question ends the message: "会说英语，能上国际学校吗" is about a school.
const ZH_TAIL = String.raw`(?:交流|沟通|写|说|聊|回复|提问|问)?(?:吗|么|嘛|不)?[？?。!！\s]*$`;
const ZH_ASK = String.raw`(?:能|可以|会|能不能|可不可以|会不会)(?:说|讲|用|写|打|听懂|看懂)?`;
const ASKS_ZH_EN = new RegExp(`${ZH_ASK}(?:英文|英语)${ZH_TAIL}`, 'u');
const ASKS_ZH = new RegExp(`${ZH_ASK}(?:中文|汉语|普通话)${ZH_TAIL}`, 'u');
const ASKS_CHINESE_EN =
  /\b(?:can|could|may|do|does)\s+(?:i|we|you)\s+(?:please\s+)?(?:write|speak|talk|chat|type|use|understand|read)\s+(?:in\s+)?chinese\b/i;

/**
 * "Can I write in English?", "你会说中文吗": a question about the language the bot reads, not a
 * request. The language asked about, so the answer comes in it; null for anything else.
 */
export function languageAskedAbout(text: string): Lang | null {
  const t = text.trim();
  if (t === '' || messageLength(t) > MAX_LENGTH) return null;
  if (ASKS_EN.test(t) || ASKS_ZH_EN.test(t)) return 'en';
  if (ASKS_ZH.test(t) || ASKS_CHINESE_EN.test(t)) return 'zh';
  return null;
}
