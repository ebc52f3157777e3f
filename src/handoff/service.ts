import type { Clock } from '../core/clock';
import { HotlineError } from '../core/errors';
import type { Lang } from '../nlu/types';
import type { ConversationPointer } from '../tickets/ticket';
import { handoffNotices, staffDisplayName } from './notices';
import {
  REASON_PRIORITY,
  type HandoffCase,
  type HandoffEvent,
  type HandoffEvents,
  type HandoffRequest,
  type HandoffStatus,
  type HandoffStore,
  type Presence,
  type StaffPresence,
  type StaffRef,
  type TranscriptEntry,
} from './types';

/** Says something in the person's chat: as the bot, or as a named member of the duty staff. */
export interface HandoffRelay {
  say(conversation: ConversationPointer, text: string, as: { staffName?: string }): Promise<void>;
  /** A typing indicator where the channel shows one; may do nothing. */
  typing(conversation: ConversationPointer, staffName: string): Promise<void>;
}

/** Writes handoff steps into the ticket's history (who took it over, handed back, noted what). */
export interface HandoffTicketLog {
  record(
    ticketId: string,
    staff: StaffRef | null,
    note: string,
    data: Record<string, unknown>,
  ): Promise<void>;
  /** Whether the ticket still waits as `received` for duty staff to name its department. */
  awaitsDispatch(ticketId: string): Promise<boolean>;
}

export interface DutyHours {
  /** Minutes after local midnight; start < end; 0-1440 is round the clock. */
  startMinute: number;
  endMinute: number;
  /** Local minute of the day in the hotline's time zone. */
  minuteOfDay(at: Date): number;
  /**
   * The instant `minutes` of duty time after `from`: time off duty waits for the next opening,
   * on the zone's calendar (across a daylight-saving change too).
   */
  addDutyMinutes(from: Date, minutes: number): Date;
}

export interface HandoffSettings {
  /** A claim whose owner says nothing for this long goes back to the queue. */
  staffIdleSeconds: number;
  /** Presence not renewed within this counts as away. */
  presenceTtlSeconds: number;
  /** Average minutes staff spend on one conversation, for the wait estimate. */
  minutesPerConversation: number;
  dutyHours: DutyHours;
  /** A call-back is promised within this many minutes of the desk being staffed. */
  callbackMinutes: number;
  /**
   * How long a staff member's action (claim, hand back, close, transfer) waits for the bot's
   * notice to reach the person's chat before it answers anyway (default 5000).
   */
  noticeWaitMs?: number;
}

const NOTICE_WAIT_MS = 5000;

export interface HandoffServiceDeps {
  store: HandoffStore;
  events: HandoffEvents;
  relay: HandoffRelay;
  tickets: HandoffTicketLog;
  clock: Clock;
  settings: HandoffSettings;
  /** Accounts: display name of an active staff member, null when unknown or disabled. */
  staffName(username: string): Promise<string | null>;
  /** Failures of side effects that must not fail the staff member's action. */
  onError(err: unknown, what: string): void;
}

export class HandoffNotFoundError extends HotlineError {
  constructor() {
    super('HANDOFF_NOT_FOUND', 'no such conversation waiting for or with duty staff', 404);
  }
}

export class HandoffTakenError extends HotlineError {
  constructor(readonly owner: StaffRef | null) {
    super(
      'HANDOFF_TAKEN',
      `already taken by ${owner?.name ?? 'a colleague'} / 已被${owner?.name ?? '同事'}接入`,
      409,
    );
  }
}

export class HandoffNotWaitingError extends HotlineError {
  constructor(status: HandoffStatus) {
    super(
      'HANDOFF_NOT_WAITING',
      `the conversation is ${status}, not waiting / 该对话不在排队中`,
      409,
    );
  }
}

export class RelaySlowError extends HotlineError {
  constructor() {
    super(
      'RELAY_SLOW',
      "the person's chat service has not confirmed the message yet: it may still arrive, do not send it again / " +
        '对方的聊天服务尚未确认收到，消息可能稍后送达，请勿重复发送',
      504,
    );
  }
}

