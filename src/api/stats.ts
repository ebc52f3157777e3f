import type { Request, Response, Server } from 'restify';
import { z } from 'zod';
import type { Principal } from '../access/tokens';
import type { Clock } from '../core/clock';
import { HotlineError } from '../core/errors';
import type { Logger } from '../log';
import { collectTickets } from '../stats/collect';
import { computeStats, type StatsReport, type TicketRecord } from '../stats/figures';
import { parsePeriod } from '../stats/period';
import { ForbiddenError, involvedDepartments } from '../tickets/lifecycle';
import type { TicketStore } from '../tickets/ports';
import { authenticate, sendError } from './tickets';

export interface StatsApiDeps {
  store: TicketStore;
  authenticate(token: string): Promise<Principal | null>;
  /** Department codes (intents/departments.yaml): each gets a row, even an empty one. */
  departments: readonly string[];
  clock: Clock;
  /** The hotline's zone: a `YYYY-MM-DD` bound is that local day's midnight. */
  timeZone: string;
  logger: Logger;
}

export const StatsQuerySchema = z.object({
  from: z.string().trim().min(1).max(40).optional(),
  to: z.string().trim().min(1).max(40).optional(),
  department: z.string().trim().min(1).max(64).optional(),
});

class UnknownDepartmentError extends HotlineError {
  constructor(code: string) {
    super(
      'UNKNOWN_DEPARTMENT',
      `没有代码为 "${code}" 的部门 / no department with code "${code}"`,
      400,
    );
  }
}

/**
 * `GET /api/stats`: the figures for assessment (考核). Supervisors and duty staff see every
 * department (or the one they ask for); a department token sees its own row and is refused
 * another's.
 */
export function mountStatsApi(server: Server, deps: StatsApiDeps): void {
  server.get('/api/stats', async (req: Request, res: Response) => {
    try {
      const actor = await authenticate(req, deps);
      const query = StatsQuerySchema.parse(req.query ?? {});
      if (query.department !== undefined && !deps.departments.includes(query.department)) {
        throw new UnknownDepartmentError(query.department);
      }
      if (
        actor.role === 'department' &&
        (query.department ?? actor.department) !== actor.department
      ) {
        throw new ForbiddenError(
          '部门令牌只能查看本部门的考核数据 / a department token sees only its own department’s figures',
        );
      }
      const now = deps.clock.now();
      const period = parsePeriod(query, now, deps.timeZone);
      const records = await collectTickets(deps.store, period);
      const report = computeStats(records, period, now, deps.departments);
      if (actor.role === 'department') {
        res.send(200, ownFigures(report, records, actor.department ?? ''));
      } else {
        res.send(
          200,
          query.department === undefined ? report : oneDepartment(report, query.department),
        );
      }
    } catch (err) {
      sendError(res, err, deps.logger);
    }
  });
}

/**
 * A department's own figures, and as the total only the tickets it is involved in (those it
 * can list): the city's count is the supervisors' to see.
 */
function ownFigures(
  report: StatsReport,
  records: readonly TicketRecord[],
  department: string,
): StatsReport {
  const own = records.filter((r) => involvedDepartments(r.ticket).includes(department));
  return { ...oneDepartment(report, department), tickets: own.length };
}

function oneDepartment(report: StatsReport, department: string): StatsReport {
  return { ...report, departments: report.departments.filter((d) => d.department === department) };
}
