/** Time as a port, so deadlines and timeouts are testable with fake timers. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
