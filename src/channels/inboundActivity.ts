import { TextFormatTypes, type Activity } from 'botbuilder';
import { z, type ZodType } from 'zod';
import { HotlineError, UnsupportedMediaTypeError } from '../core/errors';
import { exceedsJsonDepth, isJsonContentType, MAX_JSON_DEPTH } from '../core/json';

/**
 * What a client may send as an activity, on both inbound paths: POST /api/messages (Bot
 * Framework: Emulator, Teams) and POST /v3/directline/conversations/:id/activities (Web Chat).
 * One definition of the fields the bot reads; each path adds its envelope. Parsed at the
 * boundary, so the inside never meets `text` as an object or a missing conversation.
 */

export class BadActivityError extends HotlineError {
  constructor(message: string) {
    super('BAD_ARGUMENT', message, 400);
  }
}

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** z.custom keeps the object as sent (channelData must come back unchanged in the echo). */
const jsonObject = z.custom<JsonObject>(isJsonObject, 'expected a JSON object');

const Account = z.looseObject({
  id: z.string().min(1).max(256),
  name: z.string().max(256).optional(),
});

/** The fields of an activity the bot reads, whichever way it came in. */
const content = {
  type: z.string().min(1).max(64),
  text: z.string().optional(),
  textFormat: z.enum(TextFormatTypes).optional(),
  locale: z.string().max(35).optional(),
  localTimestamp: z.iso.datetime({ offset: true }).optional(),
  localTimezone: z.string().max(64).optional(),
  name: z.string().max(256).optional(),
  value: z.unknown().optional(),
  valueType: z.string().max(256).optional(),
  channelData: jsonObject.optional(),
  entities: z
    .array(z.looseObject({ type: z.string().max(256) }))
    .max(32)
    .optional(),
  attachments: z
    .array(z.looseObject({ contentType: z.string().max(256) }))
    .max(10)
    .optional(),
  replyToId: z.string().max(256).optional(),
};

/**
 * Direct Line: the client sends the content; the server supplies channel, conversation and
 * recipient itself, so unknown fields are dropped, and `from` only names the person.
 */
export const DirectLineActivitySchema = z.object({
  ...content,
  from: z
    .object({ id: z.string().min(1).max(256), name: z.string().max(256).optional() })
    .optional(),
});
export type DirectLineActivity = z.infer<typeof DirectLineActivitySchema>;

/**
 * Bot Framework: the channel sends the whole activity, including fields of its own (Teams'
 * tenant, mentions...) that botbuilder reads, so unknown fields pass through.
 */
export const BotFrameworkActivitySchema = z.looseObject({
  ...content,
  id: z.string().max(256).optional(),
  channelId: z.string().min(1).max(64),
  serviceUrl: z.string().min(1).max(2048),
  timestamp: z.iso.datetime({ offset: true }).optional(),
  expiration: z.iso.datetime({ offset: true }).optional(),
  from: Account,
  recipient: Account.optional(),
  conversation: z.looseObject({ id: z.string().min(1).max(512) }),
  deliveryMode: z.string().max(32).optional(),
  membersAdded: z.array(Account).max(256).optional(),
  membersRemoved: z.array(Account).max(256).optional(),
});

/**
 * `body` is botbuilder's Activity once `parsed`, its parse by BotFrameworkActivitySchema, exists:
 * the parse is the evidence, and is not run a second time to say so (a turn parsed every
 * activity twice).
 */
function isParsedActivity(
  body: unknown,
  _parsed: z.output<typeof BotFrameworkActivitySchema>,
): body is Activity {
  return typeof body === 'object' && body !== null;
}

/**
 * The checks every inbound activity passes before its schema: JSON by content type, an
 * object, and no deeper than MAX_JSON_DEPTH. Then `schema`; its first issue, by path, is the
 * 400's message (zod's wording, never a stack or an internal error).
 */
export function parseInbound<T>(
  schema: ZodType<T>,
  contentType: string | string[] | undefined,
  body: unknown,
): T {
  if (!isJsonContentType(contentType)) throw new UnsupportedMediaTypeError();
  if (!isJsonObject(body)) throw new BadActivityError('body: expected a JSON object');
  if (exceedsJsonDepth(body, MAX_JSON_DEPTH)) {
    throw new BadActivityError(`body: nested deeper than ${MAX_JSON_DEPTH} levels`);
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new BadActivityError(
      `${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`,
    );
  }
  return parsed.data;
}

/**
 * A Bot Framework activity as botbuilder wants it: checked by BotFrameworkActivitySchema, with
 * its timestamps as Dates (what botbuilder's private activityValidator did).
 */
export function parseBotFrameworkActivity(
  contentType: string | string[] | undefined,
  body: unknown,
): Activity {
  const fields = parseInbound(BotFrameworkActivitySchema, contentType, body);
  if (!isParsedActivity(body, fields)) throw new BadActivityError('body: expected a JSON object');
  const activity = body;
  if (fields.timestamp !== undefined) {
    activity.timestamp = new Date(fields.timestamp);
  }
  if (fields.expiration !== undefined) {
    activity.expiration = new Date(fields.expiration);
  }
  if (fields.localTimestamp !== undefined) {
    activity.localTimestamp = new Date(fields.localTimestamp);
  }
  return activity;
}
