/**
 * What a person typed, made safe to show back where text is read as markup.
 *
 * Every surface the bot writes to parses text: Web Chat renders message text and Adaptive Card
 * TextBlocks through markdown-it with raw HTML on, linkify and typographer, then a sanitiser
 * that still allows <img src>, <strong>, <a>...; Teams reads a CommonMark subset in cards and
 * in messages. CommonMark lets any ASCII punctuation be escaped with a backslash, and every
 * markup trigger there is ASCII punctuation: `<` (HTML, autolinks), `&` (entities), `*` `_`
 * `~` (emphasis), `[` `]` `!` `(` `)` (links, images), `` ` `` (code), `#` `>` `-` `+` `=` `|`
 * `.` (headings, quotes, lists, tables), `:` `.` `@` (bare links: linkify only finds a link in
 * an unbroken run of text, and an escaped character breaks the run), `"` `'` (smart quotes).
 * So all of it is escaped; a renderer that honours escapes shows the text exactly as typed.
 * Leading spaces would start an indented code block, so they are dropped; full-width (CJK)
 * punctuation is not markup and stays as it is.
 */
export function escapeMarkup(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/^[ \t]+/gm, '')
    .replace(ASCII_PUNCTUATION, (ch) => `\\${ch}`);
}

/** CommonMark's escapable characters: all of ASCII punctuation. */
const ASCII_PUNCTUATION = /[!-/:-@[-`{-~]/g;
