import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Principal } from '../access/tokens';
import type { Logger } from '../log';
import { SUPERVISORS_AUDIENCE, type NotificationStore } from '../supervision/ports';
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
      const notifications = await deps.notifications.list(audiences, since, query.limit);
      res.send(200, { notifications });
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });
}
