import { strict as assert } from 'node:assert';
import { join } from 'node:path';
import {
  AutoSaveStateMiddleware,
  ConversationState,
  UserState,
  type Activity,
  type Middleware,
  type Storage,
} from 'botbuilder';
import { DialogTestClient } from 'botbuilder-testing';
import pino from 'pino';
import { MainDialog } from '../../dialogs/mainDialog';
import type { DialogServices } from '../../dialogs/services';
import { followTurnLang, type RequesterProfile, type SessionData } from '../../dialogs/session';
import { limitTurnText } from '../../dialogs/turnText';
import { readCardAnswer } from '../../src/channels/cardAnswer';
import type { Clock } from '../../src/core/clock';
import { projectRoot } from '../../src/core/paths';
import { loadClassifier } from '../../src/nlu';
import type { RequestClassifier } from '../../src/nlu/types';
import { DepartmentCatalogue } from '../../src/routing/catalogue';
import { DistrictCatalogue } from '../../src/routing/districts';
import { RedisBotStorage } from '../../src/store/redis/botStateStorage';
import { RedisHandoffStore } from '../../src/store/redis/handoffStore';
import { RedisHandoffEvents } from '../../src/store/redis/handoffEvents';
import type { HandoffService } from '../../src/handoff/service';
import { ChatLog, handoffService } from './handoff';
import { RedisTenantDirectory } from '../../src/store/redis/tenantDirectory';
import { RedisKeys } from '../../src/store/redis/keys';
import { RedisNotificationStore } from '../../src/store/redis/notificationStore';
import { UrgeFeed } from '../../src/supervision/urges';
import { RedisTicketStore } from '../../src/store/redis/ticketStore';
import { simpleSla } from '../../src/tickets/sla';
import { TicketService } from '../../src/tickets/ticketService';
import { WorkCalendar } from '../../src/tickets/workCalendar';
import type { TicketView } from '../../src/tickets/ticketService';
import { type RedisClient, cleanup, connect, testPrefix } from './redis';
import {
  RecordedClassifier,
  RecordingClassifier,
  loadRecording,
  type Recording,
} from './recordedClassifier';

const root = projectRoot();
let sharedClassifier: RequestClassifier | undefined;
let recorded: RecordedClassifier | undefined;
let recorder: RecordingClassifier | undefined;

/** The shipped model, loaded once for all dialog tests. */
export function shippedClassifier(): RequestClassifier {
  sharedClassifier ??= loadClassifier();
  return sharedClassifier;
}

/**
 * For `npm run record:dialogs` only: from now on every harness asks the shipped model and writes
 * its answers into the returned recording.
 */
export function startRecording(): Recording {
  recorder = new RecordingClassifier(shippedClassifier());
  return recorder.recording;
}

/**
 * Which classifier the dialogs see. `recorded` (the default) answers from
 * test/fixtures/dialogs/classifications.json, so retraining the model cannot break a dialog test;
 * `shipped` is the model itself, for the few tests that are about what the model decides.
 */
export type ClassifierChoice = 'recorded' | 'shipped';

function dialogClassifier(choice: ClassifierChoice): RequestClassifier {
  if (choice === 'shipped') return shippedClassifier();
  if (recorder !== undefined) return recorder;
  recorded ??= new RecordedClassifier(loadRecording());
  return recorded;
}

/** Friday 27 November 2026, 15:00 in Qingdao. */
export const FRIDAY_3PM: Clock = { now: () => new Date('2026-11-27T07:00:00.000Z') };

export interface Harness {
  redis: RedisClient;
  prefix: string;
  keys: RedisKeys;
  services: DialogServices;
  tickets: TicketService;
  handoff: RedisHandoffStore;
  handoffs: HandoffService;
  /** The supervision feeds, where a 催办 reaches the department. */
  notifications: RedisNotificationStore;
  /** What duty staff and queue notices said into the chats. */
  relayed: ChatLog;
  storage: Storage;
  /**
   * A chat client for one person in one conversation, sharing the Redis-backed state; with
   * `messageMaxChars`, long messages are cut before the dialogs read them, as HotlineBot does.
   */
  client(user?: string, conversation?: string, options?: ClientOptions): Chat;
  close(): Promise<void>;
}

export interface ClientOptions {
  /** Long messages are cut before the dialogs read them, as HotlineBot does. */
  messageMaxChars?: number;
  /** The client's locale (e.g. en-US), sent with every message; none by default. */
  locale?: string;
  /** The channel the messages come from (e.g. msteams); `test` by default. */
  channelId?: string;
}

export interface HarnessOptions {
  clock?: Clock;
  classifier?: ClassifierChoice;
}

