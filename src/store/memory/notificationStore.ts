import type { Clock } from '../../core/clock';
import { mergeFeeds } from '../../supervision/notification';
import type {
  NotificationLimits,
  NotificationStore,
  SupervisionNotification,
} from '../../supervision/ports';

/** In-process notifications for a Redis-less demo and domain tests; same caps and expiry. */
export class MemoryNotificationStore implements NotificationStore {
  private readonly feeds = new Map<
    string,
    { items: SupervisionNotification[]; expiresAt: number }
  >();

  constructor(
    private readonly limits: NotificationLimits,
    private readonly clock: Clock,
  ) {}

  async add(audience: string, n: SupervisionNotification): Promise<boolean> {
    const items = this.live(audience);
    if (items.some((i) => i.id === n.id)) return false;
    items.push(structuredClone(n));
    items.sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const expiresAt = this.clock.now().getTime() + this.limits.ttlSeconds * 1000;
    this.feeds.set(audience, { items: items.slice(-this.limits.cap), expiresAt });
    return true;
  }

  async list(
    audiences: readonly string[],
    sinceMs: number,
    limit: number,
  ): Promise<SupervisionNotification[]> {
    const feeds = audiences.map((a) =>
      this.live(a)
        .filter((n) => Date.parse(n.at) > sinceMs)
        .map((n) => structuredClone(n)),
    );
    return mergeFeeds(feeds, limit);
  }

  private live(audience: string): SupervisionNotification[] {
    const feed = this.feeds.get(audience);
    if (feed === undefined || feed.expiresAt <= this.clock.now().getTime()) return [];
    return feed.items;
  }
}
