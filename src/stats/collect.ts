import type { TicketStore } from '../tickets/ports';
import type { TicketRecord, StatsPeriod } from './figures';

/** Index entries read per round. */
const PAGE = 200;
/** Histories read at once. */
const HISTORIES_AT_ONCE = 20;

/**
 * The tickets filed in [from, to) with their histories, newest first, read from the all-tickets
 * index (ordered by filing time): pages newer than `to` are skipped, and reading stops at the
 * first ticket filed before `from`.
 */
export async function collectTickets(
  store: TicketStore,
  period: StatsPeriod,
): Promise<TicketRecord[]> {
  const from = period.from.getTime();
  const to = period.to.getTime();
  const records: TicketRecord[] = [];
  let cursor: number | null = 0;
  while (cursor !== null) {
    const page = await store.page({ kind: 'all' }, cursor, PAGE);
    const wanted = page.tickets.filter((t) => {
      const created = Date.parse(t.createdAt);
      return created >= from && created < to;
    });
    records.push(...(await withHistories(store, wanted)));
    const reachedFrom = page.tickets.some((t) => Date.parse(t.createdAt) < from);
    cursor = reachedFrom ? null : page.next;
  }
  return records;
}

async function withHistories(
  store: TicketStore,
  tickets: TicketRecord['ticket'][],
): Promise<TicketRecord[]> {
  const out: TicketRecord[] = [];
  for (let i = 0; i < tickets.length; i += HISTORIES_AT_ONCE) {
    const batch = tickets.slice(i, i + HISTORIES_AT_ONCE);
    const histories = await Promise.all(batch.map((t) => store.history(t.id)));
    batch.forEach((ticket, j) => out.push({ ticket, history: histories[j] ?? [] }));
  }
  return out;
}