export function createHarness(options: HarnessOptions = {}): Harness {
  const { clock = FRIDAY_3PM, classifier = 'recorded' } = options;
  const redis = connect();
  const prefix = testPrefix();
  const keys = new RedisKeys(prefix);
  const storage = new RedisBotStorage(redis, keys);
  const conversationState = new ConversationState(storage);
  const userState = new UserState(storage);
  const calendar = new WorkCalendar({ timeZone: 'Asia/Shanghai' });
  const store = new RedisTicketStore(redis, keys);
  const notifications = new RedisNotificationStore(redis, keys, { cap: 100, ttlSeconds: 3600 });
  const tickets = new TicketService({
    store,
    clock,
    calendar,
    sla: simpleSla(5, 1),
    ticketPrefix: 'QD',
    urgeDesk: new UrgeFeed({ notifications }),
  });
  const handoff = new RedisHandoffStore(redis, keys, { retentionSeconds: 3600, clock });
  const relayed = new ChatLog();
  const handoffs = handoffService({
    store: handoff,
    events: new RedisHandoffEvents(redis, keys),
    relay: relayed,
    clock,
    tickets: {
      record: (id, staff, note, data) => tickets.recordHandoff(id, staff, note, data),
      awaitsDispatch: async (id) => (await tickets.status(id)) === 'received',
    },
  });
  const services: DialogServices = {
    classifier: dialogClassifier(classifier),
    tickets,
    handoff: handoffs,
    departments: DepartmentCatalogue.load(join(root, 'intents', 'departments.yaml')),
    districts: DistrictCatalogue.load(join(root, 'intents', 'districts.yaml')),
    calendar,
    clock,
    logger: pino({ level: 'silent' }),
    confidenceThreshold: 0.55,
    defaultAreaCode: '0532',
    enterprisePriority: true,
    session: conversationState.createProperty<SessionData>('session'),
    profile: userState.createProperty<RequesterProfile>('profile'),
    tenants: new RedisTenantDirectory(redis, keys),
  };
  const dialog = new MainDialog(services, 'QD');
  return {
    redis,
    prefix,
    keys,
    services,
    tickets,
    handoff,
    handoffs,
    notifications,
    relayed,
    storage,
    client(user = 'user-a', conversation = `conv-${user}`, options = {}) {
      const { messageMaxChars, locale, channelId = 'test' } = options;
      // As HotlineBot does: a card's submit is read as the option typed, before the dialogs.
      const cards: Middleware = {
        onTurn: async (ctx, next) => {
          readCardAnswer(ctx.activity);
          await next();
        },
      };
      // HotlineBot cuts a long message before the dialogs read it; a client can do the same.
      const cutting: Middleware[] =
        messageMaxChars === undefined
          ? []
          : [
              {
                onTurn: async (ctx, next) => {
                  limitTurnText(ctx, messageMaxChars);
                  await next();
                },
              },
            ];
      // As HotlineBot: the turn's language is decided once, after the cut, before the dialogs.
      const language: Middleware = {
        onTurn: async (ctx, next) => {
          if (ctx.activity.type === 'message') await followTurnLang(services.session, ctx);
          await next();
        },
      };
      const client = new DialogTestClient(
        channelId,
        dialog,
        undefined,
        [cards, ...cutting, language, new AutoSaveStateMiddleware(userState)],
        conversationState,
      );
      return {
        client,
        send: (says: Says) =>
          client.sendActivity({
            type: 'message',
            channelId,
            ...(typeof says === 'string'
              ? { text: says }
              : 'submit' in says
                ? { value: says.submit }
                : { attachments: [says.attachment] }),
            ...(locale !== undefined ? { locale } : {}),
            from: { id: user, name: user },
            conversation: {
              id: conversation,
              isGroup: false,
              conversationType: 'personal',
              name: '',
            },
          }),
        get dialogTurnResult() {
          return client.dialogTurnResult;
        },
      };
    },
    close: () => cleanup(redis, prefix),
  };
}

/**
 * What the person sends: a typed message, the data of a card's submit (no text), or a picture or
 * file without words.
 */
export type Says =
  | string
  | { submit: Record<string, unknown> }
  | { attachment: { contentType: string; contentUrl: string; name?: string } };

function shown(says: Says): string {
  if (typeof says === 'string') return says;
  return 'submit' in says
    ? `card submit ${JSON.stringify(says.submit)}`
    : `attachment ${says.attachment.contentType}`;
}

/** One person's side of a conversation with the bot. */
export interface Chat {
  client: DialogTestClient;
  send(says: Says): Promise<Partial<Activity> | undefined>;
  readonly dialogTurnResult: DialogTestClient['dialogTurnResult'];
}

