import { MemoryHandoffEvents } from '../../../src/store/memory/handoffEvents';
import { handoffEventsContract } from '../handoffEvents.contract';

handoffEventsContract('memory', async () => {
  // In one process every "instance" shares the emitter: the events object is the bus.
  const events = new MemoryHandoffEvents();
  return {
    first: events,
    second: events,
    openSubscriptions: async () => Math.min(events.listenerCount(), 1),
    close: async () => undefined,
  };
});
