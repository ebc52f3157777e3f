import type { TurnContext } from 'botbuilder';
import type { CreateResult } from '../src/tickets/ports';
import type { Requester } from '../src/tickets/ticket';
import { conversationPointer } from './conversation';
import { requesterKey, sharedOrganization, vouchedName } from './identity';
import type { IntakeState, RequesterProfile } from './session';
import { getProfile, getSession, type DialogServices } from './services';

/**
 * Hands an intake with a department to the ticket service, which decides how it is recorded and
 * whether it repeats one already filed. A department nobody confirmed (`confirmed: false`, the
 * model's guess on the way to a person) is recorded but not dispatched.
 */
export async function fileTicket(
  services: DialogServices,
  ctx: TurnContext,
  intake: IntakeState & { department: string },
  { confirmed = true }: { confirmed?: boolean } = {},
): Promise<CreateResult> {
  const session = await getSession(services, ctx);
  const result = await services.tickets.file({
    channel: ctx.activity.channelId,
    conversation: conversationPointer(ctx),
    requester: requesterOf(ctx, intake, await getProfile(services, ctx)),
    text: intake.text,
    ...(intake.earlierTexts !== undefined ? { earlierTexts: intake.earlierTexts } : {}),
    // The conversation's language, as the replies: one rule, so the ticket never disagrees.
    lang: session.lang,
    reading: intake.classification,
    department: intake.department,
    decidedBy: intake.decidedBy ?? 'model',
    district: intake.district ?? null,
    location: intake.place ?? null,
    departmentConfirmed: confirmed,
  });
  services.logger.info(
    {
      ticketId: result.ticket.id,
      department: result.ticket.leadDepartment,
      status: result.ticket.status,
      category: result.ticket.category,
      created: result.created,
      conversationId: ctx.activity.conversation.id,
    },
    result.created ? 'ticket created' : 'duplicate request, existing ticket returned',
  );
  return result;
}

/**
 * The person asking, as their channel vouches for them, with what the intake asked of them. On
 * Teams the ticket is shared with the tenant (its colleagues' 我的工单) only when it is filed for
 * the tenant's enterprise, not for another company a member named.
 */
function requesterOf(ctx: TurnContext, intake: IntakeState, profile: RequesterProfile): Requester {
  const organization = sharedOrganization(ctx, profile);
  // Teams vouches for who is writing; elsewhere only the name the person gave when asked.
  const name = vouchedName(ctx) ?? intake.name ?? null;
  return {
    key: requesterKey(ctx),
    type: intake.requesterType ?? 'citizen',
    ...(name === null ? {} : { name }),
    ...(intake.phone ? { phone: intake.phone } : {}),
    ...(intake.enterpriseName ? { enterpriseName: intake.enterpriseName } : {}),
    ...(intake.creditCode ? { creditCode: intake.creditCode } : {}),
    ...(organization !== null && intake.requesterType === 'enterprise' ? { organization } : {}),
  };
}