export class NotOwnerError extends HotlineError {
  constructor() {
    super(
      'NOT_OWNER',
      'only the staff member who took this conversation may do that / 仅接入的值班员可操作',
      403,
    );
  }
}

export class StaffNotFoundError extends HotlineError {
  constructor(username: string) {
    super('STAFF_NOT_FOUND', `no active staff account ${username} / 没有该值班账号`, 404);
  }
}

export interface Escalation {
  status: HandoffStatus;
  /** 1-based place in the queue while waiting. */
  position: number | null;
  waitMinutes: number;
  /** Someone is online and it is within duty hours: a person will answer in the chat. */
  staffAvailable: boolean;
  onDuty: boolean;
  /**
   * Within the first QUEUE_NEWS_PLACES: told each time their place changes. Further back, news
   * starts once the queue brings them that far.
   */
  queueNews: boolean;
}

/** The actor in a staff action: who, and whether they may act on others' conversations. */
export interface StaffActorRef extends StaffRef {
  supervisor: boolean;
}

/**
 * How far back people waiting are told each time their place changes: a bound on the messages one
 * change of the queue costs. People queued further back are promised news only from there.
 */
export const QUEUE_NEWS_PLACES = 20;

/**
 * Duty staff taking over conversations: the queue, the claim (one winner), the live relay both
 * ways, hand-back, close, transfer, and the sweep that returns idle claims to the queue. State is
 * in the store (Redis), news goes out as events, so any instance serves any step.
 */
