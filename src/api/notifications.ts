import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Principal } from '../access/tokens';
import type { Logger } from '../log';
import { mergeFeeds } from '../supervision/notification';
import {
  SUPERVISORS_AUDIENCE,
  type NotificationStore,
  type SupervisionNotification,
} from '../supervision/ports';
import { authenticate, sendError } from './tickets';

export interface NotificationApiDeps {
  notifications: NotificationStore;
  authenticate(token: string): Promise<Principal | null>;
  /** Every department code: duty staff and supervisors read all their feeds. */
  departments: ReadonlySet<string>;
  logger: Logger;
}

export const NotificationsQuerySchema = z.object({
  /** Only those after this moment (exclusive): the `at` of the last one read. */
  since: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/**
 * `GET /api/notifications?since=`: the supervision notifications (yellow warnings, red 督办,
 * 顶格协调 proposals, requesters' 催办), oldest first. A department token reads its own
 * department's; duty and supervisor tokens read the supervisors' feed and every department's,
 * each notification once.
 */
export function mountNotificationApi(server: Server, deps: NotificationApiDeps): void {
  server.get('/api/notifications', async (req: Request, res: Response) => {
    try {
      const actor = await authenticate(req, deps);
      const query = NotificationsQuerySchema.parse(req.query ?? {});
      const audiences =
        actor.role === 'department'
          ? [actor.department ?? '']
          : [SUPERVISORS_AUDIENCE, ...deps.departments];
      const since = query.since === undefined ? 0 : Date.parse(query.since);
      const notifications = await wholeMoments(deps.notifications, audiences, since, query.limit);
      res.send(200, { notifications });
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });
}

/** More than any one moment holds: a feed keeps at most SUPERVISION_NOTIFICATIONS_MAX. */
const MOMENT_MAX = 10_000;

/**
 * Oldest first from `since`, at least `limit`, and never ending inside one moment: the alerts of
 * one scheduler tick share their `at`, and the next page starts after the `at` of the last one
 * read, so a page cut between two of them lost the rest for good.
 */
async function wholeMoments(
  store: NotificationStore,
  audiences: readonly string[],
  since: number,
  limit: number,
): Promise<SupervisionNotification[]> {
  const page = await store.list(audiences, since, limit);
  const last = page.at(-1);
  if (page.length < limit || last === undefined) return page;
  const lastMs = Date.parse(last.at);
  const moment = (await store.list(audiences, lastMs - 1, MOMENT_MAX)).filter(
    (n) => Date.parse(n.at) === lastMs,
  );
  return mergeFeeds([page, moment], Number.MAX_SAFE_INTEGER);
}
