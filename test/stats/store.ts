import { RedisKeys } from '../../src/store/redis/keys';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import type { TicketRecord } from '../../src/stats/figures';
import { TicketEventSchema } from '../../src/tickets/ticket';
import { connect } from '../support/redis';

/** Writes generated tickets as the store keeps them: the ticket, then its history event by event. */
export async function storeRecords(prefix: string, records: TicketRecord[]): Promise<void> {
  const redis = connect();
  try {
    const store = new RedisTicketStore(redis, new RedisKeys(prefix));
    for (const { ticket, history } of records) {
      // Event kinds this branch does not know yet (extensions) stay out of the stored history.
      const known = history.flatMap((e) => {
        const parsed = TicketEventSchema.safeParse(e);
        return parsed.success ? [parsed.data] : [];
      });
      const [first, ...rest] = known;
      if (first === undefined) continue;
      await store.create(ticket, first);
      for (const e of rest) await store.appendEvent(ticket.id, e);
    }
  } finally {
    await redis.quit();
  }
}
