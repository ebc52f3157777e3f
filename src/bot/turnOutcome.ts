import type { TurnContext } from 'botbuilder';
import { HotlineError } from '../core/errors';

const NOT_RUN = Symbol('hotline.turnNotRun');

/**
 * A turn the bot answered without running it (its conversation was busy): the person was told
 * to send again, and a channel that can say so to its client (Direct Line: 503, not marked
 * handled, so the retry runs) reads it here.
 */
export function markTurnNotRun(ctx: TurnContext, why: HotlineError): void {
  ctx.turnState.set(NOT_RUN, why);
}

export function turnNotRun(ctx: TurnContext): HotlineError | undefined {
  const why: unknown = ctx.turnState.get(NOT_RUN);
  return why instanceof HotlineError ? why : undefined;
}
