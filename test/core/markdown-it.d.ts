/** markdown-it (Web Chat's Markdown engine) ships no typings; the tests render with it. */
declare module 'markdown-it' {
  interface Options {
    html?: boolean;
    linkify?: boolean;
    typographer?: boolean;
    breaks?: boolean;
    xhtmlOut?: boolean;
  }
  class MarkdownIt {
    constructor(options?: Options);
    render(markdown: string): string;
  }
  export = MarkdownIt;
}
