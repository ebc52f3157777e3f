/**
 * Characters text carries without showing them: zero-width spaces, word joiners, soft hyphens
 * and byte-order marks (pasted from web pages and chat apps, they split a ticket number or a
 * phone number so that neither is read), and the bidirectional embeddings, overrides and
 * isolates, which make text read on a screen otherwise than it is stored ("\u202e号01路中港香"
 * shows an address nobody wrote). Joiners (U+200C, U+200D) stay: emoji and scripts need them.
 */
const HIDDEN = /[\u00AD\u200B\u200E\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Half of a surrogate pair, alone: no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Text as it reads: hidden characters out, a lone surrogate as U+FFFD (what UTF-8 keeps of it). */
export function visibleText(text: string): string {
  return text.replace(HIDDEN, '').replace(LONE_SURROGATE, '\uFFFD');
}