/** Everything the bot answered to one message. */
export async function say(chat: Chat, says: Says): Promise<Partial<Activity>[]> {
  const replies: Partial<Activity>[] = [];
  let reply: Partial<Activity> | undefined = await chat.send(says);
  while (reply !== undefined) {
    replies.push(reply);
    reply = chat.client.getNextReply();
  }
  return replies;
}

export function textOf(replies: Partial<Activity>[]): string {
  return replies.map((r) => r.text ?? '').join('\n');
}

export type Turn = [userSays: string, botSays: (string | RegExp)[]];

/**
 * Replays a table of turns; every expected fragment must appear in what the bot answered to
 * that message. Returns the replies of the last turn.
 */
export async function converse(client: Chat, turns: Turn[]): Promise<Partial<Activity>[]> {
  let last: Partial<Activity>[] = [];
  for (const [userSays, expected] of turns) {
    last = await say(client, userSays);
    const text = textOf(last);
    for (const e of expected) {
      const ok = typeof e === 'string' ? text.includes(e) : e.test(text);
      assert.ok(ok, `after "${userSays}" expected ${String(e)} in:\n${text}`);
    }
  }
  return last;
}

export function ticketIdIn(replies: Partial<Activity>[]): string {
  const m = /QD\d{8}-\d{6}/.exec(textOf(replies));
  assert.ok(m, `no ticket number in: ${textOf(replies)}`);
  return m[0];
}

/** A turn compared whole: every reply's text, in order, ticket numbers written as ID. */
export type ExactTurn = [userSays: Says, botSays: string[]];

/** Replays a table of turns comparing whole replies; returns the replies of the last turn. */
export async function exchange(client: Chat, turns: ExactTurn[]): Promise<Partial<Activity>[]> {
  let last: Partial<Activity>[] = [];
  for (const [userSays, expected] of turns) {
    last = await say(client, userSays);
    const texts = last.map((r) => (r.text ?? '').replace(/QD\d{8}-\d{6}/g, 'ID'));
    assert.deepEqual(texts, expected, `after "${shown(userSays)}"`);
  }
  return last;
}

/** The titles of the buttons offered with the replies. */
export function buttonsOf(replies: Partial<Activity>[]): string[] {
  return replies.flatMap((r) => r.suggestedActions?.actions.map((a) => String(a.title)) ?? []);
}

/**
 * One row of a table of conversations: its turns, compared whole, from a client in `locale` on
 * `channelId` (`test` by default).
 */
export interface ConversationRow {
  name: string;
  locale?: string;
  channelId?: string;
  turns: ExactTurn[];
}

/** What a row expects of its conversation's end: the dialog's status, and whether it filed. */
export interface RowEnd {
  status: DialogTestClient['dialogTurnResult']['status'];
  ticket: boolean;
}

/** What a row's conversation left: the ticket its last reply names, and the harness it ran in. */
export interface RowOutcome<R> {
  row: R;
  /** The filed ticket, or null when the row expects none (and none was filed). */
  view: TicketView | null;
  /** What the bot answered to the last message. */
  last: Partial<Activity>[];
  h: Harness;
}

/**
 * Table tests of whole conversations, inside the caller's `describe` (whose hooks give each test a
 * fresh harness, read through `harness`): one `describe` per group, one `it` per row with its own
 * person (`<group>-<i>`). The dialog must end in the row's status; a row expecting no ticket must
 * file nothing, else its ticket is found from the last reply. `check` asserts the rest.
 */
export function describeConversations<R extends ConversationRow>(
  groups: readonly (readonly [string, readonly R[]])[],
  harness: () => Harness,
  expected: (row: R) => RowEnd,
  check: (outcome: RowOutcome<R>) => Promise<void>,
): void {
  for (const [group, rows] of groups) {
    describe(group, () => {
      rows.forEach((row, i) => {
        it(row.name, async () => {
          const h = harness();
          const user = `${group.replace(/\s/g, '-')}-${i}`;
          const channelId = row.channelId ?? 'test';
          const chat = h.client(user, undefined, {
            channelId,
            ...(row.locale ? { locale: row.locale } : {}),
          });
          const last = await exchange(chat, row.turns);
          const end = expected(row);
          assert.equal(chat.dialogTurnResult.status, end.status);
          const requester = `${channelId}:${user}`;
          let view: TicketView | null = null;
          if (end.ticket) {
            view = await h.tickets.findForRequester(ticketIdIn(last), requester);
            assert.ok(view, 'the ticket is filed under the requester');
          } else {
            assert.deepEqual(await h.tickets.listForRequester(requester), [], 'no ticket is filed');
          }
          await check({ row, view, last, h });
        });
      });
    });
  }
}