export class HandoffService {
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly deps: HandoffServiceDeps) {}

  private now(): string {
    return this.deps.clock.now().toISOString();
  }

  /** Puts the conversation on the queue and says where it stands. */
  async escalate(
    request: HandoffRequest,
    transcript: readonly TranscriptEntry[],
  ): Promise<Escalation> {
    // An emergency (or a person failed twice) goes ahead of people who were promised news as the
    // queue moves: those whose place it changed are told.
    const ahead = REASON_PRIORITY[request.reason] < REASON_PRIORITY.human_requested;
    const before = ahead ? await this.places() : null;
    const status = await this.deps.store.flag(request, transcript);
    const availability = await this.availability();
    const position =
      status === 'waiting' ? await this.deps.store.position(request.conversationKey) : null;
    await this.publish({
      type: 'queue',
      conversationKey: request.conversationKey,
      status,
      staff: null,
    });
    if (position !== null && before !== null) {
      const self = new Set([request.conversationKey]);
      this.track(this.updatePositions(before, self), 'queue positions');
    }
    if (request.ticketId !== null) {
      // The ticket says it waits for duty staff, and by when they call back if nobody could answer.
      const callback = request.callback === null ? {} : { callback: request.callback };
      this.track(
        this.deps.tickets.record(
          request.ticketId,
          null,
          request.callback === null ? `queued: ${request.reason}` : 'call-back requested / 待回电',
          {
            handoff: 'queued',
            reason: request.reason,
            priority: REASON_PRIORITY[request.reason],
            ...callback,
          },
        ),
        'ticket history',
      );
    }
    return {
      status,
      position,
      waitMinutes: this.waitMinutes(position ?? 1, availability.online),
      ...availability.flags,
      queueNews: position !== null && position <= QUEUE_NEWS_PLACES,
    };
  }

  /** Whether a person can answer now, and how many are online. */
  async availability(): Promise<{
    online: number;
    flags: { staffAvailable: boolean; onDuty: boolean };
  }> {
    const { dutyHours } = this.deps.settings;
    const minute = dutyHours.minuteOfDay(this.deps.clock.now());
    const onDuty = minute >= dutyHours.startMinute && minute < dutyHours.endMinute;
    const online = (await this.presence()).filter((p) => p.presence === 'online').length;
    return { online, flags: { onDuty, staffAvailable: onDuty && online > 0 } };
  }

  /**
   * By when staff call back a person nobody could answer live: the call-back window counted in
   * duty time only, so a window that would run past closing goes on from the next opening.
   */
  callbackBy(): Date {
    const { dutyHours, callbackMinutes } = this.deps.settings;
    return dutyHours.addDutyMinutes(this.deps.clock.now(), callbackMinutes);
  }

  /** Whether the desk is staffed round the clock (DUTY_HOURS 00:00-24:00). */
  get roundTheClock(): boolean {
    const { startMinute, endMinute } = this.deps.settings.dutyHours;
    return startMinute === 0 && endMinute === 1440;
  }

  /** Duty hours as people read them: 08:00–22:00. */
  dutyHoursText(): string {
    const { startMinute, endMinute } = this.deps.settings.dutyHours;
    const hhmm = (m: number) =>
      `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
    return `${hhmm(startMinute)}–${hhmm(endMinute)}`;
  }

  waitMinutes(position: number, online: number): number {
    const perConversation = this.deps.settings.minutesPerConversation;
    return Math.max(1, Math.ceil((position * perConversation) / Math.max(1, online)));
  }

  position(conversationKey: string): Promise<number | null> {
    return this.deps.store.position(conversationKey);
  }

  get(conversationKey: string): Promise<HandoffCase | null> {
    return this.deps.store.get(conversationKey);
  }

  async queue(limit = 50): Promise<{ waiting: HandoffCase[]; claimed: HandoffCase[] }> {
    const [waiting, claimed] = await Promise.all([
      this.deps.store.waiting(limit),
      this.deps.store.claimed(limit),
    ]);
    return { waiting, claimed };
  }

  transcript(conversationKey: string, limit = 200): Promise<TranscriptEntry[]> {
    return this.deps.store.transcript(conversationKey, limit);
  }

  async presence(): Promise<StaffPresence[]> {
    return this.deps.store.presence();
  }

  async setPresence(staff: StaffRef, presence: Presence): Promise<void> {
    const before = presence === 'online' ? null : await this.availability();
    await this.deps.store.setPresence(
      staff,
      presence,
      this.now(),
      this.deps.settings.presenceTtlSeconds,
    );
    await this.publish({ type: 'presence', staff, presence });
    // The last one online went away (the end of a shift): whoever waits was promised minutes
    // that no longer hold, and is told nobody is online now.
    if (
      before?.flags.staffAvailable === true &&
      !(await this.availability()).flags.staffAvailable
    ) {
      this.track(this.updatePositions(null), 'queue positions');
    }
  }

  async claim(conversationKey: string, staff: StaffRef): Promise<HandoffCase> {
    const before = await this.places();
    // The case is read after the claim, not before: a refusal reads it to say why (or 404).
    const result = await this.deps.store.claim(conversationKey, ref(staff), this.now());
    if (result === 'taken')
      throw new HandoffTakenError((await this.deps.store.get(conversationKey))?.staff ?? null);
    if (result === 'not_waiting')
      throw new HandoffNotWaitingError((await this.require(conversationKey)).status);
    const claimed = await this.require(conversationKey);
    if (result === 'claimed') {
      await this.tellPerson(claimed, (n) => n.claimed(staff.name), 'system');
      await this.publish({ type: 'queue', conversationKey, status: 'claimed', staff: ref(staff) });
      this.logTicket(claimed, staff, 'claimed');
      this.track(this.updatePositions(before), 'queue positions');
    }
    return claimed;
  }

  /** A person's message while the conversation is waiting or claimed: kept and shown live. */
  async personSaid(conversationKey: string, text: string): Promise<void> {
    await this.append(conversationKey, { at: this.now(), from: 'person', text });
  }

  /**
   * The person, promised a call-back in the chat, replies with a number to be called on: the
   * waiting request carries it (keeping its place), and the ticket says so.
   */
  async leaveCallbackPhone(request: HandoffRequest, phone: string): Promise<void> {
    if (request.callback === null) return;
    const callback = { ...request.callback, phone };
    const status = await this.deps.store.flag({ ...request, callback }, []);
    await this.publish({
      type: 'queue',
      conversationKey: request.conversationKey,
      status,
      staff: null,
    });
    if (request.ticketId !== null) {
      await this.deps.tickets.record(
        request.ticketId,
        null,
        'call-back phone left / 已留回电电话',
        // Not 'queued' again: the request keeps its place, and the person's history says it once.
        { handoff: 'callback_phone', callback },
      );
    }
  }

  /** What the bot said while the conversation waits: kept so staff see the whole exchange. */
  async botSaid(conversationKey: string, text: string): Promise<void> {
    await this.append(conversationKey, { at: this.now(), from: 'bot', text });
  }

  async staffSays(
    conversationKey: string,
    staff: StaffRef,
    text: string,
  ): Promise<TranscriptEntry> {
    const found = await this.requireOwned(conversationKey, staff);
    const at = this.now();
    if (!(await this.deps.store.touch(conversationKey, ref(staff), at))) throw new NotOwnerError();
    const delivery = this.deps.relay.say(found.request.conversation, text, {
      staffName: staffDisplayName(staff.name, found.request.lang),
    });
    const entry: TranscriptEntry = { at, from: 'staff', name: staff.name, text };
    if (!(await this.settlesInTime(delivery))) {
      // Still on its way: it joins the transcript once delivered; sent again, it would arrive twice.
      this.track(
        delivery.then(() => this.append(conversationKey, entry)),
        'staff message',
      );
      throw new RelaySlowError();
    }
    await this.append(conversationKey, entry);
    return entry;
  }

  async typing(conversationKey: string, staff: StaffRef): Promise<void> {
    const found = await this.requireOwned(conversationKey, staff);
    await this.stillWorking(conversationKey, staff);
    await this.deps.relay
      .typing(found.request.conversation, staffDisplayName(staff.name, found.request.lang))
      .catch((err: unknown) => this.deps.onError(err, 'typing indicator'));
    await this.publish({ type: 'typing', conversationKey, staff: ref(staff) });
  }

  /** A private note: in the transcript for staff and in the ticket's history, never to the person. */
  async note(conversationKey: string, staff: StaffRef, text: string): Promise<TranscriptEntry> {
    const found = await this.require(conversationKey);
    const entry: TranscriptEntry = {
      at: this.now(),
      from: 'staff',
      name: staff.name,
      text,
      private: true,
    };
    await this.append(conversationKey, entry);
    if (found.status === 'claimed' && found.staff?.username === staff.username) {
      await this.stillWorking(conversationKey, staff);
    }
    if (found.request.ticketId !== null) {
      await this.deps.tickets.record(found.request.ticketId, staff, text, { handoff: 'note' });
    }
    return entry;
  }

  /**
   * The owner is at work on the conversation without writing to the person (typing a long
   * answer, a note, filing the ticket): the idle sweep must not take it from under them.
   */
  async stillWorking(conversationKey: string, staff: StaffRef): Promise<void> {
    await this.deps.store.touch(conversationKey, ref(staff), this.now());
  }

  /** Hands the conversation back to the bot. */
  async release(conversationKey: string, staff: StaffActorRef): Promise<HandoffCase> {
    return this.letGo(conversationKey, staff, 'returned', (n) => n.returned);
  }

  async close(conversationKey: string, staff: StaffActorRef): Promise<HandoffCase> {
    return this.letGo(conversationKey, staff, 'closed', (n) => n.closed);
  }

  async transfer(
    conversationKey: string,
    staff: StaffActorRef,
    toUsername: string,
  ): Promise<HandoffCase> {
    const found = await this.require(conversationKey);
    const name = await this.deps.staffName(toUsername);
    if (name === null) throw new StaffNotFoundError(toUsername);
    const to: StaffRef = { username: toUsername, name };
    const from = staff.supervisor && found.staff !== null ? found.staff : ref(staff);
    if (!(await this.deps.store.transfer(conversationKey, from, to, this.now())))
      throw new NotOwnerError();
    const moved = await this.require(conversationKey);
    await this.tellPerson(moved, (n) => n.transferred(name), 'system');
    await this.publish({ type: 'queue', conversationKey, status: 'claimed', staff: to });
    this.logTicket(moved, staff, `transferred to ${name}`);
    return moved;
  }

  /**
   * The person left the chat: the case ends wherever it was, unless duty staff still owe it
   * something: a ticket only they can dispatch, or a call-back on the phone the person left.
   * Then it stays in the queue, saying the person is gone, for staff to finish.
   */
  async personLeft(conversationKey: string): Promise<void> {
    const found = await this.deps.store.get(conversationKey);
    if (found === null) return;
    const owed = await this.stillOwed(found);
    if (owed !== null) {
      await this.append(conversationKey, { at: this.now(), from: 'system', text: owed });
      await this.publish({
        type: 'queue',
        conversationKey,
        status: found.status,
        staff: found.staff,
      });
      return;
    }
    const before = await this.places();
    if (!(await this.deps.store.end(conversationKey, this.now()))) return;
    await this.append(conversationKey, {
      at: this.now(),
      from: 'system',
      text: '对方已离开对话 / the person left',
    });
    await this.publish({ type: 'queue', conversationKey, status: 'closed', staff: null });
    this.track(this.updatePositions(before), 'queue positions');
  }

  /**
   * The person, waiting, no longer wants a person ("取消"): off the queue, unless their ticket
   * still waits for staff to dispatch it. Null when the conversation is not waiting.
   */
  async withdraw(
    conversationKey: string,
  ): Promise<{ kept: false } | { kept: true; ticketId: string } | null> {
    const found = await this.deps.store.get(conversationKey);
    if (found?.status !== 'waiting') return null;
    const { ticketId } = found.request;
    if (ticketId !== null && (await this.deps.tickets.awaitsDispatch(ticketId))) {
      await this.append(conversationKey, {
        at: this.now(),
        from: 'system',
        text: `对方不再等待人工，工单 ${ticketId} 仍待派单 / the person no longer waits; ticket ${ticketId} still waits for dispatch`,
      });
      return { kept: true, ticketId };
    }
    const before = await this.places();
    if (!(await this.deps.store.end(conversationKey, this.now()))) return null;
    await this.append(conversationKey, {
      at: this.now(),
      from: 'system',
      text: '对方已取消人工排队 / the person left the queue',
    });
    await this.publish({ type: 'queue', conversationKey, status: 'closed', staff: null });
    this.track(this.updatePositions(before), 'queue positions');
    return { kept: false };
  }

  /** What staff still owe a case whose person left, as its transcript says it; null if nothing. */
  private async stillOwed(c: HandoffCase): Promise<string | null> {
    if (c.status !== 'waiting' && c.status !== 'claimed') return null;
    const { ticketId, callback } = c.request;
    if (ticketId !== null && (await this.deps.tickets.awaitsDispatch(ticketId))) {
      return `对方已离开对话，工单 ${ticketId} 仍待派单 / the person left; ticket ${ticketId} still waits for dispatch`;
    }
    if (callback?.phone != null) {
      return '对方已离开对话，仍需按约回电 / the person left; the promised call-back is still owed';
    }
    return null;
  }

  /**
   * Claims whose owner has been silent too long go back to the queue, once, whichever instance
   * sweeps first. Returns how many were put back.
   */
  async sweep(): Promise<number> {
    const now = this.deps.clock.now();
    const before = new Date(
      now.getTime() - this.deps.settings.staffIdleSeconds * 1000,
    ).toISOString();
    const idle = await this.deps.store.idleClaims(before, 50);
    if (idle.length === 0) return 0;
    const places = await this.places();
    const requeued = new Set<string>();
    for (const c of idle) {
      const key = c.request.conversationKey;
      if (!(await this.deps.store.requeueIfIdle(key, before, now.toISOString()))) continue;
      requeued.add(key);
      await this.backInQueue(c, 'requeued: staff idle');
    }
    // Back at their old place, ahead of people promised news as the queue moves.
    if (requeued.size > 0) this.track(this.updatePositions(places, requeued), 'queue positions');
    return requeued.size;
  }

  /**
   * A staff member ends their shift (logs out): the conversations still in their hands go back
   * to the queue at their old place, for a colleague to take, instead of waiting out the idle
   * sweep with nobody reading. Returns how many went back.
   */
  async signOff(staff: StaffRef): Promise<number> {
    const requeued = new Set<string>();
    const before = await this.places();
    for (const held of await this.deps.store.claimed(500)) {
      if (held.staff?.username !== staff.username) continue;
      const key = held.request.conversationKey;
      if (!(await this.deps.store.release(key, ref(staff), 'waiting', this.now()))) continue;
      requeued.add(key);
      await this.backInQueue(held, 'requeued: staff signed off');
    }
    // Those just put back have been told where they stand; the others behind them moved.
    if (requeued.size > 0) this.track(this.updatePositions(before, requeued), 'queue positions');
    return requeued.size;
  }

  /** A claim that went back to the queue: the person is told, consoles and the ticket too. */
  private async backInQueue(c: HandoffCase, what: string): Promise<void> {
    const { flags } = await this.availability();
    await this.tellPerson(
      c,
      (n) => (flags.staffAvailable ? n.requeued : n.requeuedNobodyOnline),
      'system',
    );
    await this.publish({
      type: 'queue',
      conversationKey: c.request.conversationKey,
      status: 'waiting',
      staff: null,
    });
    this.logTicket(c, c.staff, what);
  }

  /** Side effects still running (position updates, history), for a clean shutdown. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private async letGo(
    conversationKey: string,
    staff: StaffActorRef,
    target: 'returned' | 'closed',
    text: (n: (typeof handoffNotices)[Lang]) => string,
  ): Promise<HandoffCase> {
    const ok = await this.deps.store.release(
      conversationKey,
      ref(staff),
      target,
      this.now(),
      staff.supervisor,
    );
    if (!ok) {
      await this.require(conversationKey); // HANDOFF_NOT_FOUND before NOT_OWNER
      throw new NotOwnerError();
    }
    const after = await this.require(conversationKey);
    await this.tellPerson(after, text, 'system');
    await this.publish({ type: 'queue', conversationKey, status: target, staff: ref(staff) });
    this.logTicket(after, staff, target === 'returned' ? 'handed back to the bot' : 'closed');
    return after;
  }

  /** The place of each conversation within the first QUEUE_NEWS_PLACES, to see who moved. */
  private async places(): Promise<Map<string, number>> {
    const waiting = await this.deps.store.waiting(QUEUE_NEWS_PLACES);
    return new Map(waiting.map((c, i) => [c.request.conversationKey, i + 1]));
  }

  /**
   * Tells those waiting whose place changed since `before` where they now stand; with `before`
   * null (what a place means changed: nobody is online now), everyone within the news window.
   * Only what is true: "马上" only while an online staff member holds no conversation, no wait
   * estimate with nobody online, and nothing to a person promised a call-back, whose promise is
   * a time, not a place. One pushed just past the window, who was promised news, is told so.
   */
  private async updatePositions(
    before: ReadonlyMap<string, number> | null,
    told: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const [waiting, claimed, { online, flags }] = await Promise.all([
      this.deps.store.waiting(QUEUE_NEWS_PLACES + 1),
      this.deps.store.claimed(500),
      this.availability(),
    ]);
    const holding = new Set(claimed.map((c) => c.staff?.username));
    const someoneFree =
      flags.staffAvailable &&
      (await this.presence()).some((p) => p.presence === 'online' && !holding.has(p.username));
    for (const [i, c] of waiting.entries()) {
      const position = i + 1;
      const key = c.request.conversationKey;
      const was = before?.get(key);
      if (before !== null && was === position) continue;
      if (position > QUEUE_NEWS_PLACES && was === undefined) continue;
      if (c.request.callback !== null || told.has(key)) continue;
      await this.tellPerson(
        c,
        (n) =>
          flags.staffAvailable
            ? n.moved(position, this.waitMinutes(position, online), someoneFree)
            : n.movedNobodyOnline(position),
        'none',
      );
    }
  }

  /** Says it in the person's chat; recorded in the transcript as a system line when asked. */
  private async tellPerson(
    c: HandoffCase,
    text: (n: (typeof handoffNotices)[Lang]) => string,
    record: 'system' | 'none',
  ): Promise<void> {
    const said = text(handoffNotices[c.request.lang]);
    const delivered = this.deps.relay
      .say(c.request.conversation, said, {})
      .catch((err: unknown) => this.deps.onError(err, 'message to the person'));
    // A chat service that stalls (Teams' Bot Connector retrying for minutes) must not hold the
    // staff member's claim or hand-back, already done: the notice goes on being delivered.
    if (!(await this.settlesInTime(delivered))) this.track(delivered, 'message to the person');
    if (record === 'system') {
      await this.append(c.request.conversationKey, { at: this.now(), from: 'system', text: said });
    }
  }

  /**
   * Whether a delivery settles within the notice wait; its failure within it is thrown. One that
   * does not goes on, for the caller to track.
   */
  private async settlesInTime(delivery: Promise<void>): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), this.deps.settings.noticeWaitMs ?? NOTICE_WAIT_MS);
    });
    const settled = delivery.then(() => true as const);
    // A failure after the wait is the tracker's to report, not an unhandled rejection.
    settled.catch(() => undefined);
    try {
      return await Promise.race([settled, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  private async append(conversationKey: string, entry: TranscriptEntry): Promise<void> {
    await this.deps.store.append(conversationKey, entry);
    await this.publish({ type: 'message', conversationKey, entry });
  }

  private async publish(event: HandoffEvent): Promise<void> {
    await this.deps.events
      .publish(event)
      .catch((err: unknown) => this.deps.onError(err, 'handoff event'));
  }

  private logTicket(c: HandoffCase, staff: StaffRef | null, what: string): void {
    const id = c.request.ticketId;
    if (id === null) return;
    this.track(
      this.deps.tickets.record(id, staff === null ? null : ref(staff), what, { handoff: c.status }),
      'ticket history',
    );
  }

  private track(p: Promise<void>, what: string): void {
    const tracked = p
      .catch((err: unknown) => this.deps.onError(err, what))
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
  }

  subscribe(listener: (event: HandoffEvent) => void): Promise<() => Promise<void>> {
    return this.deps.events.subscribe(listener);
  }

  /** The case, or HANDOFF_NOT_FOUND. */
  async require(conversationKey: string): Promise<HandoffCase> {
    const found = await this.deps.store.get(conversationKey);
    if (found === null) throw new HandoffNotFoundError();
    return found;
  }

  /** The case if `staff` owns it (a supervisor: whoever owns it). */
  async requireOwnedBy(conversationKey: string, staff: StaffActorRef): Promise<HandoffCase> {
    const found = await this.require(conversationKey);
    if (found.status !== 'claimed') throw new NotOwnerError();
    if (!staff.supervisor && found.staff?.username !== staff.username) throw new NotOwnerError();
    return found;
  }

  /** The conversation now has a ticket (staff filed one): the queue and history show it. */
  async linkTicket(conversationKey: string, ticketId: string): Promise<void> {
    const found = await this.require(conversationKey);
    await this.deps.store.flag({ ...found.request, ticketId }, []);
    await this.publish({
      type: 'queue',
      conversationKey,
      status: found.status,
      staff: found.staff,
    });
  }

  private requireOwned(conversationKey: string, staff: StaffRef): Promise<HandoffCase> {
    return this.requireOwnedBy(conversationKey, { ...staff, supervisor: false });
  }
}

function ref(staff: StaffRef): StaffRef {
  return { username: staff.username, name: staff.name };
}
