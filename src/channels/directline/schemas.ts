import { z } from 'zod';

/** What the outside may send, parsed at the boundary. Unknown fields are dropped, not trusted. */

/** An activity body bigger than this is refused with 413 before it is parsed further. */
export const MAX_ACTIVITY_BYTES = 64 * 1024;

/** Ids we mint: 22 base64url characters; tolerant of other Direct Line-style ids. */
export const ConversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** A user id a server-side caller (holding the secret) may choose. */
export const UserIdSchema = z.string().regex(/^[A-Za-z0-9_:.@-]{1,128}$/);
/** A user id a browser may bring back to keep its identity: only ids this server minted. */
export const WebChatUserIdSchema = z.string().regex(/^dl_[A-Za-z0-9_-]{8,64}$/);

/** POST /v3/directline/conversations/:id/activities: the schema both inbound paths share. */
export {
  DirectLineActivitySchema as InboundActivitySchema,
  type DirectLineActivity as InboundActivity,
} from '../inboundActivity';

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
