import type { RedisClient } from './client';
import { HandoffEventSchema, type HandoffEvent, type HandoffEvents } from '../../handoff/types';
import type { RedisKeys } from './keys';
import { definePublishCommands } from './commands';

export interface RedisHandoffEventsOptions {
  /** Errors of the subscriber connection (the main connection reports its own). */
  onError?: (err: Error) => void;
}

type Listener = (event: HandoffEvent) => void;

/**
 * Handoff news on one pub/sub channel for every instance. Listeners of this instance share one
 * subscriber connection, opened with the first and closed with the last. A message that does
 * not parse as an event is skipped: nothing depends on an event arriving.
 */
export class RedisHandoffEvents implements HandoffEvents {
  private readonly listeners = new Set<Listener>();
  private subscriber: { connection: RedisClient; ready: Promise<unknown> } | null = null;

  constructor(
    private readonly redis: RedisClient,
    private readonly keys: RedisKeys,
    private readonly options: RedisHandoffEventsOptions = {},
  ) {
    definePublishCommands(redis);
  }

  /** Through the channel's slot owner, so that on a cluster events keep their order. */
  async publish(event: HandoffEvent): Promise<void> {
    await this.redis.hotlinePublishInSlot(
      this.keys.handoffEvents(),
      JSON.stringify(HandoffEventSchema.parse(event)),
    );
  }

  async subscribe(listener: Listener): Promise<() => Promise<void>> {
    // Wrapped, so the same function subscribed twice is two subscriptions.
    const own: Listener = (event) => listener(event);
    this.listeners.add(own);
    const subscriber = this.subscriber ?? this.open();
    try {
      await subscriber.ready;
    } catch (err) {
      this.listeners.delete(own);
      if (this.listeners.size === 0 && this.subscriber === subscriber) {
        this.subscriber = null;
        subscriber.connection.disconnect();
      }
      throw err;
    }
    let active = true;
    return async () => {
      if (!active) return;
      active = false;
      this.listeners.delete(own);
      if (this.listeners.size > 0 || this.subscriber !== subscriber) return;
      this.subscriber = null;
      await subscriber.ready.catch(() => undefined);
      await subscriber.connection.quit();
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    const subscriber = this.subscriber;
    this.subscriber = null;
    if (subscriber === null) return;
    await subscriber.ready.catch(() => undefined);
    await subscriber.connection.quit().catch(() => subscriber.connection.disconnect());
  }

  private open(): { connection: RedisClient; ready: Promise<unknown> } {
    const channel = this.keys.handoffEvents();
    const connection = this.redis.duplicate();
    connection.on('error', (err: Error) => this.options.onError?.(err));
    connection.on('message', (from: string, message: string) => {
      if (from !== channel) return;
      const parsed = HandoffEventSchema.safeParse(safeJson(message));
      if (!parsed.success) return;
      for (const listener of [...this.listeners]) listener(parsed.data);
    });
    const subscriber = { connection, ready: connection.subscribe(channel) };
    this.subscriber = subscriber;
    return subscriber;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
