import { HotlineError } from '../core/errors';
import type { Logger } from '../log';

/**
 * A short exclusive hold on one conversation, shared by every instance, so two turns of one
 * conversation never run at once: botbuilder saves state unconditionally (eTag `*`), so without
 * it the later save silently drops the earlier turn's changes.
 *
 * Each hold carries a fencing token, larger than any earlier token for the same key: a holder
 * whose hold expired (a stalled instance) cannot release or renew the hold someone else now has.
 */
export interface ConversationLock {
  /** Takes the hold if nobody has it: its token; null when it is taken. */
  tryAcquire(key: string, ttlMs: number): Promise<number | null>;
  /** Renews the hold for `ttlMs` if `token` still has it; false when it expired or moved on. */
  extend(key: string, token: number, ttlMs: number): Promise<boolean>;
  /** Lets go, if `token` still has the hold; otherwise does nothing. */
  release(key: string, token: number): Promise<void>;
  /**
   * The hold lives in the conversation's state item (Redis): a state write that carries the
   * token in `HOLD_TOKEN_FIELD` is made only while the token holds it, and lets go of it, in one
   * step. False: the turn confirms before writing and releases after (in-process holds).
   */
  readonly releasedByStateWrite: boolean;
}

/**
 * Field of a held conversation's state item that carries the hold's token to the write (the
 * storage checks it and does not store it).
 */
export const HOLD_TOKEN_FIELD = '__holdToken';

/** The hold a turn runs under, as `withConversationLock` gives it to the turn. */
export interface Hold {
  readonly token: number;
  /** The hold came from the first try, so reads sent along with it were made holding it. */
  readonly fromFirstTry: boolean;
  /** The turn's state write let go of the hold: nothing to release after the turn. */
  letGo(): void;
}

export interface LockTiming {
  /** How long a hold lasts unless renewed: longer than any turn. */
  ttlMs: number;
  /** How long a turn waits for the conversation's previous turn before giving up. */
  waitMs: number;
}

/** The conversation's previous turn still holds it after the wait. */
export class ConversationBusyError extends HotlineError {
  constructor() {
    super(
      'CONVERSATION_BUSY',
      'another turn of this conversation is still running; send it again',
      503,
    );
  }
}

/** The hold expired during the turn (a stalled instance): its state is not saved. */
export class ConversationLockLostError extends HotlineError {
  constructor() {
    super('CONVERSATION_LOCK_LOST', 'the turn outlived its hold on the conversation', 503);
  }
}

/** While holding the conversation: renews the hold, or throws when it has been lost. */
export type ConfirmHold = () => Promise<void>;

export interface LockDeps {
  lock: ConversationLock;
  logger: Pick<Logger, 'warn'>;
}

/** A `tryAcquire` already sent (with other commands, in one round trip), its outcome kept. */
export type FirstTry = Promise<{ token: number | null } | { error: unknown }>;

/** Sends a `tryAcquire` now; its outcome is kept, so a failure is not unhandled meanwhile. */
export function tryAcquireNow(lock: ConversationLock, key: string, ttlMs: number): FirstTry {
  return lock.tryAcquire(key, ttlMs).then(
    (token) => ({ token }),
    (error: unknown) => ({ error }),
  );
}

/** Lets go of what a first try took, when the turn will not run after all. */
export async function releaseFirstTry(
  lock: ConversationLock,
  key: string,
  firstTry: FirstTry,
): Promise<void> {
  const outcome = await firstTry;
  if ('token' in outcome && outcome.token !== null) {
    await lock.release(key, outcome.token).catch(() => undefined);
  }
}

/**
 * Runs `work` while holding `key`, waiting up to `waitMs` for the hold (ConversationBusyError
 * after that). `firstTry`, when given, is the first attempt, already on its way. `work` calls `confirm` right before it writes: the hold is then fresh for a full
 * `ttlMs`, so the write cannot land after another turn took over.
 *
 * The turn's result or error is what the caller gets, whatever the release does: a hold that
 * could not be let go (Redis away at that moment) only delays the next turn until its TTL.
 */
export async function withConversationLock<T>(
  { lock, logger }: LockDeps,
  key: string,
  { ttlMs, waitMs }: LockTiming,
  work: (confirm: ConfirmHold, hold: Hold) => Promise<T>,
  firstTry?: FirstTry,
): Promise<T> {
  const { token, fromFirstTry } = await acquire(lock, key, ttlMs, waitMs, firstTry);
  let held = true;
  try {
    return await work(
      async () => {
        if (!(await lock.extend(key, token, ttlMs))) throw new ConversationLockLostError();
      },
      {
        token,
        fromFirstTry,
        letGo: () => {
          held = false;
        },
      },
    );
  } finally {
    if (held) {
      await lock.release(key, token).catch((err: unknown) => {
        logger.warn({ err, key }, 'conversation hold not released: it expires by its TTL');
      });
    }
  }
}

async function acquire(
  lock: ConversationLock,
  key: string,
  ttlMs: number,
  waitMs: number,
  firstTry?: FirstTry,
): Promise<{ token: number; fromFirstTry: boolean }> {
  const giveUpAt = Date.now() + waitMs;
  let pending = firstTry;
  // A turn takes tens of milliseconds: poll often at first, then back off, with jitter so
  // waiting instances do not ask in step.
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const first = pending !== undefined;
    const token =
      pending === undefined ? await lock.tryAcquire(key, ttlMs) : await tokenOf(pending);
    pending = undefined;
    if (token !== null) return { token, fromFirstTry: first };
    const left = giveUpAt - Date.now();
    if (left <= 0) throw new ConversationBusyError();
    const jittered = pause / 2 + Math.random() * pause;
    await new Promise((resolve) => setTimeout(resolve, Math.min(jittered, left)));
  }
}

async function tokenOf(firstTry: FirstTry): Promise<number | null> {
  const outcome = await firstTry;
  if ('error' in outcome) throw outcome.error;
  return outcome.token;
}
