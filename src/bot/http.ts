import type { CloudAdapter, Request, Response } from 'botbuilder';
import type { HotlineBot } from './hotlineBot';

/** The handler behind POST /api/messages, kept here so the HTTP layer needs no botbuilder. */
export function messageHandler(
  adapter: CloudAdapter,
  bot: HotlineBot,
): (req: Request, res: Response) => Promise<void> {
  return (req, res) => adapter.process(req, res, (ctx) => bot.run(ctx));
}
