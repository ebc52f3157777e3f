import type { ConversationLock } from '../../bot/conversationLock';
import { systemClock, type Clock } from '../../core/clock';

/** In-process conversation holds for a Redis-less demo and tests. Not shared between instances. */
export class MemoryConversationLock implements ConversationLock {
  readonly releasedByStateWrite = false;
  private readonly holds = new Map<string, { token: number; expires: number }>();
  private readonly tokens = new Map<string, number>();

  constructor(private readonly clock: Clock = systemClock) {}

  async tryAcquire(key: string, ttlMs: number): Promise<number | null> {
    if (this.current(key) !== undefined) return null;
    const token = (this.tokens.get(key) ?? 0) + 1;
    this.tokens.set(key, token);
    this.holds.set(key, { token, expires: this.now() + ttlMs });
    return token;
  }

  async extend(key: string, token: number, ttlMs: number): Promise<boolean> {
    const hold = this.current(key);
    if (hold?.token !== token) return false;
    hold.expires = this.now() + ttlMs;
    return true;
  }

  async release(key: string, token: number): Promise<void> {
    if (this.current(key)?.token === token) this.holds.delete(key);
  }

  private current(key: string): { token: number; expires: number } | undefined {
    const hold = this.holds.get(key);
    if (hold !== undefined && hold.expires <= this.now()) {
      this.holds.delete(key);
      return undefined;
    }
    return hold;
  }

  private now(): number {
    return this.clock.now().getTime();
  }
}
