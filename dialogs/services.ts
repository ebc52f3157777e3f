import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { teamsIdentity } from '../src/channels/teams/activity';
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

export async function getSession(services: DialogServices, ctx: TurnContext): Promise<SessionData> {
  return services.session.get(ctx, { lang: langOfLocale(ctx.activity.locale) });
}

export async function getProfile(
  services: DialogServices,
  ctx: TurnContext,
): Promise<RequesterProfile> {
  return services.profile.get(ctx, {});
}

/**
 * "My tickets" identity: the channel plus the person's id there (AAD object id on Teams). Both
 * are vouched for before a turn runs: Direct Line binds the person to its token, and
 * /api/messages takes a channelId other than "emulator" only with the channel's own token.
 */
export function requesterKey(ctx: TurnContext): string {
  const from = ctx.activity.from;
  return `${ctx.activity.channelId}:${from.aadObjectId ?? from.id}`;
}

/**
 * The organisation the person writes for: their Teams tenant (`msteams:<tenant id>`), vouched for
 * like the channel itself; null elsewhere. An enterprise's tickets are shared under it.
 */
export function organizationKey(ctx: TurnContext): string | null {
  const tenantId = teamsIdentity(ctx.activity)?.tenantId ?? null;
  return tenantId === null ? null : `${ctx.activity.channelId}:${tenantId}`;
}
