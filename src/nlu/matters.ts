/**
 * A message that may raise more than one matter ("小区门口路灯坏了，另外楼下饭店油烟太大"), cut
 * where a clear cue opens the next one: a numbered list (1. 2.、①②、第一件事…), or a clause
 * opened by 另外 / 还有 / 此外 / "Also," / "Another thing" / "and also". Nothing else is a cue,
 * so one matter told in two sentences stays whole. The cut is only a proposal: whether each part
 * is a matter of its own (a request read by itself) is for the caller to decide.
 */

/** More parts than this is not a list of matters the bot walks through one by one. */
export const MAX_MATTERS = 4;

/** Where a clause starts: the start of the message, or after a sentence's or clause's end. */
const CLAUSE_START = String.raw`(?<=^|[，,。；;！!？?\n]\s*)`;
/** Where a sentence starts (English "also" after a comma often goes on with the same matter). */
const SENTENCE_START = String.raw`(?<=^|[。；;！!？?.\n]\s*)`;

/** Chinese words that open another matter at the start of a clause. */
const ZH_CUE = new RegExp(
  CLAUSE_START +
    // "另外还有就是…": cues said one after another are one cue.
    '(?:另外|此外|还有|再有|再就是|另一件事|另一个问题|顺便再?(?:反映|说|问)一?下)+' +
    '(?:一件事|一个问题|个事儿?|件事|个问题)?(?:是|就是)?[，,：:、]?',
  'gu',
);

/** English phrases that open another matter: at a sentence's start, or "…, and also …". */
const EN_CUE = new RegExp(
  String.raw`(?:${SENTENCE_START}(?:also|another thing(?: is)?|one more thing|in addition|besides(?: that)?|secondly|separately|and another thing)|,\s*and also)\b[,:]?`,
  'giu',
);

/** Items of a numbered list: "1." "2、" "(1)" "①" "第一件事" "一是" after a boundary. */
const LIST_ITEM = new RegExp(
  String.raw`(?<=^|[\s，,。；;：:！!？?])` +
    String.raw`(?:[1-9][、.．)）](?!\d)|[（(][1-9][)）]|[①-⑨]|第[一二三四五六]` +
    String.raw`(?:件事|个问题|点)?[，,、：:]?|[一二三四五六]是)`,
  'gu',
);

/**
 * "我想反映两个事，一个是…": the lead-in that counts the matters and opens the first, no part of
 * that matter's words.
 */
const COUNTED_LEAD_IN =
  /^[^，,。；;：:]*?(?:两|二|2|三|3|几)\s*(?:个|件)(?:事儿?|事情|问题|情况)\s*(?:[，,：:。；;]\s*|(?=一|第一|首先))(?:(?:一|第一)(?:个|件)?(?:事|问题)?(?:是|就是)[，,：:]?|首先[，,：:]?)?/u;

const EDGE_PUNCTUATION = /^[\s，,。.；;：:、]+|[\s，,；;：:、]+$/gu;

/** The parts of `text` by its cues, in order; `[text]` when it has none (or too many). */
export function splitMatters(text: string): string[] {
  const { head, items } = cutAt(text, LIST_ITEM);
  if (items.length >= 2) {
    // "我反映两件事：1. … 2. …": a lead-in that ends in a colon is no matter itself.
    return bounded(text, head === '' || /[：:]\s*$/u.test(head) ? items : [head, ...items]);
  }
  const clauses = cutAt(text, ZH_CUE);
  if (clauses.items.length > 0) clauses.head = clauses.head.replace(COUNTED_LEAD_IN, '');
  return bounded(
    text,
    [clauses.head, ...clauses.items].flatMap((clause) => {
      const sentences = cutAt(clause, EN_CUE);
      return [sentences.head, ...sentences.items];
    }),
  );
}

/** The text before the first match of `cue`, and what follows each match (the cue dropped). */
function cutAt(text: string, cue: RegExp): { head: string; items: string[] } {
  const pieces: string[] = [];
  let from = 0;
  for (const match of text.matchAll(cue)) {
    pieces.push(text.slice(from, match.index));
    from = match.index + match[0].length;
  }
  pieces.push(text.slice(from));
  const [head = '', ...items] = pieces.map((p) => p.trim());
  return { head: head.replace(/[，,；;、]+$/u, '').trim(), items: items.map(opening) };
}

/** A part cut from after a cue, as a sentence of its own: "the restaurant…" → "The restaurant…". */
function opening(part: string): string {
  const text = trimmed(part);
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** A part without the punctuation that joined it to the next. */
function trimmed(part: string): string {
  return part.replace(EDGE_PUNCTUATION, '');
}

function bounded(text: string, parts: string[]): string[] {
  const matters = parts.map(trimmed).filter((p) => p !== '');
  return matters.length >= 2 && matters.length <= MAX_MATTERS ? matters : [text];
}

/**
 * An answer that opens another matter instead of answering ("对了还有个事 小区门口的垃圾桶满了",
 * "Also, the bins are overflowing"): the matter's words without the cue; null otherwise.
 */
const LATER_MATTER_ZH =
  /^(?:哦|噢|啊)?(?:对了|对)?[，,\s]*(?:另外|此外|还有|再有|再就是|另一件事|另一个问题|顺便再?(?:反映|说|问)一?下)+(?:一件事|一个问题|个事儿?|件事|个问题)?(?:是|就是)?[，,：:、\s]*/u;
const LATER_MATTER_EN =
  /^(?:oh,?\s+)?(?:also|another thing(?: is)?|one more thing|and another thing|in addition|besides(?: that)?)\b[,:]?\s*/iu;

export function laterMatterIn(text: string): string | null {
  const t = text.trim();
  const cue = LATER_MATTER_ZH.exec(t) ?? LATER_MATTER_EN.exec(t);
  if (cue === null || cue[0].trim() === '') return null;
  const rest = opening(t.slice(cue[0].length));
  return rest.length >= 4 ? rest : null;
}
