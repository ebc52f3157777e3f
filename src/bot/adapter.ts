import {
  CallerIdConstants,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConversationState,
  type TurnContext,
} from 'botbuilder';
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
): CloudAdapter {
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
  const adapter = new CloudAdapter(auth);
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
