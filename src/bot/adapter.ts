import {
  CallerIdConstants,
  Channels,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  type Activity,
  type ConversationState,
  type Request,
  type Response,
  type TurnContext,
} from 'botbuilder';
import { setBounded } from '../core/boundedMap';
import {
  AuthenticationConstants,
  AuthenticationError,
  ConnectorFactory,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import { messages } from '../../dialogs/messages';
import { parseBotFrameworkActivity } from '../channels/inboundActivity';
import { HotlineError } from '../core/errors';
import type { RateLimit } from '../core/rateLimit';
import { ConversationLockLostError } from './conversationLock';
import { isRedisUnreachable } from '../store/redis/errors';
import { admitWhen, type Refusal } from './turnAdmission';
import type { Logger } from '../log';
import { conversationLang, langOfLocale } from '../nlu/language';

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
 * The Bot Framework adapter for /api/messages. With a MicrosoftAppId, every request must carry
 * a JWT signed by a key from the channel's OpenID metadata, and the channel (Teams...) vouches
 * for `channelId` and `from`. Without one, only the Emulator is served: nobody vouches for
 * who is speaking, so an activity may not claim a channel whose people have tickets here.
 * `credentials` replaces how outgoing calls get their token (tests: a static one).
 */
export function createAdapter(
  settings: BotAuthSettings,
  conversationState: ConversationState,
  logger: Logger,
  credentials?: ServiceClientCredentialsFactory,
): HotlineCloudAdapter {
  const auth = new ChannelCheckingAuthentication(
    settings.ToBotFromChannelTokenIssuer,
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
  if (settings.MicrosoftAppId === '') {
    logger.warn(
      '*** MicrosoftAppId is not set: /api/messages serves the Bot Framework Emulator only ' +
        '(channelId "emulator"); every other channel is refused with 401. Register the bot and ' +
        'set MicrosoftAppId / MicrosoftAppPassword to serve Teams. ***',
    );
  }
  const adapter = new HotlineCloudAdapter(auth, logger);
  const apologise = apologiseForFailedTurn(logger);
  adapter.onTurnError = async (ctx: TurnContext, error: unknown) => {
    await apologise(ctx, error);
    // The state now belongs to the turn that took the conversation over: not ours to reset.
    if (error instanceof ConversationLockLostError) return;
    // Redis did not answer: the dialogs are not at fault, and what the person has told so far
    // (a description, an identity, a phone) waits in their state for the turn to be sent again.
    if (isRedisUnreachable(error)) return;
    try {
      // A dialog stack that failed once would likely fail again: start this conversation afresh.
      await conversationState.delete(ctx);
    } catch (nested) {
      logger.error({ err: nested }, 'could not reset the conversation after a failed turn');
    }
  };
  return adapter;
}

/**
 * Logs a failed turn and tells the person, in their language. The Direct Line channel uses it
 * as it is: its client retries a failed turn (503), and the retry must meet the state the
 * failed turn started from, so that state is kept.
 */
export function apologiseForFailedTurn(
  logger: Logger,
): (ctx: TurnContext, error: unknown) => Promise<void> {
  return async (ctx, error) => {
    logger.error(
      {
        err: error,
        conversationId: ctx.activity.conversation?.id,
        activityId: ctx.activity.id,
        channelId: ctx.activity.channelId,
      },
      'turn failed',
    );
    const lang = conversationLang(ctx.activity.text ?? '', null, langOfLocale(ctx.activity.locale));
    try {
      await ctx.sendActivity(messages(lang).error);
    } catch (nested) {
      logger.error({ err: nested }, 'could not apologise after a failed turn');
    }
  };
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
    perConversation?: RateLimit,
  ): Promise<void> {
    let activity: Activity;
    let authenticated: AuthenticateRequestResult;
    try {
      activity = parseBotFrameworkActivity(req.headers['content-type'], req.body);
      authenticated = await this.botFrameworkAuthentication.authenticateRequest(
        activity,
        req.headers.authorization?.toString() ?? '',
      );
    } catch (err) {
      if (err instanceof HotlineError) return answer(res, err.status, err.code, err.message);
      if (err instanceof AuthenticationError) {
        return answer(res, 401, 'UNAUTHENTICATED', 'the request is not authenticated');
      }
      throw err;
    }
    // Counted only once the sender is proven, so nobody can spend another conversation's budget.
    // The count is not waited for: it leaves in the turn's first Redis round trip, and the bot
    // settles it before it runs (turnAdmission.ts). A conversation refused a moment ago waits
    // for its answer first, so a flood costs one round trip a request, not a turn's reads.
    const limitKey = `${activity.channelId}:${activity.conversation.id}`;
    const refusal = this.overLimit(perConversation, limitKey);
    if (this.refusedRecently(limitKey)) {
      const refusedFor = await refusal;
      if (refusedFor !== null) return tooManyRequests(res, refusedFor);
    }
    const admitted = (ctx: TurnContext) => {
      admitWhen(ctx, refusal);
      return logic(ctx);
    };
    if (!isTeamsMessage(activity)) {
      const invokeResponse = await this.processActivity(authenticated, activity, admitted);
      const refusedFor = await refusal;
      if (refusedFor !== null) return tooManyRequests(res, refusedFor);
      res.status(invokeResponse?.status ?? 200);
      if (invokeResponse?.body !== undefined) res.send(invokeResponse.body);
      res.end();
      return;
    }
    const turn = this.processActivityDirect(authenticated, activity, admitted).catch(
      (err: unknown) =>
        this.logger.error(
          { err, activityId: activity.id },
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
        { activityId: activity.id, ackAfterMs },
        'slow teams turn acknowledged; it goes on',
      );
    }
    // Settled before the turn ran: a refused turn has already returned.
    const refusedFor = await refusal;
    if (refusedFor !== null) return tooManyRequests(res, refusedFor);
    res.status(200);
    res.end();
  }

  /** Milliseconds to wait when the conversation is over its limit; null when it may go on. */
  private async overLimit(limit: RateLimit | undefined, key: string): Promise<Refusal> {
    if (limit === undefined) return null;
    try {
      const decision = await limit.take(key);
      if (decision.allowed) return null;
      setBounded(this.refused, key, Date.now() + decision.retryAfterMs, MAX_REFUSED_KEPT);
      return decision.retryAfterMs;
    } catch (err) {
      // Refusing everyone for a counting error would be worse than letting one through.
      this.logger.error({ err }, 'rate limit could not be checked; activity let through');
      return null;
    }
  }

  /** Conversations refused until a time still to come (by this instance), as far as it knows. */
  private readonly refused = new Map<string, number>();

  private refusedRecently(key: string): boolean {
    const until = this.refused.get(key);
    if (until === undefined) return false;
    if (until > Date.now()) return true;
    this.refused.delete(key);
    return false;
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

/** How many refused conversations an instance remembers (the oldest go first). */
const MAX_REFUSED_KEPT = 10_000;

function tooManyRequests(res: Response, refusedForMs: number): void {
  const seconds = Math.max(1, Math.ceil(refusedForMs / 1000));
  res.header('Retry-After', String(seconds));
  answer(
    res,
    429,
    'RATE_LIMITED',
    `请求过于频繁，请 ${seconds} 秒后再试。Too many requests: try again in ${seconds} s.`,
  );
}

/** An error answer in the shape every endpoint uses. */
function answer(res: Response, status: number, code: string, message: string): void {
  res.status(status);
  res.send({ code, message });
  res.end();
}

/**
 * What takes the acknowledging path: plain Teams messages, replies sent to the connector. The
 * activity already passed BotFrameworkActivitySchema (serviceUrl, conversation and from are
 * there), so three fields decide; a zod parse here cost every Emulator turn a failed parse.
 */
function isTeamsMessage(activity: Activity): boolean {
  return (
    activity.type === 'message' &&
    activity.channelId === 'msteams' &&
    activity.deliveryMode !== 'expectReplies'
  );
}

/** jsonwebtoken's errors: a bad signature, a token used too early or too late. */
const TOKEN_ERRORS = new Set(['JsonWebTokenError', 'NotBeforeError', 'TokenExpiredError']);

/**
 * botbuilder answers a wrongly signed token with 500, because jsonwebtoken's error escapes its
 * validation unconverted; this makes every token failure the 401 it is. And only a token the
 * channel service issued vouches for `channelId`: without one (no registration, or an
 * Emulator token signed for the bot's own app) an activity may only come from the Emulator, so
 * it can never speak as a web or Teams requester (their tickets are keyed `<channel>:<id>`).
 */
class ChannelCheckingAuthentication extends ConfigurationBotFrameworkAuthentication {
  constructor(
    private readonly channelIssuer: string,
    ...args: ConstructorParameters<typeof ConfigurationBotFrameworkAuthentication>
  ) {
    super(...args);
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    const result = await unauthorizedOnBadToken(() =>
      super.authenticateRequest(activity, authHeader),
    );
    const issuer = result.claimsIdentity.getClaimValue(AuthenticationConstants.IssuerClaim);
    if (activity.channelId !== Channels.Emulator && issuer !== this.channelIssuer) {
      throw new AuthenticationError(
        `Unauthorized: only the Emulator may call without a channel token, not ${activity.channelId}`,
        401,
      );
    }
    // Without a token nobody vouches for the serviceUrl, and the bot POSTs replies and later
    // ticket news to it: only the Emulator on this machine may be answered so.
    // (Anonymous: botbuilder let it in without a token, so it carries no claims at all.)
    if (!issuer && !isLoopbackUrl(activity.serviceUrl)) throw new ServiceUrlNotLocalError();
    const factory = result.connectorFactory;
    if (factory === undefined) return result;
    const bot = botOf(result.claimsIdentity);
    return { ...result, connectorFactory: new SharedConnectors(this.connectors, bot, factory) };
  }

  private readonly connectors = new Map<string, Promise<ConnectorClient>>();

  /**
   * botbuilder builds a user-token client (another HTTP pipeline with its credentials) for every
   * turn, though the hotline never signs anyone in through it: 3% of a turn's CPU under the
   * bench. It is built from the bot's app id alone, so one is kept per bot identity.
   */
  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return sharedClient(this.userTokenClients, botOf(claimsIdentity), () =>
      super.createUserTokenClient(claimsIdentity),
    );
  }

  private readonly userTokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return unauthorizedOnBadToken(() => super.authenticateChannelRequest(authHeader));
  }
}

/**
 * botbuilder builds a Bot Connector client (an HTTP pipeline and its credentials) for every
 * turn, also for one whose replies go back in the HTTP answer: 4% of a turn's CPU under the
 * bench. Clients are kept per bot identity, service URL and audience, which is what each is
 * built from, and shared by the turns that need the same one (their credentials cache and
 * renew the token themselves). A client that could not be built is not kept.
 */
class SharedConnectors extends ConnectorFactory {
  constructor(
    private readonly clients: Map<string, Promise<ConnectorClient>>,
    private readonly bot: string,
    private readonly factory: ConnectorFactory,
  ) {
    super();
  }

  create(serviceUrl: string, audience?: string): Promise<ConnectorClient> {
    const key = JSON.stringify([this.bot, serviceUrl, audience ?? null]);
    return sharedClient(this.clients, key, () => this.factory.create(serviceUrl, audience));
  }
}

/** The bot a turn is for, as the claims its clients are built from name it. */
function botOf(claims: ClaimsIdentity): string {
  return [AuthenticationConstants.AudienceClaim, AuthenticationConstants.AppIdClaim]
    .map((claim) => claims.getClaimValue(claim) ?? '')
    .join(' ');
}

/**
 * The client kept under `key`, or a new one kept from now on. One that could not be built is not
 * kept. Keys come from the activity (an unauthenticated Emulator may send any service URL or app
 * id), so the oldest client goes once there are more than a few hundred.
 */
function sharedClient<T>(clients: Map<string, Promise<T>>, key: string, build: () => Promise<T>) {
  const known = clients.get(key);
  if (known !== undefined) return known;
  const created = build();
  created.catch(() => clients.delete(key));
  setBounded(clients, key, created, MAX_SHARED_CLIENTS);
  return created;
}

const MAX_SHARED_CLIENTS = 256;

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

/** An anonymous activity's serviceUrl that is not this machine's. */
export class ServiceUrlNotLocalError extends HotlineError {
  constructor() {
    super(
      'SERVICE_URL_NOT_LOCAL',
      'without MicrosoftAppId, /api/messages answers the Emulator on this machine only ' +
        '(a serviceUrl on localhost, 127.0.0.0/8 or [::1])',
      403,
    );
  }
}

/** http(s) to localhost, 127.0.0.0/8 or [::1]: where the Emulator listens for replies. */
export function isLoopbackUrl(value: string | undefined): boolean {
  if (value === undefined || !URL.canParse(value)) return false;
  const url = new URL(value);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  const host = url.hostname;
  return host === 'localhost' || host === '[::1]' || /^127(?:\.\d{1,3}){3}$/.test(host);
}
