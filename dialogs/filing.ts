import { createHash } from 'node:crypto';
import type { TurnContext } from 'botbuilder';
import type { CreateResult } from '../src/tickets/ports';
import type { Requester } from '../src/tickets/ticket';
import { conversationPointer } from './conversation';
import type { IntakeState } from './session';
import { getSession, organizationKey, requesterKey, type DialogServices } from './services';

/**
 * Files the ticket for an intake with a department. Same request twice: one ticket. A department
 * nobody confirmed (`confirmed: false`, the model's guess on the way to a person) is recorded but
 * not dispatched: the ticket waits as received for duty staff.
 */
export async function fileTicket(
  services: DialogServices,
  ctx: TurnContext,
  intake: IntakeState & { department: string },
  { confirmed = true }: { confirmed?: boolean } = {},
): Promise<CreateResult> {
  const session = await getSession(services, ctx);
  const key = requesterKey(ctx);
  const organization = organizationKey(ctx);
  const c = intake.classification;
  const requester: Requester = {
    key,
    type: intake.requesterType ?? 'citizen',
    ...(ctx.activity.from.name ? { name: ctx.activity.from.name } : {}),
    ...(intake.phone ? { phone: intake.phone } : {}),
    ...(intake.enterpriseName ? { enterpriseName: intake.enterpriseName } : {}),
    ...(intake.creditCode ? { creditCode: intake.creditCode } : {}),
    ...(organization !== null && intake.requesterType === 'enterprise' ? { organization } : {}),
  };
  const alternatives = [
    ...(c?.department ? [{ department: c.department, confidence: c.confidence }] : []),
    ...(c?.alternatives ?? []),
  ].filter((a) => a.department !== intake.department);
  const business = createHash('sha256')
    .update(`${key}\n${intake.department}\n${intake.text.trim()}`)
    .digest('hex')
    .slice(0, 32);
  const result = await services.tickets.create({
    channel: ctx.activity.channelId,
    conversation: conversationPointer(ctx),
    requester,
    text: intake.text,
    ...(intake.earlierTexts !== undefined ? { earlierTexts: intake.earlierTexts } : {}),
    // The conversation's language, as the replies: one rule, so the ticket never disagrees.
    lang: session.lang,
    classification: {
      department: intake.department,
      confidence: intake.department === c?.department ? c.confidence : 0,
      alternatives: alternatives.slice(0, 3),
      category: c?.category ?? 'consult',
      categoryConfidence: c?.categoryConfidence ?? 0,
      decidedBy: intake.decidedBy ?? 'model',
    },
    district: intake.district ?? null,
    location: intake.place ?? null,
    departmentConfirmed: confirmed,
    dedupeKey: `request:${business}`,
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
