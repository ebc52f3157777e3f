import type { TurnContext } from 'botbuilder';
import { randomBytes } from 'node:crypto';
import type { Server } from 'restify';
import type { Clock } from '../../core/clock';
import type { Logger } from '../../log';
import { DirectLineAdapter, type BotLogic } from './adapter';
import { DirectLineConversations } from './conversations';
import type { DirectLineStore } from './ports';
import { mountDirectLine, type DirectLineGuards } from './routes';
import { StreamHub } from './stream';
import { DirectLineTokens } from './tokens';

export { DIRECT_LINE_CHANNEL_ID, DIRECT_LINE_SERVICE_URL, isDirectLineReference } from './adapter';
export type { DirectLineAdapter } from './adapter';
export type { DirectLineGuards } from './routes';

export interface DirectLineChannelDeps {
  store: DirectLineStore;
  /** The bot's turn handler, e.g. `(ctx) => bot.run(ctx)`. */
  bot: BotLogic;
  /** DIRECTLINE_SECRET; unset, a random one is made (tokens then die with the process). */
  secret: string | undefined;
  clock: Clock;
  logger: Logger;
  onTurnError?: (ctx: TurnContext, error: Error) => Promise<void>;
  botAccount?: { id: string; name: string };
  heartbeatMs?: number;
  /** Middleware before the public token endpoint and before posted activities (rate limits). */
  guards?: DirectLineGuards;
}

export interface DirectLineChannel {
  /** For proactive messages into web conversations (`continueConversationAsync`). */
  adapter: DirectLineAdapter;
  /** Adds the routes and the WebSocket upgrade handler; pass it in `mounts`. */
  mount(server: Server): void;
  /** Closes sockets and the store's subscriber connection. */
  close(): Promise<void>;
}

/** The Direct Line 3.0 channel served by the bot itself, for Web Chat on the hotline's site. */
export function createDirectLineChannel(deps: DirectLineChannelDeps): DirectLineChannel {
  const { store, clock, logger } = deps;
  let secret = deps.secret;
  if (secret === undefined) {
    secret = randomBytes(32).toString('base64url');
    logger.warn(
      'DIRECTLINE_SECRET is not set: using a random one. Web chat tokens will not survive a ' +
        'restart and will not work across instances. Set DIRECTLINE_SECRET for real use.',
    );
  }
  const tokens = new DirectLineTokens(secret, clock);
  const adapter = new DirectLineAdapter({
    store,
    clock,
    logger,
    ...(deps.onTurnError === undefined ? {} : { onTurnError: deps.onTurnError }),
  });
  const conversations = new DirectLineConversations({
    store,
    adapter,
    tokens,
    bot: deps.bot,
    clock,
    logger,
    botAccount: deps.botAccount ?? { id: 'hotline-12345', name: '12345' },
  });
  const hub = new StreamHub({ store, tokens, logger, heartbeatMs: deps.heartbeatMs ?? 30_000 });

  return {
    adapter,
    mount: (server) =>
      mountDirectLine(server, {
        conversations,
        tokens,
        hub,
        logger,
        guards: deps.guards ?? { token: [], activities: [] },
      }),
    async close() {
      await hub.close();
      await store.close();
    },
  };
}
