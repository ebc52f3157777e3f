import { strict as assert } from 'node:assert';
import type { Activity } from 'botbuilder';
import { botInstance as instance } from '../support/botInstance';
import { cleanup, connect, testPrefix } from '../support/redis';

const CONVERSATIONS = 100;

function message(conversation: number, text: string): Partial<Activity> {
  return {
    type: 'message',
    id: `${conversation}-${text}`,
    text,
    channelId: 'webchat',
    from: { id: `dl_user-${conversation}`, name: '' },
    conversation: {
      id: `conv-${conversation}`,
      isGroup: false,
      conversationType: 'personal',
      name: '',
    },
  };
}

describe('two turns of one conversation on two instances at once', function () {
  this.timeout(60_000);

  it(`lose no update across ${CONVERSATIONS} conversations`, async () => {
    const prefix = testPrefix();
    const [ra, rb] = [connect(), connect()];
    try {
      const a = instance(ra, prefix);
      const b = instance(rb, prefix);
      await Promise.all(
        Array.from({ length: CONVERSATIONS }, (_, i) =>
          Promise.all([a.adapter.send(message(i, 'first')), b.adapter.send(message(i, 'second'))]),
        ),
      );
      const lost: number[] = [];
      for (let i = 0; i < CONVERSATIONS; i++) {
        const key = `webchat/conversations/conv-${i}/`;
        const state = (await a.storage.read([key]))[key] as { seen?: string[] } | undefined;
        if ([...(state?.seen ?? [])].sort().join() !== 'first,second') lost.push(i);
      }
      assert.deepEqual(lost, [], `conversations that lost a turn's update: ${lost.length}`);
    } finally {
      await rb.quit();
      await cleanup(ra, prefix);
    }
  });
});
