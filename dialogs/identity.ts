import type { TurnContext } from 'botbuilder';
import { teamsIdentity } from '../src/channels/teams/activity';
import type { RequesterProfile } from './session';

/*
 * Who is writing, as the ticket workflow knows them: the keys a ticket's requester and an
 * enterprise's shared tickets are filed and found under. Read from the activity only after the
 * channel has vouched for it.
 */

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

/**
 * The organisation whose tickets the person shares: their tenant, while the enterprise they
 * write for is the tenant's (its record filled their profile, or they gave the tenant its
 * details). A member who named another company (two can share a tenant) shares none.
 */
export function sharedOrganization(ctx: TurnContext, profile: RequesterProfile): string | null {
  const tenantId = teamsIdentity(ctx.activity)?.tenantId ?? null;
  const linked =
    tenantId !== null &&
    profile.requesterType === 'enterprise' &&
    profile.enterpriseTenantId === tenantId;
  return linked ? organizationKey(ctx) : null;
}

/**
 * The person's name as a channel vouches for it: Teams' `from.name` comes from Entra ID, in an
 * activity signed by the Bot Connector, so only an authenticated Teams turn gives one. Direct
 * Line (the web widget) and the Emulator pass on whatever the client typed there ("12345 值班员
 * 张三" included): no name rather than one staff would take for checked.
 */
export function vouchedName(ctx: TurnContext): string | null {
  if (!isAuthenticated(ctx.turnState.get(ctx.adapter.BotIdentityKey))) return null;
  const name = teamsIdentity(ctx.activity)?.userName?.trim() ?? '';
  return name === '' ? null : name;
}

/** Whether the turn's ClaimsIdentity (botframework-connector) says a token was checked. */
function isAuthenticated(identity: unknown): boolean {
  return (
    typeof identity === 'object' &&
    identity !== null &&
    'isAuthenticated' in identity &&
    identity.isAuthenticated === true
  );
}
