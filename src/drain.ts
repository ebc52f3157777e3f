import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

/**
 * How long a connection that has not finished sending a request's headers may take once the drain
 * begins. A half-sent request is still answered (503 from /readyz, say) if it completes in time;
 * one that never does (a stalled client, slowloris) would otherwise hold the instance until the
 * grace ran out and exit 1 with nothing named as cut.
 */
export const HALF_SENT_WAIT_MS = 2000;

/**
 * Graceful stop of an HTTP server behind a load balancer. Once started: no new connections,
 * idle keep-alive connections are closed, and every response still to be sent says
 * `Connection: close`, so a client's next request opens a connection elsewhere instead of
 * feeding this instance more turns. Requests already here are answered in full.
 */
export class HttpDrain {
  private draining = false;
  private readonly inFlight = new Map<ServerResponse, string>();
  /** Open HTTP connections (not upgraded ones), with how many responses each has under way. */
  private readonly connections = new Map<Socket, number>();
  private closed: Promise<void> | null = null;

  constructor(
    private readonly http: Server,
    private readonly halfSentWaitMs = HALF_SENT_WAIT_MS,
  ) {
    http.on('connection', (socket: Socket) => {
      this.connections.set(socket, 0);
      socket.once('close', () => this.connections.delete(socket));
    });
    // An upgraded socket belongs to its WebSocket now, which closes itself on the drain.
    http.prependListener('upgrade', (req: IncomingMessage) => this.connections.delete(req.socket));
    // First listener, so the header is set before restify's handlers run.
    http.prependListener('request', (req: IncomingMessage, res: ServerResponse) =>
      this.track(req, res),
    );
  }

  get active(): boolean {
    return this.draining;
  }

  /** Begins the drain; resolves once every connection is gone (in-flight requests answered). */
  start(): Promise<void> {
    if (this.closed !== null) return this.closed;
    this.draining = true;
    for (const res of this.inFlight.keys()) closeAfter(res);
    this.closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeIdleConnections();
    setTimeout(() => {
      for (const [socket, responses] of this.connections) if (responses === 0) socket.destroy();
    }, this.halfSentWaitMs).unref();
    return this.closed;
  }

  /** What is still being answered, as `METHOD /path` (no query: it may carry a token). */
  pending(): string[] {
    return [...this.inFlight.values()];
  }

  private countResponses(socket: Socket, by: number): void {
    const responses = this.connections.get(socket);
    if (responses !== undefined) this.connections.set(socket, Math.max(0, responses + by));
  }

  private track(req: IncomingMessage, res: ServerResponse): void {
    if (this.draining) closeAfter(res);
    this.inFlight.set(res, `${req.method ?? '?'} ${(req.url ?? '/').split('?')[0]}`);
    const socket = req.socket;
    this.countResponses(socket, +1);
    res.once('close', () => {
      this.inFlight.delete(res);
      this.countResponses(socket, -1);
      // A response whose headers went out before the drain leaves an idle connection behind.
      if (this.draining) this.http.closeIdleConnections();
    });
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
