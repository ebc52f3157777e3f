import { strict as assert } from 'node:assert';

interface Posted {
  status: number;
  body: Record<string, unknown>;
}

interface LoggedActivity {
  id: string;
  type: string;
  text?: string;
  from: { id: string; role?: string };
  channelData?: { clientActivityID?: string };
}

/**
 * A person in the web widget, over plain HTTP as directlinejs does it: a token from
 * /api/webchat/token, POSTs of activities (each answered once the bot's turn is over) and
 * GETs of the transcript from a watermark.
 */
export class WebUser {
  private watermark = 0;
  private sent = 0;

  private constructor(
    private readonly base: string,
    readonly userId: string,
    readonly conversationId: string,
    private readonly token: string,
  ) {}

  static async start(base: string): Promise<WebUser> {
    const issued = await fetch(`${base}/api/webchat/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    const t = (await issued.json()) as { token: string; conversationId: string; userId: string };
    const user = new WebUser(base, t.userId, t.conversationId, t.token);
    const started = await fetch(`${base}/v3/directline/conversations`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t.token}` },
    });
    assert.equal(started.status, 201);
    await user.replies(); // the welcome
    return user;
  }

  /** POSTs a message with its own clientActivityID (pass one to retry). */
  async post(text: string, clientActivityID = `c-${++this.sent}`): Promise<Posted> {
    const res = await fetch(
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
        body: JSON.stringify({
          type: 'message',
          text,
          locale: 'zh-CN',
          from: { id: this.userId },
          channelData: { clientActivityID },
        }),
      },
    );
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** The whole transcript so far. */
  async transcript(): Promise<LoggedActivity[]> {
    const res = await fetch(
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities`,
      { headers: { authorization: `Bearer ${this.token}` } },
    );
    const page = (await res.json()) as { activities: LoggedActivity[] };
    return page.activities;
  }

  /** The bot's messages logged since the last call. */
  async replies(): Promise<string> {
    const res = await fetch(
      `${this.base}/v3/directline/conversations/${this.conversationId}/activities?watermark=${this.watermark}`,
      { headers: { authorization: `Bearer ${this.token}` } },
    );
    const page = (await res.json()) as { activities: LoggedActivity[]; watermark: string };
    this.watermark = Number(page.watermark);
    return page.activities
      .filter((a) => a.from.role === 'bot' && a.type === 'message')
      .map((a) => a.text ?? '')
      .join('\n');
  }

  /** Sends `text`, expects 200, returns what the bot answered. */
  async say(text: string): Promise<string> {
    const posted = await this.post(text);
    assert.equal(posted.status, 200, JSON.stringify(posted.body));
    return this.replies();
  }

  /** Walks the intake for `request` (a citizen, a phone number, no name) up to the summary card. */
  async fileUntilSummary(request: string): Promise<void> {
    assert.match(await this.say(request), /市民/);
    assert.match(await this.say('市民'), /电话/);
    assert.match(await this.say('13812345678'), /怎么称呼您/);
    await this.say('跳过');
  }

  /** Files `request` and returns its ticket number. */
  async fileTicket(request: string): Promise<string> {
    await this.fileUntilSummary(request);
    const done = await this.say('确认提交');
    const id = /QD\d{8}-\d{6}/.exec(done)?.[0];
    assert.ok(id, done);
    return id;
  }
}
