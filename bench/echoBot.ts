import {
  ActivityHandler,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Request,
  type Response,
} from 'botbuilder';
import restify, { type Server } from 'restify';

/**
 * The floor the bot is measured against: the same stack (restify 11, botbuilder's CloudAdapter
 * with the same authentication class and no app id, so the Emulator path without a JWT) and a
 * bot that only echoes. No state, no Redis, no logging.
 */
export function createEchoBot(): Server {
  const auth = new ConfigurationBotFrameworkAuthentication({});
  const adapter = new CloudAdapter(auth);
  const bot = new ActivityHandler();
  bot.onMessage(async (ctx, next) => {
    await ctx.sendActivity(`echo: ${ctx.activity.text ?? ''}`);
    await next();
  });
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  // The bot's body parser, with the same limit.
  server.use(restify.plugins.bodyParser({ maxBodySize: 256 * 1024, mapParams: false }));
  server.post('/api/messages', async (req: Request, res: Response) => {
    await adapter.process(req, res, (ctx) => bot.run(ctx));
  });
  return server;
}
