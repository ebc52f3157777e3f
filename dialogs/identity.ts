import type { TurnContext } from 'botbuilder';
import { teamsIdentity } from '../src/channels/teams/activity';

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
