import type { TurnContext } from 'botbuilder';
import { HandoffRequestSchema, type HandoffReason } from '../src/handoff/types';
import type { EmergencyKind } from '../src/nlu/types';
import { conversationPointer } from './conversation';
import { messages } from './messages';
import { fileTicket } from './filing';
import { getSession, type DialogServices } from './services';

async function flag(
  services: DialogServices,
  ctx: TurnContext,
  reason: HandoffReason,
  emergencyKind: EmergencyKind | null,
  ticketId: string | null,
): Promise<void> {
  const session = await getSession(services, ctx);
  await services.handoff.flag(
    HandoffRequestSchema.parse({
      conversationKey: `${ctx.activity.channelId}:${ctx.activity.conversation.id}`,
      conversation: conversationPointer(ctx),
      reason,
      emergencyKind,
      lang: session.lang,
      at: services.clock.now().toISOString(),
      ticketId,
    }),
    [],
  );
  services.logger.warn(
    { conversationId: ctx.activity.conversation.id, reason, emergencyKind, ticketId },
    'conversation flagged for duty staff',
  );
}

/** Emergency first: the numbers to call now, and duty staff alerted. No form, no ticket. */
export async function handleEmergency(
  services: DialogServices,
  ctx: TurnContext,
  kind: EmergencyKind | null,
): Promise<void> {
  const session = await getSession(services, ctx);
  session.intake = undefined;
  await ctx.sendActivity(messages(session.lang).emergency(kind));
  await flag(services, ctx, 'emergency', kind, null);
}

/**
 * The person asked for a human. A request already understood is filed first, so nothing they
 * said is lost, then the conversation waits for duty staff.
 */
export async function handleHumanRequest(
  services: DialogServices,
  ctx: TurnContext,
  reason: HandoffReason = 'human_requested',
): Promise<void> {
  const session = await getSession(services, ctx);
  const m = messages(session.lang);
  const intake = session.intake;
  const department = intake?.department ?? intake?.classification?.department ?? undefined;
  if (intake !== undefined && department !== undefined) {
    // Only the person's own pick settles a department before the summary is confirmed; the
    // model's guess, however sure, waits for duty staff (received) with the guess kept.
    const confirmed = intake.department !== undefined && intake.decidedBy === 'requester';
    const { ticket } = await fileTicket(services, ctx, { ...intake, department }, { confirmed });
    session.intake = undefined;
    await flag(services, ctx, reason, null, ticket.id);
    await ctx.sendActivity(m.humanQueuedWithTicket(ticket.id));
    return;
  }
  session.intake = undefined;
  await flag(services, ctx, reason, null, null);
  await ctx.sendActivity(m.humanQueued);
}
