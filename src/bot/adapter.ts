import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConversationState,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import { validateAndFixActivity } from 'botbuilder/lib/activityValidator';
import { z } from 'zod';
import {
  AuthenticationError,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ServiceClientCredentialsFactory,
} from 'botframework-connector';
import { messages } from '../../dialogs/messages';
import { detectLang } from '../../dialogs/session';
import type { Logger } from '../log';
import { langOfLocale } from './hotlineBot';

/** The Bot Framework settings of the config (src/config.ts documents each). */
export interface BotAuthSettings {
  MicrosoftAppId: string;
  MicrosoftAppPassword: string;
  MicrosoftAppType: string;
  MicrosoftAppTenantId: string;
  ToBotFromChannelOpenIdMetadataUrl: string;
  ToBotFromChannelTokenIssuer: string;
  ToBotFromEmulatorOpenIdMetadataUrl: string;
  ToChannelFromBotLoginUrl: string;
  ToChannelFromBotOAuthScope: string;
  OAuthUrl: string;
}

/**
 * The Bot Framework adapter for /api/messages. With an empty MicrosoftAppId, botbuilder skips
 * authentication (Emulator, local tests); with one, every request must carry a JWT signed by a
 * key from the channel's OpenID metadata. `credentials` replaces how outgoing calls get their
 * token (tests: a static one, so nothing goes to the login service).
 */
export function createAdapter(
  settings: BotAuthSettings,
  conversationState: ConversationState,
  logger: Logger,
  credentials?: ServiceClientCredentialsFactory,
): HotlineCloudAdapter {
  const auth = new UnauthorizedOnBadToken(
    {
      MicrosoftAppId: settings.MicrosoftAppId,
      MicrosoftAppPassword: settings.MicrosoftAppPassword,
      MicrosoftAppType: settings.MicrosoftAppType,
      MicrosoftAppTenantId: settings.MicrosoftAppTenantId,
      // Setting any of these makes botbuilder take all of them as given, so all are set.
      ToBotFromChannelOpenIdMetadataUrl: settings.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: settings.ToBotFromChannelTokenIssuer,
      ToBotFromEmulatorOpenIdMetadataUrl: settings.ToBotFromEmulatorOpenIdMetadataUrl,
      ToChannelFromBotLoginUrl: settings.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: settings.ToChannelFromBotOAuthScope,
      OAuthUrl: settings.OAuthUrl,
      CallerId: CallerIdConstants.PublicAzureChannel,
      ValidateAuthority: true,
    },
    credentials,
  );
  const adapter = new HotlineCloudAdapter(auth, logger);
  adapter.onTurnError = async (ctx: TurnContext, error: unknown) => {
    logger.error(
      {
        err: error,
        conversationId: ctx.activity.conversation?.id,
        activityId: ctx.activity.id,
        channelId: ctx.activity.channelId,
      },
      'turn failed',
    );
    const lang = detectLang(ctx.activity.text ?? '', langOfLocale(ctx.activity.locale));
    try {
      await ctx.sendActivity(messages(lang).error);
      // A dialog stack that failed once would likely fail again: start this conversation afresh.
      await conversationState.delete(ctx);
    } catch (nested) {
      logger.error({ err: nested }, 'could not apologise after a failed turn');
    }
  };
  return adapter;
}

/**
 * Teams re-sends an activity when the bot has not answered its HTTP request within about 15 s.
 * A Teams message is therefore answered within `ackAfterMs` whatever happens: a quick turn (all
 * of them today) answers as usual; a slow one is acknowledged with 200 while it goes on and its
 * replies still reach the chat through the Bot Connector. Everything else (Emulator and tests
 * with expectReplies, invokes that need their response in the body) takes botbuilder's path.
 */
export class HotlineCloudAdapter extends CloudAdapter {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    auth: ConfigurationBotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super(auth);
  }

  async processAcknowledgingSlowTurns(
    req: Request,
    res: Response,
    logic: (context: TurnContext) => Promise<void>,
    ackAfterMs: number,
  ): Promise<void> {
    const parsed = TeamsMessageSchema.safeParse(req.body);
    if (!parsed.success) return this.process(req, res, logic);
    // The fields botbuilder relies on were checked above; it validates and fixes the rest.
    const activity = validateAndFixActivity(ActivityBody.parse(req.body));
    let authenticated: AuthenticateRequestResult;
    try {
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(
        activity,
        req.headers.authorization?.toString() ?? '',
      );
    } catch (err) {
      const status = err instanceof AuthenticationError ? 401 : 500;
      res.status(status);
      res.end();
      return;
    }
    const turn = this.processActivityDirect(authenticated, activity, logic).catch((err: unknown) =>
      this.logger.error(
        { err, activityId: parsed.data.id },
        'teams turn failed after it was acknowledged',
      ),
    );
    this.inFlight.add(turn);
    void turn.finally(() => this.inFlight.delete(turn));
    const slow = await Promise.race([
      turn.then(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ackAfterMs).unref()),
    ]);
    if (slow) {
      this.logger.warn(
        { activityId: parsed.data.id, ackAfterMs },
        'slow teams turn acknowledged; it goes on',
      );
    }
    res.status(200);
    res.end();
  }

  /** How many turns acknowledged early are still running. */
  get running(): number {
    return this.inFlight.size;
  }

  /** Turns acknowledged early and still running: shutdown waits for them. */
  async drain(): Promise<void> {
    await Promise.all([...this.inFlight]);
  }
}

const ActivityBody = z.custom<Activity>((v) => typeof v === 'object' && v !== null);

/** What takes the acknowledging path: plain Teams messages, replies sent to the connector. */
const TeamsMessageSchema = z.object({
  type: z.literal('message'),
  channelId: z.literal('msteams'),
  id: z.string().optional(),
  serviceUrl: z.string().min(1),
  conversation: z.object({ id: z.string().min(1) }),
  from: z.object({ id: z.string().min(1) }),
  deliveryMode: z
    .string()
    .optional()
    .refine((m) => m !== 'expectReplies'),
});

/** jsonwebtoken's errors: a bad signature, a token used too early or too late. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder answers a wrongly signed token with 500, because jsonwebtoken's error escapes its
 * validation unconverted; this makes every token failure the 401 it is.
 */
class UnauthorizedOnBadToken extends ConfigurationBotFrameworkAuthentication {
  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    return unauthorizedOnBadToken(() => super.authenticateRequest(activity, authHeader));
  }

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return unauthorizedOnBadToken(() => super.authenticateChannelRequest(authHeader));
  }
}

async function unauthorizedOnBadToken<T>(authenticate: () => Promise<T>): Promise<T> {
  try {
    return await authenticate();
  } catch (err) {
    if (err instanceof Error && TOKEN_ERRORS.has(err.name)) {
      throw new AuthenticationError(`Unauthorized: ${err.message}`, 401);
    }
    throw err;
  }
}
