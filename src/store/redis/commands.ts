import type { Redis, Result } from 'ioredis';
import { APPEND_TICKET_EVENT } from './scripts/appendTicketEvent';
import { CREATE_TICKET } from './scripts/createTicket';
import { FLAG_HANDOFF } from './scripts/flagHandoff';
import { WRITE_BOT_STATE } from './scripts/writeBotState';

declare module 'ioredis' {
  interface RedisCommander<Context> {
    hotlineCreateTicket(...args: (string | number)[]): Result<[number, string] | number, Context>;
    hotlineAppendTicketEvent(...args: string[]): Result<number, Context>;
    hotlineFlagHandoff(...args: (string | number)[]): Result<number, Context>;
    hotlineWriteBotState(
      key: string,
      expectedETag: string,
      newETag: string,
      doc: string,
      ttlSeconds: number,
    ): Result<unknown, Context>;
  }
}

/** Registers the project's Lua scripts on a connection (EVALSHA with automatic fallback). */
export function defineTicketCommands(redis: Redis): void {
  redis.defineCommand('hotlineCreateTicket', { numberOfKeys: 6, lua: CREATE_TICKET });
  redis.defineCommand('hotlineAppendTicketEvent', { numberOfKeys: 2, lua: APPEND_TICKET_EVENT });
}

export function defineHandoffCommands(redis: Redis): void {
  redis.defineCommand('hotlineFlagHandoff', { numberOfKeys: 2, lua: FLAG_HANDOFF });
}

export function defineBotStateCommands(redis: Redis): void {
  redis.defineCommand('hotlineWriteBotState', { numberOfKeys: 1, lua: WRITE_BOT_STATE });
}
