import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { WebSocketServer, type WebSocket } from 'ws';
import { HotlineError } from '../../core/errors';
import type { Logger } from '../../log';
import { ConversationNotFoundError, type DirectLineStore, type FeedEvent } from './ports';
import { ConversationIdSchema, parseWatermark } from './schemas';
import { assertConversation, type DirectLineTokens } from './tokens';

const STREAM_PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream$/;
const PAGE_SIZE = 100;

export interface StreamHubDeps {
  store: DirectLineStore;
  tokens: DirectLineTokens;
  logger: Logger;
  /** Ping (and empty heartbeat message) interval; a socket silent for two of them is dropped. */
  heartbeatMs: number;
}

/**
 * Direct Line WebSockets (`GET /v3/directline/conversations/:id/stream`). Each socket sends the
 * log from its watermark, then whatever the store's feed announces, read back from the store in
 * order: the feed only wakes sockets up, so a lost or reordered notification costs nothing.
 * One socket per conversation across all instances: a newer one closes the older.
 */
export class StreamHub {
  private readonly wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  private readonly sessions = new Set<StreamSession>();

  constructor(private readonly deps: StreamHubDeps) {}

  /** Whether an upgrade request is one of ours. */
  handles(req: IncomingMessage): boolean {
    return STREAM_PATH.test(new URL(req.url ?? '/', 'http://localhost').pathname);
  }

  /**
   * An upgrade to any other path. Left alone it would hold its socket for good (Node hands every
   * upgrade to the listener) and keep a draining instance from closing until its grace ran out.
   */
  refuseOther(socket: Duplex): void {
    refuse(
      socket,
      new HotlineError(
        'NOT_FOUND',
        '此地址没有 WebSocket / no WebSocket is served at this path',
        404,
      ),
    );
  }

  async upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const conversationId = ConversationIdSchema.safeParse(
      decodeURIComponent(STREAM_PATH.exec(url.pathname)?.[1] ?? ''),
    );
    try {
      if (!conversationId.success) throw new ConversationNotFoundError('(malformed)');
      const credential = url.searchParams.get('t');
      const caller =
        credential === null
          ? this.deps.tokens.authenticate(req.headers.authorization)
          : this.deps.tokens.authenticateCredential(credential);
      assertConversation(caller, conversationId.data);
      if ((await this.deps.store.get(conversationId.data)) === null) {
        throw new ConversationNotFoundError(conversationId.data);
      }
    } catch (err) {
      refuse(socket, err);
      return;
    }
    const watermark = parseWatermark(url.searchParams.get('watermark') ?? undefined);
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      void this.open(ws, conversationId.data, watermark);
    });
  }

  /** Says goodbye to every socket; those that do not answer within a second are cut. */
  async close(): Promise<void> {
    await Promise.all([...this.sessions].map((s) => s.close(1001, 'server shutting down')));
    for (let i = 0; i < 20 && this.wss.clients.size > 0; i++) await sleep(50);
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private async open(ws: WebSocket, conversationId: string, watermark: number): Promise<void> {
    const session = new StreamSession(ws, conversationId, watermark, this.deps, () =>
      this.sessions.delete(session),
    );
    this.sessions.add(session);
    await session.start();
  }
}

class StreamSession {
  private delivered: number;
  private generation: number | null = null;
  private newestGeneration = 0;
  private stopWatching: (() => Promise<void>) | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private alive = true;
  private pumping = false;
  private pumpAgain = false;
  private closed = false;

  constructor(
    private readonly ws: WebSocket,
    private readonly conversationId: string,
    watermark: number,
    private readonly deps: StreamHubDeps,
    private readonly onClosed: () => void,
  ) {
    this.delivered = watermark;
    ws.on('pong', () => {
      this.alive = true;
    });
    // Clients ping with empty messages; nothing they send on the stream means anything else.
    ws.on('message', () => {
      this.alive = true;
    });
    ws.on('close', () => void this.dispose());
    ws.on('error', (err) => {
      deps.logger.warn({ conversationId, err: err.message }, 'directline: stream error');
    });
  }

