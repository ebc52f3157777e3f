import type { Lang } from './types';

/**
 * The one rule for which language a conversation is in (issue 12). The dialogs, the bot and the
 * classifier all ask `conversationLang`, so the replies and the ticket's `lang` cannot disagree.
 *
 * A conversation keeps the language it started in until the person clearly writes a sentence in
 * the other: several words of it and little of the current one. A short answer ("no", "help",
 * "ok"), a phone, a ticket number, a district, a Chinese word or two inside an English sentence,
 * or letters that spell nothing never switch it. A first message decides by what most of its
 * words are; one without words (a phone, gibberish) leaves the client's locale.
 */

const HAN = /\p{Script=Han}/u;

/**
 * Words that nearly every English sentence has and no Latin-letter gibberish or place name does:
 * a switch to English needs one of them ("West Coast New Area", "asdf asdf asdf" do not switch).
 */
const COMMON_ENGLISH = new Set(
  (
    'i a an the my me mine we our us you your he she it its they them their this that these ' +
    'those is am are was were be been being do does did have has had can could will would ' +
    'should shall may might must not to of in on at by for from with about into over under ' +
    'near and or but if so because when where what who why how which there here hello hi ' +
    'please thanks thank sorry'
  ).split(' '),
);

/**
 * Characters nearly every Chinese sentence has and no address, district or company name does:
 * a switch to Chinese needs one of them ("香港中路10号", "青岛海尔智家股份有限公司" do not switch).
 */
const COMMON_CHINESE = /[的了是我你他她们在不没吗呢吧啊请要想说这那很也都就还把给]/u;

/** Said the same way in both languages: never evidence of either. */
const NEUTRAL = new Set(['ok', 'okay', 'qd', 'app', 'id']);

/** How many words a sentence needs to switch, and how much it must outweigh the current language. */
const SWITCH_WORDS = 3;
const SWITCH_RATIO = 3;

interface Evidence {
  /** Chinese words, counted as two Han characters each. */
  zh: number;
  /** Latin-letter words shaped like English (not codes such as QD20261128 or gibberish). */
  en: number;
  /** How many of those are common English words. */
  common: number;
  han: number;
}

/**
 * A mention as Teams writes it (`<at>Emily Zhang</at>`) names a person, in whatever language
 * their name is: no evidence of what the sentence is written in.
 */
const MENTION = /<at>[^<]*<\/at>/giu;

function evidence(text: string): Evidence {
  const folded = text.replace(MENTION, ' ').normalize('NFKC').toLowerCase();
  let han = 0;
  for (const ch of folded) if (HAN.test(ch)) han++;
  // Tokens of letters and digits: "91370200MA3C12345F" is one token and not a word.
  const tokens = folded.split(/[^a-z0-9\u00c0-\u024f']+/).filter((t) => /^[a-z']+$/.test(t));
  let en = 0;
  let common = 0;
  for (const raw of tokens) {
    const word = raw.replace(/'.*$/, '');
    if (word === '' || NEUTRAL.has(word)) continue;
    if (COMMON_ENGLISH.has(word)) {
      en++;
      common++;
    } else if (looksEnglish(word)) en++;
  }
  return { zh: Math.floor(han / 2), en, common, han };
}

/**
 * Shaped like an English word: three letters or more, a vowel, no run of four consonants, no q
 * without u. "asdkjh", "zxcmnb" and "qwe" are not; "overcharging" and "rhythm" are.
 */
function looksEnglish(word: string): boolean {
  return (
    word.length >= 3 &&
    /[aeiouy]/.test(word) &&
    !/[bcdfghjklmnpqrstvwxz]{4}/.test(word) &&
    !/q(?!u)/.test(word)
  );
}

/** What the text alone says: the language most of its words are in, or null when it has none. */
export function languageOf(text: string): Lang | null {
  const e = evidence(text);
  if (e.en > e.zh) return 'en';
  if (e.han > 0) return 'zh';
  return null;
}

/**
 * The conversation's language after this message. `current` is the language the conversation is
 * in, or null before its first message with words; `fallback` (the client's locale) answers when
 * a first message says nothing.
 */
export function conversationLang(text: string, current: Lang | null, fallback: Lang): Lang {
  if (current === null) return languageOf(text) ?? fallback;
  const e = evidence(text);
  if (current === 'zh') {
    const clearlyEnglish = e.en >= SWITCH_WORDS && e.common >= 1 && e.en >= SWITCH_RATIO * e.zh;
    return clearlyEnglish ? 'en' : 'zh';
  }
  const clearlyChinese =
    e.zh >= SWITCH_WORDS &&
    e.zh >= SWITCH_RATIO * e.en &&
    COMMON_CHINESE.test(text.replace(MENTION, ' '));
  return clearlyChinese ? 'zh' : 'en';
}

/** What a conversation remembers of its language between messages. */
export interface LanguageMemory {
  lang: Lang;
  /** The language was read from what the person wrote; from then on only a clear sentence switches it. */
  langFromText?: boolean;
}

/**
 * The conversation's language after this message, from what it remembers: until a message with
 * words has decided (`langFromText`), the remembered language is only the client's locale and
 * the message decides; after that, only a clear sentence in the other language switches it.
 */
export function followMessage(memory: LanguageMemory, text: string): Required<LanguageMemory> {
  const started = memory.langFromText === true;
  return {
    lang: conversationLang(text, started ? memory.lang : null, memory.lang),
    langFromText: started || languageOf(text) !== null,
  };
}

/** The client's locale as a reply language: English for en-*, Chinese otherwise. */
export function langOfLocale(locale: string | undefined): Lang {
  return locale !== undefined && /^en\b/i.test(locale) ? 'en' : 'zh';
}

/**
 * How long a message is, in Chinese characters' worth: each Han character counts one and each
 * Latin word or number two, since an English sentence takes about twice as many characters as
 * the same sentence in Chinese ("I want to talk to a real person": 31 characters, 16 here).
 */
export function messageLength(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(/\p{Script=Han}/gu)) n++;
  for (const _ of text.matchAll(/[A-Za-z0-9]+(?:'[A-Za-z]+)?/g)) n += 2;
  return n;
}
