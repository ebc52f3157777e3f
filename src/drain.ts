import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/**
 * Graceful stop of an HTTP server behind a load balancer. Once started: no new connections,
 * idle keep-alive connections are closed, and every response still to be sent says
 * `Connection: close`, so a client's next request opens a connection elsewhere instead of
 * feeding this instance more turns. Requests already here are answered in full.
 */
export class HttpDrain {
  private draining = false;
  private readonly inFlight = new Map<ServerResponse, string>();
  private closed: Promise<void> | null = null;

  constructor(private readonly http: Server) {
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
    return this.closed;
  }

  /** What is still being answered, as `METHOD /path` (no query: it may carry a token). */
  pending(): string[] {
    return [...this.inFlight.values()];
  }

  private track(req: IncomingMessage, res: ServerResponse): void {
    if (this.draining) closeAfter(res);
    this.inFlight.set(res, `${req.method ?? '?'} ${(req.url ?? '/').split('?')[0]}`);
    res.once('close', () => {
      this.inFlight.delete(res);
      // A response whose headers went out before the drain leaves an idle connection behind.
      if (this.draining) this.http.closeIdleConnections();
    });
  }
}

function closeAfter(res: ServerResponse): void {
  if (!res.headersSent) res.setHeader('Connection', 'close');
}
