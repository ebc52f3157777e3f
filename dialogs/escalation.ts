import type { TurnContext } from 'botbuilder';
import { QUEUE_NEWS_PLACES, type Escalation } from '../src/handoff/service';
import type { HandoffReason } from '../src/handoff/types';
import { isTeams } from '../src/channels/teams/activity';
import type { EmergencyKind } from '../src/nlu/types';
import { findPlace } from '../src/routing/place';
import { maskIdCardNumbers } from '../src/validation/idCard';
import { findPhone, ownPhoneIn } from '../src/validation/phone';
import { asksOnlyForPerson } from './choices';
import { conversationKey, conversationPointer } from './conversation';
import { emergencySituation } from './emergencyAdvice';
import { fileTicket } from './filing';
import { sharedOrganization, vouchedName } from './identity';
import { messages } from './messages';
import type { IntakeState } from './session';
import { getProfile, getSession, type DialogServices } from './services';

/**
 * Set on a turn that put the conversation on the queue: what the bot says after it, in the same
 * turn (the place in the queue, a call-back promise), belongs to the staff's transcript.
 */
export const ESCALATED_THIS_TURN = Symbol('hotline.escalatedThisTurn');

/**
 * Set (by the handoff gate) on a turn of a conversation that waits for duty staff: what the
 * person says goes to the staff's transcript, and a new request is theirs to take up, not a form
 * whose questions would take the next words ("好的") as answers.
 */
export const WAITING_FOR_STAFF = Symbol('hotline.waitingForStaff');

interface FlagOptions {
  reason: HandoffReason;
  emergencyKind?: EmergencyKind | null;
  ticketId?: string | null;
  intake?: IntakeState;
  /** Staff call back (nobody can answer live): by when. */
  callbackBy?: string | null;
}

/** Puts the conversation on the duty-staff queue with what the bot knows and has seen. */
async function flag(
  services: DialogServices,
  ctx: TurnContext,
  options: FlagOptions,
): Promise<Escalation> {
  const session = await getSession(services, ctx);
  const profile = await getProfile(services, ctx);
  const text = maskIdCardNumbers((ctx.activity.text ?? '').trim());
  const c = options.intake?.classification ?? null;
  const department = options.intake?.department ?? c?.department ?? null;
  const requesterType = options.intake?.requesterType ?? profile.requesterType ?? 'citizen';
  const enterpriseName = options.intake?.enterpriseName ?? profile.enterpriseName ?? null;
  const creditCode = options.intake?.creditCode ?? profile.creditCode ?? null;
  const result = await services.handoff.escalate(
    {
      conversationKey: conversationKey(ctx.activity),
      conversation: conversationPointer(ctx),
      reason: options.reason,
      emergencyKind: options.emergencyKind ?? null,
      lang: session.lang,
      at: services.clock.now().toISOString(),
      ticketId: options.ticketId ?? null,
      message: (options.intake?.text ?? text).slice(0, 500),
      place: options.intake?.place ?? findPlace(text),
      classification:
        c === null && department === null
          ? null
          : {
              department,
              category: c?.category ?? null,
              confidence: c?.confidence ?? null,
            },
      requesterType,
      enterprise:
        requesterType === 'enterprise' && (enterpriseName !== null || creditCode !== null)
          ? { name: enterpriseName, creditCode }
          : null,
      contactName: vouchedName(ctx),
      organization: requesterType === 'enterprise' ? sharedOrganization(ctx, profile) : null,
      callback:
        options.callbackBy == null
          ? null
          : { by: options.callbackBy, phone: options.intake?.phone ?? profile.phone ?? null },
    },
    session.recent ?? [],
  );
  session.recent = [];
  ctx.turnState.set(ESCALATED_THIS_TURN, true);
  services.logger.warn(
    {
      conversationId: ctx.activity.conversation.id,
      reason: options.reason,
      emergencyKind: options.emergencyKind ?? null,
      ticketId: options.ticketId ?? null,
      position: result.position,
      staffAvailable: result.staffAvailable,
    },
    'conversation flagged for duty staff',
  );
  return result;
}

/**
 * Emergency first: what to do and the numbers to call now, and duty staff alerted. No form, no
 * ticket. The alert goes to the front of the duty staff queue (reason `emergency`).
 */
export async function handleEmergency(
  services: DialogServices,
  ctx: TurnContext,
  kind: EmergencyKind | null,
): Promise<void> {
  const session = await getSession(services, ctx);
  session.intake = undefined;
  const situation = emergencySituation(kind, ctx.activity.text ?? '');
  // "值班人员已关注" only when someone can: with nobody online, the person must not wait for us.
  const { flags } = await services.handoff.availability();
  await ctx.sendActivity(messages(session.lang).emergency(situation, flags.staffAvailable));
  await flag(services, ctx, { reason: 'emergency', emergencyKind: kind });
}

