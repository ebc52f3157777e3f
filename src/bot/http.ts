import type { Request, Response } from 'botbuilder';
import type { RateLimit } from '../core/rateLimit';
import type { HotlineCloudAdapter } from './adapter';
import type { HotlineBot } from './hotlineBot';

/** Teams gives a bot about 15 s before it re-sends; answer well inside that. */
export const TEAMS_ACK_AFTER_MS = 5000;

/** The handler behind POST /api/messages, kept here so the HTTP layer needs no botbuilder. */
export function messageHandler(
  adapter: HotlineCloudAdapter,
  bot: HotlineBot,
  ackAfterMs: number = TEAMS_ACK_AFTER_MS,
  perConversation?: RateLimit,
): (req: Request, res: Response) => Promise<void> {
  return (req, res) =>
    adapter.processAcknowledgingSlowTurns(
      req,
      res,
      (ctx) => bot.run(ctx),
      ackAfterMs,
      perConversation,
    );
}
