import { TurnContext, type Activity } from 'botbuilder';
import { z } from 'zod';
import { TenantIdSchema } from './tenantDirectory';

export const TEAMS_CHANNEL_ID = 'msteams';

/** Who wrote, from which tenant, in what kind of Teams conversation. */
export interface TeamsIdentity {
  /** channelData.tenant.id, else conversation.tenantId; null if Teams sent neither. */
  tenantId: string | null;
  /** The person's Entra ID (AAD) object id. */
  aadObjectId: string | null;
  userName: string | null;
  /** 1:1 with the bot, or a group chat / team channel where the bot answers only when @mentioned. */
  shared: boolean;
}

const optional = <T extends z.ZodType>(schema: T) => schema.optional().catch(undefined);

/** Only what the bot reads; anything malformed reads as absent rather than failing the turn. */
const TeamsActivitySchema = z.object({
  channelData: optional(z.object({ tenant: optional(z.object({ id: optional(TenantIdSchema) })) })),
  conversation: z.object({
    tenantId: optional(TenantIdSchema),
    conversationType: optional(z.string()),
    isGroup: optional(z.boolean()),
  }),
  from: z.object({ aadObjectId: optional(z.string().min(1)), name: optional(z.string()) }),
});

const MentionSchema = z.object({
  mentioned: z.object({ id: z.string() }),
  text: z.string().min(1),
});

export function isTeams(activity: Partial<Activity>): boolean {
  return activity.channelId === TEAMS_CHANNEL_ID;
}

/** The Teams identity of an activity; null for other channels. */
export function teamsIdentity(activity: Partial<Activity>): TeamsIdentity | null {
  if (!isTeams(activity)) return null;
  const parsed = TeamsActivitySchema.safeParse(activity);
  if (!parsed.success) return null;
  const { channelData, conversation, from } = parsed.data;
  const type = conversation.conversationType;
  return {
    tenantId: channelData?.tenant?.id ?? conversation.tenantId ?? null,
    aadObjectId: from.aadObjectId ?? null,
    userName: from.name ?? null,
    shared:
      type === 'groupChat' || type === 'channel' || (type === undefined && !!conversation.isGroup),
  };
}

/** The texts by which this activity @mentions the bot (e.g. `<at>12345热线</at>`). */
function botMentionTexts(activity: Partial<Activity>): string[] {
  const botId = activity.recipient?.id;
  if (botId === undefined || activity.entities === undefined) return [];
  return TurnContext.getMentions(activity).flatMap((entity) => {
    const mention = MentionSchema.safeParse(entity);
    return mention.success && mention.data.mentioned.id === botId ? [mention.data.text] : [];
  });
}

/** In a group chat or channel the bot speaks only when spoken to; 1:1 always. */
export function isAddressedToBot(activity: Partial<Activity>): boolean {
  const identity = teamsIdentity(activity);
  return identity === null || !identity.shared || botMentionTexts(activity).length > 0;
}

/**
 * Removes every @mention of the bot from the text, so the dialogs see "我要投诉…" and not
 * "<at>12345热线</at> 我要投诉…". Other people's mentions stay: they may be part of the request.
 */
export function stripBotMention(activity: Partial<Activity>): void {
  const mentions = botMentionTexts(activity);
  if (mentions.length === 0 || activity.text === undefined) return;
  // Unlike TurnContext.removeRecipientMention, every occurrence goes, not just the first.
  let text = activity.text;
  for (const mention of mentions) text = text.split(mention).join(' ');
  activity.text = text.replace(/[ \t\u00a0]{2,}/g, ' ').trim();
}
