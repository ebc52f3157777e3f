import type { BotState } from 'botbuilder';
import pino from 'pino';
import type { SessionData } from '../../dialogs/session';
import { StaffAccounts } from '../../src/access/staff';
import { HandoffGate } from '../../src/bot/handoffGate';
import type { Clock } from '../../src/core/clock';
import { systemClock } from '../../src/core/clock';
import { dutyHours } from '../../src/handoff/dutyHours';
import {
  HandoffService,
  type HandoffRelay,
  type HandoffTicketLog,
} from '../../src/handoff/service';
import type { HandoffEvents, HandoffStore } from '../../src/handoff/types';
import { MemoryHandoffEvents } from '../../src/store/memory/handoffEvents';
import { MemoryHandoffStore } from '../../src/store/memory/handoffStore';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisStaffStore } from '../../src/store/redis/staffStore';
import type { ConversationPointer } from '../../src/tickets/ticket';
import { connect } from './redis';

/** What reached each person's chat, as the channel would show it. */
export class ChatLog implements HandoffRelay {
  readonly said: { conversationId: string; text: string; staffName?: string }[] = [];
  async say(c: ConversationPointer, text: string, as: { staffName?: string }): Promise<void> {
    this.said.push({
      conversationId: c.conversationId,
      text,
      ...(as.staffName === undefined ? {} : { staffName: as.staffName }),
    });
  }
  async typing(): Promise<void> {}
  to(conversationId: string): string[] {
    return this.said.filter((s) => s.conversationId === conversationId).map((s) => s.text);
  }
}

export interface HandoffParts {
  store?: HandoffStore;
  events?: HandoffEvents;
  relay?: HandoffRelay;
  clock?: Clock;
  dutyHours?: string;
  /** The hotline's zone (default Asia/Shanghai). */
  timeZone?: string;
  record?: (ticketId: string, note: string) => void;
  noticeWaitMs?: number;
  /** Tickets still waiting as `received` (default: none). */
  awaitingDispatch?: ReadonlySet<string>;
  /** Where ticket history goes (TicketService.recordHandoff); default: `record` only. */
  tickets?: HandoffTicketLog;
}

/** The handoff service as src/app.ts builds it, over the given (or in-memory) parts. */
export function handoffService(parts: HandoffParts = {}): HandoffService {
  const clock = parts.clock ?? systemClock;
  return new HandoffService({
    store: parts.store ?? new MemoryHandoffStore({ clock }),
    events: parts.events ?? new MemoryHandoffEvents(),
    relay: parts.relay ?? new ChatLog(),
    tickets: parts.tickets ?? {
      record: async (ticketId, _staff, note) => parts.record?.(ticketId, note),
      awaitsDispatch: async (ticketId) => parts.awaitingDispatch?.has(ticketId) ?? false,
    },
    clock,
    settings: {
      staffIdleSeconds: 300,
      presenceTtlSeconds: 90,
      minutesPerConversation: 5,
      callbackMinutes: 120,
      dutyHours: dutyHours(parts.dutyHours ?? '00:00-24:00', parts.timeZone ?? 'Asia/Shanghai'),
      ...(parts.noticeWaitMs === undefined ? {} : { noticeWaitMs: parts.noticeWaitMs }),
    },
    staffName: async (u) => ({ zhang: '张三', li: '李四', wang: '王主任' })[u] ?? null,
    onError: (err) => {
      throw err;
    },
  });
}

export const STAFF_PASSWORD = 'correct horse battery';

/** Duty staff accounts in the test's Redis prefix, as `hotline staff add` makes them. */
export async function addStaffAccounts(
  prefix: string,
  staff: readonly { username: string; name: string; role: 'duty' | 'supervisor' }[],
): Promise<void> {
  const redis = connect();
  const accounts = new StaffAccounts(
    new RedisStaffStore(redis, new RedisKeys(prefix)),
    systemClock,
  );
  try {
    for (const s of staff) await accounts.add({ ...s, password: STAFF_PASSWORD });
  } finally {
    await redis.quit();
  }
}

/** The handoff gate as the bot is given it, over a fresh handoff service and the session. */
export function handoffGate(conversationState: BotState): HandoffGate {
  return new HandoffGate(
    handoffService(),
    conversationState.createProperty<SessionData>('session'),
    systemClock,
    pino({ level: 'silent' }),
    (date) => date.toISOString(),
  );
}
