import type { TurnContext } from 'botbuilder';
import type { Ticket } from '../src/tickets/ticket';
import { requesterKey } from './identity';
import type { DialogServices } from './services';

/** How many of the person's newest tickets are looked at for one still open. */
const RECENT = 5;

/**
 * The ticket a supplement goes to: the one named, if it is the person's and still being
 * handled, else their newest such ticket. `closed` names a ticket that is settled.
 */
export async function ticketToSupplement(
  services: DialogServices,
  ctx: TurnContext,
  named: string | null,
): Promise<{ ticket: Ticket | null; closed: string | null }> {
  const key = requesterKey(ctx);
  const candidates =
    named === null
      ? await services.tickets.listForRequester(key, RECENT)
      : [(await services.tickets.findForRequester(named, key))?.ticket].filter(
          (t): t is Ticket => t !== undefined,
        );
  const open = candidates.find((t) => t.status !== 'rated' && t.status !== 'closed') ?? null;
  const closed = named !== null && open === null ? (candidates[0]?.id ?? null) : null;
  return { ticket: open, closed };
}
