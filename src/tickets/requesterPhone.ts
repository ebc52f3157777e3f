import { z } from 'zod';
import type { Clock } from '../core/clock';
import { TicketNotFoundError, TicketVersionConflictError } from '../core/errors';
import { maskPhone } from '../validation/phone';
import type { TicketStore } from './ports';
import type { Ticket, TicketEvent } from './ticket';

/**
 * "我的电话换了，新号码…": the ticket's requester phone, which departments call back on, becomes the
 * new number. The change is a requester's `note` with `data.about: 'phone'` (readable by instances
 * that predate it), naming both numbers masked only: the history is read by every department involved.
 */

const MAX_CONFLICT_RETRIES = 5;

/** What the phone change's history event keeps. */
export const PhoneChangeDataSchema = z.object({
  about: z.literal('phone'),
  /** The number the ticket had, masked; null when it had none. */
  from: z.string().nullable(),
  /** The new number, masked. */
  to: z.string(),
});

export interface RequesterPhoneDeps {
  store: Pick<TicketStore, 'get' | 'transition'>;
  clock: Clock;
}

/**
 * Puts `phone` on the requester's ticket, at the ticket's version (a concurrent change is read
 * again, not overwritten). The same number again changes nothing. Someone else's ticket is
 * reported like an unknown number.
 */
export async function changeRequesterPhone(
  deps: RequesterPhoneDeps,
  id: string,
  requesterKey: string,
  phone: string,
): Promise<Ticket> {
  for (let attempt = 1; ; attempt++) {
    const current = await deps.store.get(id);
    if (current === null || current.requester.key !== requesterKey) {
      throw new TicketNotFoundError(id);
    }
    const before = current.requester.phone;
    if (before === phone) return current;
    const at = deps.clock.now().toISOString();
    const to = maskPhone(phone);
    const event: TicketEvent = {
      at,
      actor: { kind: 'requester', id: requesterKey, role: 'requester' },
      type: 'note',
      note: `联系电话改为 ${to}`,
      data: {
        about: 'phone',
        from: before === undefined ? null : maskPhone(before),
        to,
      } satisfies z.infer<typeof PhoneChangeDataSchema>,
    };
    const next: Ticket = {
      ...current,
      requester: { ...current.requester, phone },
      updatedAt: at,
      version: current.version + 1,
    };
    try {
      await deps.store.transition(current, next, event);
      return next;
    } catch (err) {
      if (!(err instanceof TicketVersionConflictError) || attempt >= MAX_CONFLICT_RETRIES)
        throw err;
    }
  }
}
