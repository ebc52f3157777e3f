import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ServiceClientCredentialsFactory,
  TokenCredentials,
  type ServiceClientCredentials,
} from 'botframework-connector';
import jwt from 'jsonwebtoken';

/** An activity as the bot sent it to the Bot Connector. */
export interface SentActivity {
  type: string;
  text?: string;
  replyToId?: string;
  attachments?: unknown[];
  suggestedActions?: { actions: { type: string; title: string; value: string }[] };
  conversation?: { id: string };
}

export interface Captured {
  conversationId: string;
  /** The activity id in the URL: the bot replied to it (null: a new message in the conversation). */
  replyTo: string | null;
  authorization: string | null;
  activity: SentActivity;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

const ACTIVITIES = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/;

/** The Bot Connector service of a Teams region, as far as a bot's replies go. Loopback only. */
export class FakeConnector {
  readonly received: Captured[] = [];
  private readonly server = createServer((req, res) => void this.handle(req, res));
  private base = '';
  private seq = 0;

  /** What activities name as serviceUrl (Teams' have a trailing slash, e.g. .../amer/). */
  get serviceUrl(): string {
    return `${this.base}/teams/`;
  }

  async start(): Promise<void> {
    this.base = await listen(this.server);
  }

  async close(): Promise<void> {
    await close(this.server);
  }

  /** Everything received so far, and forget it. */
  take(): Captured[] {
    return this.received.splice(0);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').replace(/\/{2,}/g, '/').replace(/^\/teams/, '');
    const match = ACTIVITIES.exec(path);
    if (req.method !== 'POST' || match === null) return send(res, 404, { error: 'not found' });
    const activity = (await readJson(req)) as SentActivity;
    this.received.push({
      conversationId: decodeURIComponent(match[1] ?? ''),
      replyTo: match[2] === undefined ? null : decodeURIComponent(match[2]),
      authorization: req.headers.authorization ?? null,
      activity,
    });
    this.seq += 1;
    send(res, 200, { id: `sent-${this.seq}` });
  }
}

/**
 * A local stand-in for login.botframework.com: an OpenID configuration and a JWKS with one RSA
 * key endorsed for msteams, and a signer for channel tokens.
 */
export class LocalOpenId {
  readonly kid = 'local-test-key';
  readonly issuer = 'https://api.botframework.test';
  private readonly key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** Same kid, different key: what a forger would sign with. */
  private readonly forgery = generateKeyPairSync('rsa', { modulusLength: 2048 });
  private readonly server = createServer((req, res) => this.handle(req, res));
  private base = '';

  get metadataUrl(): string {
    return `${this.base}/v1/.well-known/openidconfiguration`;
  }

  async start(): Promise<void> {
    this.base = await listen(this.server);
  }

  async close(): Promise<void> {
    await close(this.server);
  }

  /** A channel token as the Bot Connector service sends it to the bot. */
  token(
    claims: { aud: string; serviceurl: string; iss?: string; ver?: string; appid?: string },
    { forged = false, expiresIn = 300 }: { forged?: boolean; expiresIn?: number } = {},
  ): string {
    const key: KeyObject = forged ? this.forgery.privateKey : this.key.privateKey;
    return jwt.sign({ iss: this.issuer, ...claims }, key, {
      algorithm: 'RS256',
      keyid: this.kid,
      expiresIn,
      jwtid: randomUUID(),
    });
  }

  /** A token that claims no signature at all (alg "none"). */
  unsignedToken(claims: { aud: string; serviceurl: string }): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const header = { alg: 'none', typ: 'JWT', kid: this.kid };
    return `${part(header)}.${part({ iss: this.issuer, ...claims, iat: now, exp: now + 300 })}.`;
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    if (req.url === '/v1/.well-known/openidconfiguration') {
      return send(res, 200, {
        issuer: this.issuer,
        authorization_endpoint: `${this.base}/authorize`,
        jwks_uri: `${this.base}/v1/.well-known/keys`,
        id_token_signing_alg_values_supported: ['RS256'],
        token_endpoint_auth_methods_supported: ['private_key_jwt'],
      });
    }
    if (req.url === '/v1/.well-known/keys') {
      const jwk = this.key.publicKey.export({ format: 'jwk' });
      return send(res, 200, {
        keys: [{ ...jwk, kid: this.kid, use: 'sig', alg: 'RS256', endorsements: ['msteams'] }],
      });
    }
    send(res, 404, { error: 'not found' });
  }
}

/** Outgoing calls carry a fixed token: no request goes to login.microsoftonline.com. */
export class StaticTokenCredentials extends ServiceClientCredentialsFactory {
  constructor(
    private readonly appId: string,
    readonly token: string,
  ) {
    super();
  }

  async isValidAppId(appId: string): Promise<boolean> {
    return appId === this.appId;
  }

  async isAuthenticationDisabled(): Promise<boolean> {
    return false;
  }

  async createCredentials(): Promise<ServiceClientCredentials> {
    return new TokenCredentials(this.token);
  }
}

export type ConversationType = 'personal' | 'groupChat' | 'channel';

export interface TeamsUser {
  id: string;
  aadObjectId: string;
  name: string;
  tenantId: string;
}

const BOT_NAME = '12345热线';

/** A message as Teams posts it to /api/messages. */
export function teamsMessage(options: {
  id: string;
  text: string;
  user: TeamsUser;
  botId: string;
  serviceUrl: string;
  conversationId: string;
  conversationType: ConversationType;
  mention?: boolean;
}): Record<string, unknown> {
  const { user, botId, mention = false } = options;
  const tag = `<at>${BOT_NAME}</at>`;
  return {
    type: 'message',
    id: options.id,
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl: options.serviceUrl,
    from: { id: user.id, name: user.name, aadObjectId: user.aadObjectId },
    recipient: { id: botId, name: BOT_NAME },
    conversation: {
      id: options.conversationId,
      conversationType: options.conversationType,
      tenantId: user.tenantId,
      ...(options.conversationType === 'personal' ? {} : { isGroup: true }),
    },
    text: mention ? `${tag} ${options.text}` : options.text,
    textFormat: 'plain',
    locale: 'zh-CN',
    entities: [
      ...(mention
        ? [{ type: 'mention', mentioned: { id: botId, name: BOT_NAME }, text: tag }]
        : []),
      { type: 'clientInfo', locale: 'zh-CN', country: 'CN', platform: 'Windows' },
    ],
    channelData: {
      tenant: { id: user.tenantId },
      ...(options.conversationType === 'channel'
        ? { team: { id: '19:team@thread.skype' }, channel: { id: options.conversationId } }
        : {}),
    },
  };
}
