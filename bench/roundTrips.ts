import { Redis } from 'ioredis';

/**
 * Counts what this process's ioredis clients send to Redis, by round trip: a command sent on its
 * own is one; a pipeline or MULTI/EXEC batch, written to the socket in one go, is one whatever
 * it holds. A script that ioredis retries as EVAL after NOSCRIPT counts twice, as it costs twice.
 * Every connection counts (subscribers too), so background work (supervision ticks, the handoff
 * sweep) is in the figure.
 */
export interface RoundTripCounter {
  /** Round trips so far. */
  readonly roundTrips: number;
  /** Commands so far, each command of a batch counted. */
  readonly commands: number;
}

export function countRedisRoundTrips(): RoundTripCounter {
  const counter = { roundTrips: 0, commands: 0 };
  const proto = Redis.prototype as unknown as {
    sendCommand: (this: unknown, ...args: unknown[]) => unknown;
  };
  const send = proto.sendCommand;
  // A batch hands each of its commands to sendCommand with one shared stream object, which writes
  // them all at once (ioredis/built/Pipeline.js, exec); a command alone comes without one.
  const batches = new WeakSet<object>();
  proto.sendCommand = function (this: unknown, ...args: unknown[]) {
    counter.commands += 1;
    const batch = args[1];
    if (typeof batch !== 'object' || batch === null) counter.roundTrips += 1;
    else if (!batches.has(batch)) {
      batches.add(batch);
      counter.roundTrips += 1;
    }
    return send.apply(this, args);
  };
  return counter;
}
