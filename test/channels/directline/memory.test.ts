import { DirectLine } from 'botframework-directlinejs';
import { strict as assert } from 'node:assert';
import {
  fields,
  installBrowserGlobals,
  MovableClock,
  post,
  Received,
  REQUEST,
  startInstance,
  textOf,
  webChatToken,
  type Instance,
} from './support';

/** The Redis-less demo: the same protocol over the in-memory store. */
describe('Direct Line 3.0 without Redis', function () {
  this.timeout(30_000);
  let server: Instance;
  let restoreGlobals: () => void;

  before(async () => {
    restoreGlobals = installBrowserGlobals();
    server = await startInstance(null, new MovableClock());
  });

  after(async () => {
    restoreGlobals();
    await server.app.close();
  });

  it('greets, echoes and answers over a WebSocket from the in-memory store', async () => {
    const t = await webChatToken(server.base);
    const client = new Received(new DirectLine({ token: t.token, domain: server.domain }));
    try {
      await client.waitFor('the welcome', (x) => /12345/.test(textOf(x)));
      const id = await post(client.dl, {
        type: 'message',
        text: REQUEST,
        from: { id: t.userId },
        channelData: { clientActivityID: 'memory-1' },
      });
      const echo = await client.waitFor('the echo', (x) => x.id === id);
      assert.equal(echo.channelData?.clientActivityID, 'memory-1');
      const question = await client.waitFor('the question', (x) => /市民/.test(textOf(x)));
      assert.equal(fields(question).replyToId, id);
    } finally {
      client.end();
    }
  });
});
