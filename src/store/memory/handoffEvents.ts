import { EventEmitter } from 'node:events';
import type { HandoffEvent, HandoffEvents } from '../../handoff/types';

const EVENT = 'handoff';

/** Handoff news within one process, for a Redis-less demo and tests. */
export class MemoryHandoffEvents implements HandoffEvents {
  private readonly emitter = new EventEmitter();

  constructor() {
    // Every open console is a listener; the default warning at 10 would be noise.
    this.emitter.setMaxListeners(0);
  }

  async publish(event: HandoffEvent): Promise<void> {
    this.emitter.emit(EVENT, structuredClone(event));
  }

  async subscribe(listener: (event: HandoffEvent) => void): Promise<() => Promise<void>> {
    const own = (event: HandoffEvent): void => listener(event);
    this.emitter.on(EVENT, own);
    return async () => {
      this.emitter.off(EVENT, own);
    };
  }

  async close(): Promise<void> {
    this.emitter.removeAllListeners(EVENT);
  }

  /** How many listeners are subscribed (for tests and diagnostics). */
  listenerCount(): number {
    return this.emitter.listenerCount(EVENT);
  }
}
