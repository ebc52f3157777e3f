import type { Frame, Locator, Page } from 'playwright-core';

export const TICKET = /QD\d{8}-\d{6}/g;

/** Web Chat as a person sees it, on the page itself or inside the embed.js iframe. */
export class WebChat {
  constructor(private readonly root: Page | Frame) {}

  get transcript(): Locator {
    return this.root.locator('.webchat__basic-transcript');
  }

  get sendBox(): Locator {
    // An <input>, or a <textarea> with styleOptions.sendBoxTextWrap.
    return this.root.locator(
      '.webchat__send-box-text-box__input, .webchat__send-box-text-box__html-text-area',
    );
  }

  async text(): Promise<string> {
    return (await this.transcript.textContent()) ?? '';
  }

  async waitForText(pattern: string | RegExp, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const text = await this.text().catch(() => '');
      const found = typeof pattern === 'string' ? text.includes(pattern) : pattern.test(text);
      if (found) return text;
      if (Date.now() > deadline) {
        throw new Error(
          `transcript never showed ${String(pattern)}; it reads:\n${text.slice(-600)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  async send(text: string): Promise<void> {
    await this.sendBox.fill(text);
    await this.sendBox.press('Enter');
  }

  /** Clicks the suggested action with exactly this label once the bot offers it. */
  async choose(label: string, timeout = 30_000): Promise<void> {
    const button = this.root
      .locator('.webchat__suggested-actions')
      .getByRole('button', { name: label, exact: true });
    try {
      await button.waitFor({ state: 'visible', timeout });
    } catch {
      const offered = await this.root
        .locator('.webchat__suggested-actions__button')
        .allTextContents();
      throw new Error(
        `no "${label}" button; offered [${offered.join(', ')}] after:\n${(await this.text()).slice(-400)}`,
      );
    }
    await button.click();
  }

  /** Waits until Web Chat is connected and scrolled to the newest activity (for screenshots). */
  async settle(): Promise<void> {
    await this.until(`(() => {
      const status = document.querySelector('.webchat__connectivityStatus');
      const list = document.querySelector('.webchat__basic-transcript__scrollable');
      return (!status || status.textContent.trim() === '') &&
        list !== null && list.scrollTop + list.clientHeight >= list.scrollHeight - 2;
    })()`);
  }

  /**
   * Polls a page expression until it is truthy. Not waitForFunction: that evaluates strings
   * with eval inside the page, which the page's own CSP rightly refuses.
   */
  async until(expression: string, timeout = 10_000): Promise<void> {
    const deadline = Date.now() + timeout;
    while (!(await this.root.evaluate(expression))) {
      if (Date.now() > deadline) throw new Error(`never true in the page: ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Every match of a global pattern in the transcript, in order. */
  async matches(pattern: RegExp): Promise<string[]> {
    return (await this.text()).match(pattern) ?? [];
  }

  /** Waits until the transcript holds more than `than` matches; returns the newest. */
  async waitForMore(pattern: RegExp, than: number, timeout = 30_000): Promise<string> {
    const deadline = Date.now() + timeout;
    for (;;) {
      const found = await this.matches(pattern);
      if (found.length > than) return found[found.length - 1]!;
      if (Date.now() > deadline) {
        throw new Error(
          `no new ${String(pattern)}; the transcript ends:\n${(await this.text()).slice(-600)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
