import { TextFormatTypes } from 'botbuilder';
import { z } from 'zod';

/** What the outside may send, parsed at the boundary. Unknown fields are dropped, not trusted. */

export const MAX_TEXT_CHARS = 10_000;
/** An activity body bigger than this is refused with 413 before it is parsed further. */
export const MAX_ACTIVITY_BYTES = 64 * 1024;

type JsonObject = Record<string, unknown>;

function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** z.custom keeps the object as sent (channelData must come back unchanged in the echo). */
const jsonObject = z.custom<JsonObject>(isJsonObject, 'expected a JSON object');

/** Ids we mint: 22 base64url characters; tolerant of other Direct Line-style ids. */
export const ConversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** A user id a server-side caller (holding the secret) may choose. */
export const UserIdSchema = z.string().regex(/^[A-Za-z0-9_:.@-]{1,128}$/);
/** A user id a browser may bring back to keep its identity: only ids this server minted. */
export const WebChatUserIdSchema = z.string().regex(/^dl_[A-Za-z0-9_-]{8,64}$/);

const AccountSchema = z.object({
  id: z.string().min(1).max(256),
  name: z.string().max(256).optional(),
});

/** POST /v3/directline/conversations/:id/activities */
export const InboundActivitySchema = z.object({
  type: z.string().min(1).max(64),
  text: z.string().max(MAX_TEXT_CHARS).optional(),
  textFormat: z.enum(TextFormatTypes).optional(),
  locale: z.string().max(35).optional(),
  localTimestamp: z.iso.datetime({ offset: true }).optional(),
  localTimezone: z.string().max(64).optional(),
  from: AccountSchema.optional(),
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
});
export type InboundActivity = z.infer<typeof InboundActivitySchema>;

/** POST /v3/directline/conversations (directlinejs sends `{user: {id?}, locale?}` or nothing). */
export const StartConversationSchema = z
  .object({
    user: z
      .object({ id: UserIdSchema.optional(), name: z.string().max(256).optional() })
      .optional(),
    locale: z.string().max(35).optional(),
  })
  .optional();

/** POST /v3/directline/tokens/generate */
export const GenerateTokenSchema = z
  .object({
    user: z
      .object({ id: UserIdSchema.optional(), name: z.string().max(256).optional() })
      .optional(),
  })
  .optional();

/** POST /api/webchat/token */
export const WebChatTokenSchema = z
  .object({
    userId: WebChatUserIdSchema.optional(),
    userKey: z.string().max(100).optional(),
  })
  .optional();

/** A watermark from a query string; anything unreadable means "from the start", never an error. */
export function parseWatermark(value: unknown): number {
  if (typeof value !== 'string' || !/^\d{1,15}$/.test(value)) return 0;
  return Number(value);
}
