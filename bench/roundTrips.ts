import { AsyncLocalStorage } from 'node:async_hooks';
import { IncomingMessage, Server } from 'node:http';
import { Redis } from 'ioredis';
import { scriptNames } from '../src/store/redis/commands';

/**
 * Counts the round trips to Redis that each HTTP request (a turn) waits for, from inside this
 * process's ioredis clients. A command sent alone is one. A pipeline, a MULTI/EXEC, or what
 * auto-pipelining gathers in one write is one for each request that has a command in it: two
 * turns whose commands share a write each count it once. A script that ioredis retries as EVAL
 * after NOSCRIPT counts twice, as it costs twice. Commands issued outside any request
 * (supervision ticks, the handoff sweep) are counted apart, as background.
 */
export interface RoundTripCounter {
  /** Requests seen so far. */
  readonly requests: number;
  /** Round trips of requests so far, as above. */
  readonly roundTrips: number;
  /** Writes to Redis so far, whoever's commands they carried (auto-pipelining merges turns). */
  readonly writes: number;
  /** Round trips outside any request. */
  readonly background: number;
  /** Round trips by what the request sent in them: a command's name, or `batch:` and names. */
  readonly byName: Map<string, number>;
  /**
   * Counting on or off (on at first). Counting gives every request an AsyncLocalStorage context,
   * which puts a hook on every promise the process makes and costs the bot a share of its CPU
   * that production never pays: the bench times the servers with counting off and counts in a
   * window of its own.
   */
  count(on: boolean): void;
}

const TURN = Symbol('benchTurn');
interface Tagged {
  [TURN]?: number;
}

export function countRedisRoundTrips(): RoundTripCounter {
  const turns = new AsyncLocalStorage<number>();
  let counting = true;
  const counter = {
    requests: 0,
    roundTrips: 0,
    writes: 0,
    background: 0,
    byName: new Map<string, number>(),
    count(on: boolean) {
      counting = on;
      // With no storage left in use, node takes its promise hooks off again.
      if (!on) turns.disable();
    },
  };
  // Every HTTP request runs in a context of its own, and so do the events of its body (the body
  // parser goes on from its 'end' event, whose context would otherwise be the socket's).
  const requestTurn = new WeakMap<object, number>();
  const serverEmit = Server.prototype.emit;
  Server.prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]) {
    const req = args[0];
    if (!counting || event !== 'request' || typeof req !== 'object' || req === null) {
      return Reflect.apply(serverEmit, this, [event, ...args]) as boolean;
    }
    counter.requests += 1;
    requestTurn.set(req, counter.requests);
    return turns.run(
      counter.requests,
      () => Reflect.apply(serverEmit, this, [event, ...args]) as boolean,
    );
  };
  const bodyEmit = IncomingMessage.prototype.emit;
  IncomingMessage.prototype.emit = function (
    this: IncomingMessage,
    event: string | symbol,
    ...args: unknown[]
  ) {
    const turn = counting ? requestTurn.get(this) : undefined;
    const go = () => Reflect.apply(bodyEmit, this, [event, ...args]) as boolean;
    return turn === undefined ? go() : turns.run(turn, go);
  };
  const tag = (command: unknown) => {
    const turn = turns.getStore();
    if (typeof command === 'object' && command !== null && turn !== undefined) {
      (command as Tagged)[TURN] = turn;
    }
  };
  // A batch queues its commands when they are issued (in the turn's context) and sends them
  // later, perhaps from another turn's context: each is tagged as it is queued.
  const pipelineProto = Object.getPrototypeOf(new Redis({ lazyConnect: true }).pipeline()) as {
    sendCommand: (this: unknown, command: unknown) => unknown;
  };
  const queue = pipelineProto.sendCommand;
  pipelineProto.sendCommand = function (this: unknown, command: unknown) {
    if (counting) tag(command);
    return queue.call(this, command);
  };
  const proto = Redis.prototype as unknown as {
    sendCommand: (this: unknown, ...args: unknown[]) => unknown;
  };
  const send = proto.sendCommand;
  // A batch hands each of its commands to sendCommand with one shared stream object, which writes
  // them all at once (ioredis/built/Pipeline.js, exec); a command alone comes without one.
  const batches = new WeakMap<object, { turns: Set<number>; names: Map<number, string> }>();
  const count = (name: string, by: number) =>
    counter.byName.set(name, (counter.byName.get(name) ?? 0) + by);
  proto.sendCommand = function (this: unknown, ...args: unknown[]) {
    if (!counting) return send.apply(this, args);
    const command = args[0];
    if ((command as Tagged | undefined)?.[TURN] === undefined) tag(command);
    const turn = (command as Tagged | undefined)?.[TURN];
    const name = nameOf(command);
    const stream = args[1];
    if (typeof stream !== 'object' || stream === null) {
      counter.writes += 1;
      if (turn === undefined) counter.background += 1;
      else {
        counter.roundTrips += 1;
        count(name, 1);
      }
    } else {
      let batch = batches.get(stream);
      if (batch === undefined) {
        batch = { turns: new Set(), names: new Map() };
        batches.set(stream, batch);
        counter.writes += 1;
      }
      if (turn === undefined) {
        if (batch.turns.size === 0 && !batch.names.has(-1)) counter.background += 1;
        batch.names.set(-1, '');
      } else {
        if (!batch.turns.has(turn)) {
          batch.turns.add(turn);
          counter.roundTrips += 1;
        }
        const before = batch.names.get(turn);
        if (before !== undefined) count(before, -1);
        const now = `${before ?? 'batch:'} ${name}`;
        batch.names.set(turn, now);
        count(now, 1);
      }
    }
    return send.apply(this, args);
  };
  return counter;
}

/** A command's name; a script's by what it is (EVALSHA names only its digest). */
function nameOf(command: unknown): string {
  if (typeof command !== 'object' || command === null || !('name' in command)) return '?';
  const name = String(command.name);
  if (name !== 'evalsha' || !('args' in command) || !Array.isArray(command.args)) return name;
  const sha = String(command.args[0]);
  return `script:${scriptNames.get(sha) ?? `other(${sha.slice(0, 8)})`}`;
}
