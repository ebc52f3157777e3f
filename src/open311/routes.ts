import type { Request, RequestHandler, Response, Server } from 'restify';
import { z } from 'zod';
import { INTERNAL_ERROR_MESSAGE } from '../core/errors';
import type { Clock } from '../core/clock';
import { CATEGORIES } from '../nlu/types';
import type { Logger } from '../log';
import type { TicketStore } from '../tickets/ports';
import type { Ticket } from '../tickets/ticket';
import { parseTicketId } from '../tickets/ticketId';
import { open311Request, open311Services, type Names } from './view';

export interface Open311Deps {
  store: TicketStore;
  names: Names;
  clock: Clock;
  /** Spends one request of the caller's address (rate limit); answers 429 beyond it. */
  guard: RequestHandler;
  logger: Logger;
}

/** GeoReport v2: without dates, the last 90 days; no window longer than that. */
const WINDOW_DAYS = 90;
const DAY = 86_400_000;
const MAX_PAGE_SIZE = 200;
const INDEX_PAGE = 200;

const w3cDate = z.iso.datetime({ offset: true }).transform((s) => new Date(s));

const RequestsQuerySchema = z.object({
  service_code: z.enum(CATEGORIES).optional(),
  status: z.enum(['open', 'closed']).optional(),
  start_date: w3cDate.optional(),
  end_date: w3cDate.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  page_size: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
});

/** A GeoReport v2 error: an array of `{code, description}`. */
function fail(res: Response, status: number, description: string): void {
  res.send(status, [{ code: status, description }]);
}

/**
 * The public, read-only Open311 GeoReport v2 view of tickets: no token, rate-limited per address,
 * JSON only. See src/open311/view.ts for what is shown.
 */
export function mountOpen311(server: Server, deps: Open311Deps): void {
  const answer =
    (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
      try {
        await fn(req, res);
      } catch (err) {
        if (err instanceof z.ZodError) {
          const issue = err.issues[0];
          fail(res, 400, `${issue?.path.join('.') ?? 'query'}: ${issue?.message ?? 'invalid'}`);
          return;
        }
        deps.logger.error({ err }, 'open311: request failed');
        fail(res, 500, INTERNAL_ERROR_MESSAGE);
      }
    };

  server.get(
    '/open311/v2/services.json',
    deps.guard,
    answer(async (_req, res) => {
      res.send(200, open311Services());
    }),
  );

  server.get(
    '/open311/v2/requests.json',
    deps.guard,
    answer(async (req, res) => {
      const q = RequestsQuerySchema.parse(req.query ?? {});
      const end = q.end_date ?? deps.clock.now();
      const start = q.start_date ?? new Date(end.getTime() - WINDOW_DAYS * DAY);
      if (start.getTime() >= end.getTime())
        return fail(res, 400, 'start_date must be before end_date');
      if (end.getTime() - start.getTime() > WINDOW_DAYS * DAY) {
        return fail(res, 400, `at most ${WINDOW_DAYS} days between start_date and end_date`);
      }
      const wanted = (t: Ticket) =>
        (q.service_code === undefined || t.category === q.service_code) &&
        (q.status === undefined || (t.status === 'closed') === (q.status === 'closed'));
      const tickets = await requestsBetween(deps.store, start, end, wanted, q.page * q.page_size);
      const page = tickets.slice((q.page - 1) * q.page_size, q.page * q.page_size);
      res.send(
        200,
        page.map((t) => open311Request(t, deps.names)),
      );
    }),
  );

  server.get(
    '/open311/v2/requests/:id',
    deps.guard,
    answer(async (req, res) => {
      const ticket = await requestNamed(deps.store, req.params?.id);
      if (ticket === null) return fail(res, 404, '没有这个服务请求 / no such service request');
      res.send(200, [open311Request(ticket, deps.names)]);
    }),
  );
}

/**
 * The ticket `<number>.json` names, the number read as the departments' API and the chat read it
 * (lower case, spaces, full-width, no dash); anything else names none, without a store lookup.
 */
async function requestNamed(store: TicketStore, raw: unknown): Promise<Ticket | null> {
  if (typeof raw !== 'string' || raw.length > 45) return null;
  const number = /^(.+)\.json$/i.exec(raw)?.[1];
  const parsed = number === undefined ? null : parseTicketId(number);
  return parsed?.ok === true ? store.get(parsed.value.value) : null;
}

/** Tickets filed in [start, end) that `wanted` keeps, newest first, at most `limit`. */
async function requestsBetween(
  store: TicketStore,
  start: Date,
  end: Date,
  wanted: (t: Ticket) => boolean,
  limit: number,
): Promise<Ticket[]> {
  const found: Ticket[] = [];
  let cursor: number | null = 0;
  while (cursor !== null && found.length < limit) {
    const page = await store.page({ kind: 'all' }, cursor, INDEX_PAGE);
    for (const t of page.tickets) {
      const created = Date.parse(t.createdAt);
      if (created < start.getTime()) return found;
      if (created < end.getTime() && wanted(t)) found.push(t);
    }
    cursor = page.next;
  }
  return found;
}
