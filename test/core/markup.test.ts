import assert from 'node:assert/strict';
import MarkdownIt from 'markdown-it';
import { escapeMarkup } from '../../src/core/markup';

/** Web Chat 4.18's settings (botframework-webchat/lib/markdown/renderMarkdown.js). */
const webChat = new MarkdownIt({
  html: true,
  linkify: true,
  typographer: true,
  breaks: false,
  xhtmlOut: true,
});

/** [what a person typed, what it would have become unescaped] */
const PAYLOADS: [string, RegExp][] = [
  ['<img src=x onerror=alert(1)>', /<img/],
  ['![t](http://198.51.100.7/x.png)', /<img/],
  ['**加粗的诉求**', /<strong>/],
  ['__加粗__ 和 _斜体_ 和 *斜体*', /<em>|<strong>/],
  ['<b>粗</b><i>斜</i><script>alert(1)</script>', /<b>|<script>/],
  ['[官网](https://evil.example.com)', /<a /],
  ['<https://evil.example.com>', /<a /],
  ['详见 http://evil.example.com/path', /<a /],
  ['详见 www.evil-example.com', /<a /],
  ['写信到 someone@evil-example.com', /<a /],
  ['`代码`', /<code>/],
  ['# 标题', /<h1>/],
  ['标题\n===', /<h1>/],
  ['> 引用', /<blockquote>/],
  ['- 一\n- 二', /<ul>/],
  ['+ 一', /<ul>/],
  ['1. 一\n2. 二', /<ol>/],
  ['3) 三', /<ol/],
  ['| a | b |\n|---|---|\n| 1 | 2 |', /<table>/],
  ['~~删除线~~', /<s>/],
  ['---', /<hr/],
  ['第一段\n\n    缩进的代码', /<pre>/],
  ['&lt;b&gt; &amp; &#x3C;', /&lt;b&gt;/],
  ['(c) (tm) -- ... "引号" \'单引号\'', /©|™|–|…|“|‘/],
  ['\\\\**反斜杠后加粗**', /<strong>/],
];

function textOf(html: string): string {
  return html
    .replace(/<\/?p>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
}

const words = (s: string) => s.replace(/\s+/g, ' ').trim();

describe('escapeMarkup', () => {
  it('the payloads do become markup when shown unescaped (the table tests something)', () => {
    for (const [typed, markup] of PAYLOADS) {
      assert.match(webChat.render(typed), markup, typed);
    }
  });

  it('leaves Web Chat no element to create from what a person typed', () => {
    for (const [typed] of PAYLOADS) {
      const html = webChat.render(escapeMarkup(typed));
      const tags = html.match(/<\/?([a-z0-9]+)/gi) ?? [];
      assert.deepEqual(
        tags.filter((t) => !/^<\/?p$/.test(t)),
        [],
        `${typed} rendered as ${html}`,
      );
    }
  });

  it('shows every payload exactly as it was typed', () => {
    for (const [typed] of PAYLOADS) {
      assert.equal(words(textOf(webChat.render(escapeMarkup(typed)))), words(typed), typed);
    }
  });

  it('leaves Chinese text and full-width punctuation alone', () => {
    const typed = '我家小区物业乱收费，每个月多收两百块停车费（市南区香港中路）！';
    assert.equal(escapeMarkup(typed), typed);
  });

  it('escapes a backslash, so a typed one cannot undo an escape', () => {
    assert.equal(escapeMarkup('\\*'), '\\\\\\*');
  });
});