  async start(): Promise<void> {
    try {
      // Watch before announcing and before reading the backlog, so nothing falls in between.
      const stop = await this.deps.store.watch(this.conversationId, (e) => this.onFeed(e));
      if (this.closed) {
        await stop();
        return;
      }
      this.stopWatching = stop;
      this.generation = await this.deps.store.announceSocket(this.conversationId);
      if (this.newestGeneration > this.generation) {
        await this.close(1000, 'replaced by a newer connection');
        return;
      }
      this.deps.logger.info(
        { conversationId: this.conversationId, watermark: this.delivered },
        'directline: stream opened',
      );
      this.heartbeat = setInterval(() => this.beat(), this.deps.heartbeatMs);
      this.heartbeat.unref();
      await this.pump();
    } catch (err) {
      this.deps.logger.error(
        { conversationId: this.conversationId, err },
        'directline: stream failed',
      );
      await this.close(1011, 'stream failed');
    }
  }

  async close(code: number, reason: string): Promise<void> {
    if (this.ws.readyState === this.ws.OPEN || this.ws.readyState === this.ws.CONNECTING) {
      this.ws.close(code, reason);
    }
    await this.dispose();
  }

  private onFeed(event: FeedEvent): void {
    if (event.kind === 'socket') {
      this.newestGeneration = Math.max(this.newestGeneration, event.generation);
      if (this.generation !== null && event.generation > this.generation) {
        this.deps.logger.info(
          { conversationId: this.conversationId },
          'directline: stream replaced by a newer one',
        );
        void this.close(1000, 'replaced by a newer connection');
      }
    } else if (event.seq > this.delivered && this.generation !== null) {
      void this.pump();
    }
  }

  /** Sends everything after the last delivered watermark, one pump at a time, in order. */
  private async pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return;
    }
    this.pumping = true;
    try {
      do {
        this.pumpAgain = false;
        const page = await this.deps.store.read(this.conversationId, this.delivered, PAGE_SIZE);
        if (this.closed || page.activities.length === 0) continue;
        this.ws.send(
          JSON.stringify({
            activities: page.activities.map((a) => a.activity),
            watermark: String(page.watermark),
          }),
        );
        this.delivered = page.watermark;
        if (page.activities.length === PAGE_SIZE) this.pumpAgain = true;
      } while (this.pumpAgain && !this.closed);
    } catch (err) {
      if (err instanceof ConversationNotFoundError) {
        await this.close(1000, 'conversation ended');
      } else {
        // The next feed event retries from the same watermark.
        this.deps.logger.warn(
          { conversationId: this.conversationId, err },
          'directline: stream could not read the log',
        );
      }
    } finally {
      this.pumping = false;
    }
  }

  private beat(): void {
    if (!this.alive) {
      this.deps.logger.info(
        { conversationId: this.conversationId },
        'directline: stream went silent',
      );
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
    // Azure's heartbeat: an empty message, which directlinejs skips.
    this.ws.send('');
  }

  private async dispose(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.onClosed();
    const stop = this.stopWatching;
    this.stopWatching = null;
    if (stop !== null) {
      await stop().catch((err: unknown) =>
        this.deps.logger.warn(
          { conversationId: this.conversationId, err },
          'directline: unwatch failed',
        ),
      );
    }
    this.deps.logger.info({ conversationId: this.conversationId }, 'directline: stream closed');
  }
}

/** Answers a refused upgrade with the status and `{code, message}` a REST call would get. */
function refuse(socket: Duplex, err: unknown): void {
  const known = err instanceof HotlineError;
  const status = known ? err.status : 500;
  const body = JSON.stringify(
    known
      ? { code: err.code, message: err.message }
      : { code: 'INTERNAL', message: 'stream failed' },
  );
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\n` +
      'Content-Type: application/json\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n` +
      'Connection: close\r\n\r\n' +
      body,
  );
}
