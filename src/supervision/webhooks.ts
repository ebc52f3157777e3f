import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { parseCatalogue } from '../routing/catalogue';
import type { SupervisionNotification, WebhookSink } from './ports';

/** department (or `supervisors`) -> https URL, from config/webhooks.yaml or SUPERVISION_WEBHOOKS. */
export const WebhookUrlsSchema = z.record(
  z.string().min(1),
  z.url({ protocol: /^https$/, error: 'expected an https:// URL' }),
);
export type WebhookUrls = z.infer<typeof WebhookUrlsSchema>;
const WebhookFileSchema = WebhookUrlsSchema.nullable();

/**
 * Reads a webhooks file (an empty one names none); a bad entry stops start-up with the file and
 * the entry named (CatalogueError, like the other YAML files under config/).
 */
export function loadWebhookFile(path: string): WebhookUrls {
  return parseCatalogue(WebhookFileSchema, readFileSync(path, 'utf8'), path) ?? {};
}

export interface HttpWebhooksOptions {
  urls: WebhookUrls;
  /** Per attempt. */
  timeoutMs?: number;
  /** Waits before each retry; their number is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** An attempt that failed (the URL is not given: it may hold a secret) (`willRetry`) or the last one. */
  onFailure?: (
    err: unknown,
    info: { audience: string; id: string; attempt: number; willRetry: boolean },
  ) => void;
}

/**
 * POSTs each notification to its audience's webhook in the background: 5 s per attempt, a few
 * retries on a network error or a non-2xx answer, never holding up the scheduler. The body
 * carries the notification id, also sent as `Idempotency-Key`, so a receiver can drop a repeat.
 */
export class HttpWebhooks implements WebhookSink {
  private readonly inFlight = new Set<Promise<void>>();
  private readonly stopping = new AbortController();
  private readonly timeoutMs: number;
  private readonly retryDelaysMs: readonly number[];

  constructor(private readonly options: HttpWebhooksOptions) {
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.retryDelaysMs = options.retryDelaysMs ?? [2000, 10_000, 60_000];
  }

  send(audience: string, n: SupervisionNotification): void {
    const url = this.options.urls[audience];
    if (url === undefined || this.stopping.signal.aborted) return;
    const delivery = this.deliver(audience, url, n);
    this.inFlight.add(delivery);
    void delivery.finally(() => this.inFlight.delete(delivery));
  }

  /** Waits for deliveries in progress, retries included (tests). */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  /** Cancels waiting retries and attempts in progress (shutdown); they are reported as failed. */
  async close(): Promise<void> {
    this.stopping.abort();
    await this.settle();
  }

  get delivering(): number {
    return this.inFlight.size;
  }

  private async deliver(audience: string, url: string, n: SupervisionNotification): Promise<void> {
    // Notifications carry codes, ids and times only: no personal data to leave out.
    const body = JSON.stringify(n);
    for (let attempt = 1; ; attempt++) {
      const willRetry = attempt <= this.retryDelaysMs.length;
      try {
        const res = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'idempotency-key': n.id },
          body,
          signal: AbortSignal.any([AbortSignal.timeout(this.timeoutMs), this.stopping.signal]),
        });
        await res.body?.cancel();
        if (res.ok) return;
        throw new Error(`webhook answered ${res.status}`);
      } catch (err) {
        const stopped = this.stopping.signal.aborted;
        this.options.onFailure?.(err, {
          audience,
          id: n.id,
          attempt,
          willRetry: willRetry && !stopped,
        });
        if (!willRetry || stopped) return;
      }
      await this.pause(this.retryDelaysMs[attempt - 1] ?? 0);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.stopping.signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.stopping.signal.addEventListener('abort', done, { once: true });
    });
  }
}