/**
 * The person asked for a human (or the bot could not help). A request already understood is
 * filed first, so nothing they said is lost, then the conversation waits for duty staff. When
 * nobody can answer live, it waits as a call-back and the person is told by when.
 */
export async function handleHumanRequest(
  services: DialogServices,
  ctx: TurnContext,
  reason: HandoffReason = 'human_requested',
): Promise<void> {
  const session = await getSession(services, ctx);
  const m = messages(session.lang);
  const intake = session.intake;
  session.intake = undefined;
  if (reason === 'human_requested') await takePhoneGiven(services, ctx, intake);
  const department = intake?.department ?? intake?.classification?.department ?? undefined;
  let ticketId: string | null = null;
  let awaitsDispatch = false;
  if (intake !== undefined && department !== undefined) {
    // Only the person's own pick settles a department before the summary is confirmed; the
    // model's guess, however sure, waits for duty staff (received) with the guess kept.
    const confirmed = intake.department !== undefined && intake.decidedBy === 'requester';
    const { ticket } = await fileTicket(services, ctx, { ...intake, department }, { confirmed });
    ticketId = ticket.id;
    awaitsDispatch = ticket.status === 'received';
    // A 确认提交 sent after this (the summary's button, pressed late) names this ticket.
    session.lastFiled = { ticketId, at: services.clock.now().toISOString() };
  }
  const now = await services.handoff.availability();
  const callbackBy = now.flags.staffAvailable ? null : services.handoff.callbackBy().toISOString();
  const result = await flag(services, ctx, {
    reason,
    ticketId,
    ...(intake === undefined ? {} : { intake }),
    callbackBy,
  });
  if (result.status === 'claimed') {
    await ctx.sendActivity(m.humanAlreadyWith);
    return;
  }
  if (callbackBy !== null) {
    const when = services.calendar.formatDue(new Date(callbackBy), session.lang);
    const phone = intake?.phone ?? (await getProfile(services, ctx)).phone ?? null;
    await ctx.sendActivity(
      m.humanCallback({
        onDuty: result.onDuty,
        hours: services.handoff.dutyHoursText(),
        when,
        ticketId,
        phone,
      }),
    );
    return;
  }
  await ctx.sendActivity(
    m.humanQueued(
      result.position ?? 1,
      result.waitMinutes,
      ticketId === null ? null : { id: ticketId, awaitsDispatch },
      // Teams keeps the chat and its staff replies whether or not the app is open.
      isTeams(ctx.activity),
      { now: result.queueNews, places: QUEUE_NEWS_PLACES },
    ),
  );
}

/**
 * "麻烦给我回个电话，我的手机是139…": the number given with the ask is the one to call back on, and
 * the person's from now on, as a number in a request is. A number without words saying it is
 * theirs counts only when the message is the ask alone; in a request it may be anyone's.
 */
async function takePhoneGiven(
  services: DialogServices,
  ctx: TurnContext,
  intake: IntakeState | undefined,
): Promise<void> {
  const text = ctx.activity.text ?? '';
  const area = services.defaultAreaCode;
  const given = ownPhoneIn(text, area) ?? (asksOnlyForPerson(text) ? findPhone(text, area) : null);
  if (given === null) return;
  const profile = await getProfile(services, ctx);
  profile.phone = given.value;
  profile.phoneDeclined = undefined;
  if (intake !== undefined) intake.phone = given.value;
}

/** Someone the system already failed (a second "dissatisfied"): duty staff look at it first. */
export async function flagDissatisfiedTwice(
  services: DialogServices,
  ctx: TurnContext,
  ticketId: string,
): Promise<void> {
  await flag(services, ctx, { reason: 'dissatisfied_twice', ticketId });
}

/**
 * An enterprise's request, once filed, is marked priority (企业诉求优先, the "2115" rule): it
 * waits for duty staff too, who contact the enterprise in this chat while the department works.
 */
export async function flagEnterprisePriority(
  services: DialogServices,
  ctx: TurnContext,
  intake: IntakeState,
  ticketId: string,
): Promise<void> {
  const session = await getSession(services, ctx);
  const now = await services.handoff.availability();
  const callbackBy = now.flags.staffAvailable ? null : services.handoff.callbackBy();
  await flag(services, ctx, {
    reason: 'enterprise_priority',
    ticketId,
    intake,
    callbackBy: callbackBy?.toISOString() ?? null,
  });
  const when = callbackBy === null ? null : services.calendar.formatDue(callbackBy, session.lang);
  // A call-back goes to the phone the request gave, as the waiting request says when asked.
  const phone =
    callbackBy === null ? null : (intake.phone ?? (await getProfile(services, ctx)).phone ?? null);
  await ctx.sendActivity(messages(session.lang).enterprisePriority(when, phone));
}
