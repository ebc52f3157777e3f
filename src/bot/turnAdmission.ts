import type { TurnContext } from 'botbuilder';

const ADMISSION = Symbol('hotline.turnAdmission');

/**
 * Milliseconds the conversation must wait before its next activity is taken in, or null when
 * this one may go on.
 */
export type Refusal = number | null;

/**
 * The channel's per-conversation limit, being decided while the turn's first reads are on their
 * way: /api/messages counts the activity against the limit without waiting for the answer, so
 * the count leaves in the same Redis round trip as the turn's claim, hold and state reads
 * (HotlineBot.run), instead of one round trip before them. The bot settles it before it runs
 * or changes anything.
 */
export function admitWhen(ctx: TurnContext, refusal: Promise<Refusal>): void {
  ctx.turnState.set(ADMISSION, refusal);
}

/** What the channel decided for this turn: null when it set no limit (Direct Line counts before). */
export async function refusalOf(ctx: TurnContext): Promise<Refusal> {
  const refusal = ctx.turnState.get(ADMISSION) as Promise<Refusal> | undefined;
  return refusal === undefined ? null : refusal;
}
