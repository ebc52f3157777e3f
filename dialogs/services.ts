import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { TenantDirectory } from '../src/channels/teams/tenantDirectory';
import type { Clock } from '../src/core/clock';
import type { HandoffService } from '../src/handoff/service';
import type { Logger } from '../src/log';
import { langOfLocale } from '../src/nlu/language';
import type { RequestClassifier } from '../src/nlu/types';
import type { DepartmentCatalogue } from '../src/routing/catalogue';
import type { DistrictCatalogue } from '../src/routing/districts';
import type { TicketService } from '../src/tickets/ticketService';
import type { WorkCalendar } from '../src/tickets/workCalendar';
import type { RequesterProfile, SessionData } from './session';

/** Everything the dialogs need, handed in by src/index.ts. */
export interface DialogServices {
  classifier: RequestClassifier;
  tickets: TicketService;
  handoff: HandoffService;
  departments: DepartmentCatalogue;
  districts: DistrictCatalogue;
  calendar: WorkCalendar;
  clock: Clock;
  logger: Logger;
  /** Below this confidence the bot asks which department, instead of guessing. */
  confidenceThreshold: number;
  defaultAreaCode: string;
  /** Enterprises' filed requests also wait for duty staff (企业诉求优先). */
  enterprisePriority: boolean;
  session: StatePropertyAccessor<SessionData>;
  profile: StatePropertyAccessor<RequesterProfile>;
  /** Enterprises by Teams tenant: "修改企业信息" corrects the tenant's record. */
  tenants: TenantDirectory;
}

export async function getSession(
  services: Pick<DialogServices, 'session'>,
  ctx: TurnContext,
): Promise<SessionData> {
  return services.session.get(ctx, { lang: langOfLocale(ctx.activity.locale) });
}

export async function getProfile(
  services: DialogServices,
  ctx: TurnContext,
): Promise<RequesterProfile> {
  return services.profile.get(ctx, {});
}
